using ConnectorLint.Diagnostics;
using System.Text;

namespace ConnectorLint.Reporting;

/// <summary>A review summary for admins and for $GITHUB_STEP_SUMMARY: counts, then a table with links to the rule pages.</summary>
public sealed class MarkdownReportWriter(string repositoryRoot, string heading = "ConnectorLint") : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        var builder = new StringBuilder();
        builder.Append("## ").Append(heading).Append("\n\n");
        var files = report.Files.Count == 1 ? "1 file" : $"{report.Files.Count} files";
        if (report.Failure is { } failure)
        {
            var where = failure.Span is { } span ? $" (`{MarkdownText.Code(RepositoryPath.Relative(span.File, repositoryRoot))}:{span.Line}`)" : "";
            builder.Append("**ConnectorLint could not run**").Append(where).Append(": ").Append(Cell(failure.Message)).Append('\n');
        }
        else if (report.Findings.Count == 0)
        {
            builder.Append("No findings in ").Append(files).Append(".\n");
        }
        else
        {
            builder.Append($"| Errors | Warnings | Notes | Files |\n|---:|---:|---:|---:|\n");
            builder.Append($"| {report.Count(Severity.Error)} | {report.Count(Severity.Warning)} | {report.Count(Severity.Note)} | {report.Files.Count} |\n\n");
            builder.Append("| Severity | Rule | Location | Finding |\n|---|---|---|---|\n");
            foreach (var finding in report.Findings)
            {
                var icon = finding.Severity switch
                {
                    Severity.Error => ":x: error",
                    Severity.Warning => ":warning: warning",
                    _ => ":information_source: note",
                };
                var location = $"{RepositoryPath.Relative(finding.Span.File, repositoryRoot)}:{finding.Span.Line}:{finding.Span.Column}";
                builder.Append($"| {icon} | [{finding.RuleId}]({finding.HelpUri}) | `{MarkdownText.Code(location)}` | {Cell(finding.Message)} |\n");
            }
        }

        if (report.Plan is { } plan)
        {
            builder.Append("\n### DNS drift plan\n\n| Domain | Record | State | In the file | Live |\n|---|---|---|---|---|\n");
            foreach (var domain in plan.Domains)
            {
                foreach (var record in domain.Records)
                {
                    var state = record.State switch
                    {
                        Drift.RecordState.InSync => "in sync",
                        Drift.RecordState.Drift => "**drift**",
                        _ => "unknown",
                    };
                    builder.Append($"| {Cell(domain.Domain)} | {Cell(record.Type)} {(record.Name == domain.Domain ? "" : Cell(record.Name))} | {state} | {string.Join("<br>", record.Desired.Select(Cell))} | {string.Join("<br>", record.Live.Select(Cell))} |\n");
                }
            }
        }

        output.Write(builder.ToString());
    }

    /// <summary>Table cells and prose: text from the file under review, never markup.</summary>
    public static string Cell(string text) => MarkdownText.Inline(text);
}
