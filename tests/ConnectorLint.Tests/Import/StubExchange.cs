using System.Text.Json;
using ConnectorLint.Model;

namespace ConnectorLint.Tests.Import;

/// <summary>One export the stub Exchange module makes: its organization, side, format and target folder.</summary>
public sealed record StubJob(string State, string? Path, string Side, string Format = "Json", string? Forest = null, IReadOnlyList<string>? Without = null, string? Failing = null, bool Raw = false, string? Script = null, bool WhatIf = false)
{
    /// <summary>With <see cref="Script"/>: the plan's steps to run (its -From and -To).</summary>
    public int? From { get; init; }

    public int? To { get; init; }
}

/// <summary>
/// Exchange organizations for tests/exchange-stub: an example's objects written as the organization's
/// state (what its cmdlets return), and the exports PowerShell makes of them by running
/// tools/Export-MailFlowState.ps1 (or Export-Clixml of the whole objects) in one pwsh process.
/// </summary>
public static class StubExchange
{
    private static readonly string Driver = System.IO.Path.Combine(TestPaths.RepositoryRoot, "tests", "exchange-stub", "Invoke-StubExport.ps1");

    /// <summary>The organization an example describes, in the export's own layout and texts.</summary>
    public static void WriteState(DesiredState state, string folder) => ExportShapes.Write(state, folder, ExportShape.PowerShell7Json);

    /// <summary>Runs the jobs; each one's error, or null when it succeeded.</summary>
    public static IReadOnlyList<string?> Run(IReadOnlyList<StubJob> jobs, string workFolder)
    {
        if (Environment.GetEnvironmentVariable("CONNECTORLINT_STUB_EXPORT_CACHE") is { Length: > 0 } cache && jobs.All(j => j.Script is null))
        {
            return StubExportCache.Run(cache, jobs, () => RunInPowerShell(jobs, workFolder));
        }

        return RunInPowerShell(jobs, workFolder);
    }

    private static IReadOnlyList<string?> RunInPowerShell(IReadOnlyList<StubJob> jobs, string workFolder)
    {
        var file = System.IO.Path.Combine(workFolder, $"jobs-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(jobs));
        var (exitCode, output, error) = PowerShellTool.RunFile(Driver, "-Jobs", file);
        if (exitCode != 0 || !File.Exists(file + ".result.json"))
        {
            throw new InvalidOperationException($"pwsh exited {exitCode}: {error}{output}");
        }

        using var results = JsonDocument.Parse(File.ReadAllText(file + ".result.json"));
        return [.. results.RootElement.EnumerateArray().Select(r => r.GetProperty("Error").GetString())];
    }
}
