using ConnectorLint.Cli;

namespace ConnectorLint.Tests.Cli;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the command line in-process, as a user would, capturing both streams.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }
}
