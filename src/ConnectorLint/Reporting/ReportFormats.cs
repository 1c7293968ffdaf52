namespace ConnectorLint.Reporting;

/// <summary>How a writer is to write: where paths are relative to, colour, the summary's heading, one line per finding.</summary>
public sealed record WriterOptions(string RepositoryRoot, bool Color = false, string Heading = "ConnectorLint", bool Quiet = false);

/// <summary>
/// One output format: its name on the command line, what it is for (the help text), its writer, and
/// whether it has a place to say that the run failed (SARIF's notifications, GitHub's ::error, the
/// summary); text and JSON leave that to standard error.
/// </summary>
public sealed record ReportFormat(string Name, string Purpose, Func<WriterOptions, IReportWriter> Writer, bool SaysTheRunFailed);

/// <summary>The formats of lint, drift and probe, once: the option's values, its help and its writers come from here.</summary>
public static class ReportFormats
{
    public static readonly ReportFormat Text = new("text", "for a terminal", o => new TextReportWriter(o.Color, o.Quiet), false);

    public static IReadOnlyList<ReportFormat> All { get; } =
    [
        Text,
        new("json", "for scripts, see docs/json-output.md", _ => new JsonReportWriter(), false),
        new("sarif", "SARIF 2.1.0 for code scanning", o => new SarifReportWriter(o.RepositoryRoot), true),
        new("github", "workflow-command annotations for GitHub Actions", o => new GitHubReportWriter(o.RepositoryRoot), true),
        new("markdown", "a summary for $GITHUB_STEP_SUMMARY or a pull-request comment", o => new MarkdownReportWriter(o.RepositoryRoot, o.Heading), true),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    public static ReportFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);
}
