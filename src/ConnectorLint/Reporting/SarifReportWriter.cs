using ConnectorLint.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ConnectorLint.Rules;

namespace ConnectorLint.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning: every rule in tool.driver, repository-relative locations
/// under %SRCROOT%, and partialFingerprints so a finding keeps its identity across commits.
/// </summary>
public sealed partial class SarifReportWriter(string repositoryRoot) : IReportWriter
{
    public const string InformationUri = "https://github.com/connectorlint/connectorlint";

    /// <summary>GitHub code scanning takes at most this many results from one run.</summary>
    public const int MaxResults = 25_000;

    public void Write(LintReport report, TextWriter output)
    {
        var rules = RuleCatalog.Descriptors;
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        IndentedJson.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "ConnectorLint");
            json.WriteString("version", report.ToolVersion);
            json.WriteString("semanticVersion", report.ToolVersion);
            json.WriteString("informationUri", InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("name", IdentifierOf(rule.Title));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title);
                json.WriteEndObject();
                json.WriteStartObject("fullDescription");
                json.WriteString("text", $"{rule.Title}. Prevents: {rule.Prevents}.");
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpUri);
                json.WriteStartObject("help");
                json.WriteString("text", $"{rule.Title}. Prevents: {rule.Prevents}. See {rule.HelpUri}");
                if (RuleDocumentation.Page(rule.Id) is { } page)
                {
                    json.WriteString("markdown", page);
                }

                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity));
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteStartArray("tags");
                json.WriteStringValue("exchange");
                json.WriteStringValue(rule.Category);
                if (rule.SecuritySeverity is not null)
                {
                    json.WriteStringValue("security");
                }

                json.WriteEndArray();
                if (rule.SecuritySeverity is { } score)
                {
                    json.WriteString("security-severity", score);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject("%SRCROOT%");
            json.WriteString("uri", new Uri(repositoryRoot.EndsWith('/') ? repositoryRoot : repositoryRoot + "/").AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("artifacts");
            foreach (var file in report.Files)
            {
                json.WriteStartObject();
                json.WriteStartObject("location");
                json.WriteString("uri", UriOf(file.Path));
                json.WriteString("uriBaseId", "%SRCROOT%");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            var shown = report.Findings.Take(MaxResults).ToList();
            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", report.Failure is null);
            if (report.Failure is { } failure)
            {
                json.WriteStartArray("toolExecutionNotifications");
                json.WriteStartObject();
                json.WriteString("level", "error");
                json.WriteStartObject("message");
                json.WriteString("text", failure.Message);
                json.WriteEndObject();
                if (failure.Span is { } at)
                {
                    json.WriteStartArray("locations");
                    json.WriteStartObject();
                    json.WriteStartObject("physicalLocation");
                    json.WriteStartObject("artifactLocation");
                    json.WriteString("uri", UriOf(at.File));
                    json.WriteString("uriBaseId", "%SRCROOT%");
                    json.WriteEndObject();
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", Math.Max(1, at.Line));
                    json.WriteNumber("startColumn", Math.Max(1, at.Column));
                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteEndObject();
                json.WriteEndArray();
            }
            else if (report.Findings.Count > MaxResults)
            {
                json.WriteStartArray("toolExecutionNotifications");
                json.WriteStartObject();
                json.WriteString("level", "warning");
                json.WriteStartObject("message");
                json.WriteString("text", $"{report.Findings.Count} findings; code scanning accepts {MaxResults} per run, so the first {MaxResults} (in file and line order) are here. Run connectorlint with --format text to see them all.");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartArray("results");
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var finding in shown)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                if (index.TryGetValue(finding.RuleId, out var ruleIndex))
                {
                    json.WriteNumber("ruleIndex", ruleIndex);
                }

                json.WriteString("level", Level(finding.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", finding.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", UriOf(finding.Span.File));
                json.WriteString("uriBaseId", "%SRCROOT%");
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", Math.Max(1, finding.Span.Line));
                json.WriteNumber("startColumn", Math.Max(1, finding.Span.Column));
                json.WriteNumber("endLine", Math.Max(finding.Span.Line, finding.Span.EndLine));
                json.WriteNumber("endColumn", EndColumn(finding));
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("partialFingerprints");
                var fingerprint = Fingerprint(finding, report);
                seen[fingerprint] = seen.TryGetValue(fingerprint, out var n) ? n + 1 : 1;
                json.WriteString("connectorlint/v1", $"{fingerprint}:{seen[fingerprint]}");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static int EndColumn(Finding finding)
    {
        var end = finding.Span.EndColumn;
        if (finding.Span.EndLine <= finding.Span.Line && end <= finding.Span.Column)
        {
            return finding.Span.Column + 1;
        }

        return Math.Max(1, end);
    }

    private string UriOf(string path) =>
        string.Join('/', RepositoryPath.Relative(path, repositoryRoot).Split('/').Select(Uri.EscapeDataString));

    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary>
    /// Stable across commits: the rule, the file, the message without line numbers, and the source line's
    /// text, not its number, so that inserting lines above a finding keeps its identity.
    /// </summary>
    private string Fingerprint(Finding finding, LintReport report)
    {
        var lines = report.LinesOf(finding.Span.File);
        var source = lines is not null && finding.Span.Line >= 1 && finding.Span.Line <= lines.Count ? lines[finding.Span.Line - 1].Trim() : "";
        var message = LineNumbers().Replace(finding.Message, "line N");
        var input = $"{finding.RuleId}\n{RepositoryPath.Relative(finding.Span.File, repositoryRoot)}\n{message}\n{source}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..32];
    }

    [GeneratedRegex(@"line \d+", RegexOptions.NonBacktracking)]
    private static partial Regex LineNumbers();

    private static string IdentifierOf(string title)
    {
        var builder = new StringBuilder();
        foreach (var word in title.Split([' ', '-', ',', '\'', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length > 0)
            {
                builder.Append(char.ToUpperInvariant(letters[0])).Append(letters[1..]);
            }
        }

        return builder.ToString();
    }
}
