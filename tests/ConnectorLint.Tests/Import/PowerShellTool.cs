using System.Diagnostics;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// PowerShell 7.6.10, the .NET tool of the repository's manifest (dotnet-tools.json, restored by
/// tests/run.sh): the tests run real scripts with it rather than guess what PowerShell writes.
/// </summary>
internal static class PowerShellTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs a script file; stdout and stderr, and the exit code.</summary>
    public static (int ExitCode, string Output, string Error) RunFile(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File", script, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsh {script} ran longer than {Timeout.TotalMinutes} minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
