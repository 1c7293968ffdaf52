using System.Text;
using ConnectorLint.Cli;

// Console.Out flushes on every line: a write system call per finding or per SPF batch line. When
// the output goes to a pipe or a file, buffer it and flush once; on a terminal, keep it immediate.
var stdout = Console.IsOutputRedirected
    ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { AutoFlush = false }
    : Console.Out;
try
{
    return await CommandLineApp.RunAsync(args, stdout, Console.Error);
}
finally
{
    await stdout.FlushAsync();
}
