using System.CommandLine;
using ConnectorLint.Cli;

return await CommandLineApp.RunAsync(args, Console.Out, Console.Error);
