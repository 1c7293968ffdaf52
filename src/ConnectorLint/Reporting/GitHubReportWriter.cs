using ConnectorLint.Diagnostics;
using System.Text;

namespace ConnectorLint.Reporting;

/// <summary>
/// GitHub Actions workflow commands, one per finding. Every value is escaped as the runner requires,
/// so nothing taken from the file under review can end a command or start a new one. GitHub shows
/// only the first 10 annotations of each level per step; the rest are counted in a closing notice.
/// </summary>
public sealed class GitHubReportWriter(string repositoryRoot, int perLevelLimit = 10) : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        if (report.Failure is { } failure)
        {
            var at = failure.Span is { } span
                ? $"file={EscapeProperty(RepositoryPath.Relative(span.File, repositoryRoot))},line={Math.Max(1, span.Line)},col={Math.Max(1, span.Column)},"
                : "";
            output.Write($"::error {at}title=ConnectorLint could not run::{EscapeData(failure.Message)}\n");
            return;
        }

        var shown = new Dictionary<Severity, int>();
        var omitted = new Dictionary<Severity, int>();
        foreach (var finding in report.Findings)
        {
            // Keep one notice free for the line that counts what was left out.
            var limit = finding.Severity == Severity.Note ? perLevelLimit - 1 : perLevelLimit;
            var count = shown.GetValueOrDefault(finding.Severity);
            if (count >= limit)
            {
                omitted[finding.Severity] = omitted.GetValueOrDefault(finding.Severity) + 1;
                continue;
            }

            shown[finding.Severity] = count + 1;
            var command = finding.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                _ => "notice",
            };
            var span = finding.Span;
            var properties = new StringBuilder()
                .Append("file=").Append(EscapeProperty(RepositoryPath.Relative(span.File, repositoryRoot)))
                .Append(",line=").Append(span.Line)
                .Append(",col=").Append(span.Column)
                .Append(",endLine=").Append(Math.Max(span.Line, span.EndLine))
                .Append(",endColumn=").Append(Math.Max(span.Column, span.EndColumn))
                .Append(",title=").Append(EscapeProperty(finding.RuleId));
            output.Write($"::{command} {properties}::{EscapeData($"{finding.Message}\n{finding.HelpUri}")}\n");
        }

        if (omitted.Count > 0)
        {
            var parts = omitted.OrderByDescending(p => p.Key).Select(p => $"{p.Value} more {p.Key.ToName()}{(p.Value == 1 ? "" : "s")}");
            var text = $"{string.Join(", ", parts)} not annotated (GitHub shows {perLevelLimit} per level); the step summary and the SARIF file list all {report.Findings.Count} findings.";
            output.Write($"::notice title=ConnectorLint::{EscapeData(text)}\n");
        }

        output.Write(EscapeData(TextReportWriter.Summary(report)) + "\n");
    }

    /// <summary>The runner's escaping of a command's message.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>The runner's escaping of a property value: also ':' and ','.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);
}
