using ConnectorLint.Diagnostics;
using System.Text.Json;

namespace ConnectorLint.Reporting;

/// <summary>
/// The stable JSON shape (docs/json-output.md): tool, files, summary, findings. Keys are never
/// renamed or removed within a major version; new keys may be added.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        IndentedJson.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteString("name", "connectorlint");
            json.WriteString("version", report.ToolVersion);
            json.WriteEndObject();
            json.WriteStartArray("files");
            foreach (var file in report.Files)
            {
                json.WriteStringValue(file.Path);
            }

            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("error", report.Count(Severity.Error));
            json.WriteNumber("warning", report.Count(Severity.Warning));
            json.WriteNumber("note", report.Count(Severity.Note));
            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                WriteFinding(json, finding);
            }

            json.WriteEndArray();
            if (report.Plan is { } plan)
            {
                WritePlan(json, plan);
            }

            json.WriteEndObject();
        });
    }

    private static void WritePlan(Utf8JsonWriter json, Drift.DriftPlan plan)
    {
        json.WriteStartObject("plan");
        json.WriteNumber("queries", plan.Queries);
        json.WriteNumber("failedQueries", plan.FailedQueries);
        json.WriteStartArray("domains");
        foreach (var domain in plan.Domains)
        {
            json.WriteStartObject();
            json.WriteString("domain", domain.Domain);
            json.WriteString("state", StateName(domain.State));
            json.WriteStartArray("records");
            foreach (var record in domain.Records)
            {
                json.WriteStartObject();
                json.WriteString("name", record.Name);
                json.WriteString("type", record.Type);
                json.WriteString("state", StateName(record.State));
                WriteStrings(json, "desired", record.Desired);
                WriteStrings(json, "live", record.Live);
                WriteStrings(json, "remove", record.OnlyLive);
                WriteStrings(json, "publish", record.OnlyDesired);
                if (record.Note is not null)
                {
                    json.WriteString("note", record.Note);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string StateName(Drift.RecordState state) => state switch
    {
        Drift.RecordState.InSync => "inSync",
        Drift.RecordState.Drift => "drift",
        _ => "unknown",
    };

    internal static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("message", finding.Message);
        json.WriteString("file", finding.Span.File);
        json.WriteNumber("line", finding.Span.Line);
        json.WriteNumber("column", finding.Span.Column);
        json.WriteNumber("endLine", finding.Span.EndLine);
        json.WriteNumber("endColumn", finding.Span.EndColumn);
        json.WriteString("helpUri", finding.HelpUri);
        json.WriteEndObject();
    }
}
