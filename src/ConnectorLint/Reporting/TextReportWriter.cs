using ConnectorLint.Diagnostics;
using System.Text;

namespace ConnectorLint.Reporting;

/// <summary>
/// file:line:col: severity CL###: message, then the source line with a caret under the column
/// (as actionlint and compilers do), then a one-line summary. Quiet: the first lines only.
/// </summary>
public sealed class TextReportWriter(bool color, bool quiet = false) : IReportWriter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";

    /// <summary>Long lines (a minified value, a 50 MB comment) are cut so the excerpt stays readable.</summary>
    private const int MaxExcerpt = 160;

    public void Write(LintReport report, TextWriter output)
    {
        if (report.Plan is { } plan && !quiet)
        {
            WritePlan(plan, output);
        }

        foreach (var finding in report.Findings)
        {
            var span = finding.Span;
            var severity = finding.Severity.ToName();
            // A message may carry detail lines (the SPF lookup tree); each is printed indented, sanitised.
            var messageLines = finding.Message.Split('\n');
            output.WriteLine(
                $"{Paint(Bold, $"{span.File}:{span.Line}:{span.Column}:")} {Paint(SeverityColor(finding.Severity), severity)} {Paint(Bold, finding.RuleId)}: {Printable(messageLines[0])}");
            if (quiet)
            {
                continue;
            }

            foreach (var detail in messageLines.Skip(1))
            {
                output.WriteLine($"   {Printable(detail)}");
            }

            var lines = report.LinesOf(span.File);
            if (lines is not null && span.Line >= 1 && span.Line <= lines.Count)
            {
                var source = lines[span.Line - 1];
                if (source.Length > MaxExcerpt)
                {
                    source = source[..Math.Max(MaxExcerpt, Math.Min(source.Length, span.Column + 40))];
                }

                var gutter = span.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                output.WriteLine($" {Paint(Dim, gutter + " |")} {Printable(source)}");
                var width = span.EndLine == span.Line && span.EndColumn > span.Column ? span.EndColumn - span.Column : 1;
                width = Math.Max(1, Math.Min(width, Math.Max(1, source.Length - span.Column + 1)));
                var pad = new StringBuilder();
                for (var i = 0; i < span.Column - 1 && i < source.Length; i++)
                {
                    pad.Append(source[i] == '\t' ? '\t' : ' ');
                }

                output.WriteLine($" {Paint(Dim, new string(' ', gutter.Length) + " |")} {pad}{Paint(SeverityColor(finding.Severity), "^" + new string('~', width - 1))}");
            }

            output.WriteLine($"   {Paint(Dim, "help: " + finding.HelpUri)}");
        }

        if (!quiet)
        {
            output.WriteLine(Summary(report));
        }
    }

    /// <summary>Drift as a plan: per domain and record, '-' what DNS has that the file does not, '+' what the file wants published.</summary>
    private void WritePlan(Drift.DriftPlan plan, TextWriter output)
    {
        foreach (var domain in plan.Domains)
        {
            output.WriteLine(Paint(Bold, Printable(domain.Domain)));
            foreach (var record in domain.Records)
            {
                var state = record.State switch
                {
                    Drift.RecordState.InSync => Paint("\u001b[32m", "in sync"),
                    Drift.RecordState.Drift => Paint("\u001b[31;1m", "drift"),
                    _ => Paint("\u001b[33;1m", "unknown" + (record.Note is null ? "" : $" ({Printable(record.Note)})")),
                };
                var name = record.Name == domain.Domain ? "" : " " + Printable(record.Name);
                output.WriteLine($"  {record.Type}{name}: {state}");
                if (record.State != Drift.RecordState.Drift)
                {
                    continue;
                }

                foreach (var live in record.OnlyLive)
                {
                    output.WriteLine(Paint("\u001b[31m", $"    - {Printable(live)}") + Paint(Dim, "   (live, not in the file)"));
                }

                foreach (var desired in record.OnlyDesired)
                {
                    output.WriteLine(Paint("\u001b[32m", $"    + {Printable(desired)}") + Paint(Dim, "   (in the file, not live)"));
                }

                if (record.Note is not null)
                {
                    output.WriteLine(Paint(Dim, $"    ({Printable(record.Note)})"));
                }
            }
        }

        var drifted = plan.Domains.Count(d => d.State == Drift.RecordState.Drift);
        var unknown = plan.Domains.Count(d => d.State == Drift.RecordState.Unknown);
        output.WriteLine($"plan: {plan.Domains.Count - drifted - unknown} in sync, {drifted} drifted, {unknown} unknown; {plan.Queries} DNS queries, {plan.FailedQueries} failed");
        output.WriteLine();
    }

    public static string Summary(LintReport report)
    {
        var files = report.Files.Count == 1 ? "1 file" : $"{report.Files.Count} files";
        var others = report.OtherYamlFiles switch
        {
            0 => "",
            1 => "; 1 other YAML file is not a desired-state file",
            var n => $"; {n} other YAML files are not desired-state files",
        };
        if (report.Findings.Count == 0)
        {
            return $"no findings in {files}{others}";
        }

        return $"{Plural(report.Count(Severity.Error), "error")}, {Plural(report.Count(Severity.Warning), "warning")}, {Plural(report.Count(Severity.Note), "note")} in {files}{others}";
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    private string Paint(string code, string text) => color ? code + text + Reset : text;

    private static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Error => "\u001b[31;1m",
        Severity.Warning => "\u001b[33;1m",
        _ => "\u001b[36;1m",
    };

    private static string Printable(string text) => PrintableText.Escape(text);
}
