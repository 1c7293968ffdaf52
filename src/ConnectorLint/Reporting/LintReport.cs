using ConnectorLint.Diagnostics;
using ConnectorLint.Model;

namespace ConnectorLint.Reporting;

/// <summary>One file that was examined, with its lines for source excerpts.</summary>
public sealed record ReportFile(string Path, IReadOnlyList<string> Lines);

/// <summary>Why a run could not do its job, and where when that is known (a line of the configuration).</summary>
public sealed record ToolFailure(string Message, SourceSpan? Span);

/// <summary>What every writer receives: the files looked at and the findings, already sorted; for drift, the plan.</summary>
public sealed record LintReport(string ToolVersion, IReadOnlyList<ReportFile> Files, IReadOnlyList<Finding> Findings, Drift.DriftPlan? Plan = null)
{
    /// <summary>Set when the run could not finish: the writers that CI reads (SARIF, GitHub, the summary) say so.</summary>
    public ToolFailure? Failure { get; init; }

    /// <summary>YAML files the folders held that are not desired-state files, left alone.</summary>
    public int OtherYamlFiles { get; init; }

    /// <summary>For probe: how many endpoints were asked and how many answered.</summary>
    public Probe.ProbeSummary? Probe { get; init; }

    public static LintReport Failed(string message, SourceSpan? span) =>
        new(EngineVersion, [], []) { Failure = new ToolFailure(message, span) };

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    public IReadOnlyList<string>? LinesOf(string path) => Files.FirstOrDefault(f => f.Path == path)?.Lines;

    public static string EngineVersion => Loading.DesiredStateSchema.EngineVersion;
}

public interface IReportWriter
{
    void Write(LintReport report, TextWriter output);
}
