using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;
using ConnectorLint.Tests.Rules;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace ConnectorLint.Tests.Reporting;

/// <summary>SARIF, GitHub and markdown output: snapshots, the official SARIF schema, and hostile values.</summary>
public class CiOutputTests
{
    private const string Root = "/repo";

    /// <summary>The same findings as the text and json snapshots, under a fixed repository root.</summary>
    private static LintReport SeveralErrors()
    {
        var report = ReportSnapshotTests.SeveralErrors();
        const string path = Root + "/fixtures/several-errors.yaml";
        return report with
        {
            Files = [report.Files[0] with { Path = path }],
            Findings = [.. report.Findings.Select(f => f with { Span = f.Span with { File = path } })],
        };
    }

    /// <summary>A report with an error, a warning and a note.</summary>
    internal static LintReport EverySeverity()
    {
        var text = RuleFixtureTests.Variant(
            ("      port: 25\n      requireTls: true", "      # connectorlint-disable-next-line CL208 -- not this one\n      port: 587\n      requireTls: false"));
        const string path = Root + "/mailflow/contoso.yaml";
        var document = DesiredStateLoader.Load(path, text);
        var findings = Linter.Lint(document, RuleFixtureTests.Settings);
        Assert.Equal([Severity.Error, Severity.Warning, Severity.Note], findings.Select(f => f.Severity).Distinct().OrderDescending());
        return new LintReport("0.1.0", [new ReportFile(path, document.Lines)], findings);
    }

    [Fact]
    public void Sarif() => WholeOutputSnapshot.Match(WithoutRulePages(ReportSnapshotTests.Render(new SarifReportWriter(Root), SeveralErrors())));

    /// <summary>The rule pages inside SARIF are the docs themselves (tested below); the snapshot need not repeat them.</summary>
    private static string WithoutRulePages(string sarif)
    {
        var json = JToken.Parse(sarif);
        foreach (var rule in json.SelectTokens("runs[*].tool.driver.rules[*]"))
        {
            rule["help"]!["markdown"] = $"(docs/rules/{(string)rule["id"]!}.md)";
        }

        return json.ToString(Newtonsoft.Json.Formatting.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    [Fact]
    public void GitHub() => WholeOutputSnapshot.Match(ReportSnapshotTests.Render(new GitHubReportWriter(Root), SeveralErrors()));

    [Fact]
    public void Markdown() => WholeOutputSnapshot.Match(ReportSnapshotTests.Render(new MarkdownReportWriter(Root), SeveralErrors()));

    [Fact]
    public void AFailedRunInEveryFormatCiReads()
    {
        var report = LintReport.Failed("'CL999' is not a rule; 'connectorlint rules' lists them.", SourceSpan.At(Root + "/.connectorlint.yaml", 2, 3)) with { ToolVersion = "0.1.0" };
        WholeOutputSnapshot.Match(
            string.Join("\n----\n", new IReportWriter[] { new SarifReportWriter(Root), new GitHubReportWriter(Root), new MarkdownReportWriter(Root) }
                .Select(w => w is SarifReportWriter ? WithoutRulePages(ReportSnapshotTests.Render(w, report)) : ReportSnapshotTests.Render(w, report))));
    }

    [Fact]
    public void EverySeverityInEveryFormat()
    {
        var report = EverySeverity();
        WholeOutputSnapshot.Match(
            string.Join("\n----\n", new IReportWriter[]
            {
                new TextReportWriter(false), new JsonReportWriter(), new SarifReportWriter(Root), new GitHubReportWriter(Root), new MarkdownReportWriter(Root),
            }.Select(w => w is SarifReportWriter ? WithoutRulePages(ReportSnapshotTests.Render(w, report)) : ReportSnapshotTests.Render(w, report))));
    }

    [Fact]
    public async Task SarifValidatesAgainstTheOfficialSchema()
    {
        var schema = await JsonSchema.FromFileAsync(TestPaths.Conformance("sarif-schema-2.1.0.json"));
        foreach (var report in new[] { EverySeverity(), SeveralErrors() })
        {
            var sarif = JToken.Parse(ReportSnapshotTests.Render(new SarifReportWriter(Root), report));
            var errors = schema.Validate(sarif);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));

            var run = sarif["runs"]![0]!;
            var rules = (JArray)run["tool"]!["driver"]!["rules"]!;
            Assert.Equal(RuleCatalog.Descriptors.Count, rules.Count);
            foreach (var result in (JArray)run["results"]!)
            {
                var index = (int)result["ruleIndex"]!;
                Assert.Equal((string)result["ruleId"]!, (string)rules[index]["id"]!);
                Assert.Equal("%SRCROOT%", (string)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uriBaseId"]!);
                Assert.False(((string)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!).StartsWith('/'));
            }

            Assert.Contains(((JArray)run["results"]!).Select(r => (string)r["level"]!), l => l == "error");
        }

        var levels = ((JArray)JToken.Parse(ReportSnapshotTests.Render(new SarifReportWriter(Root), EverySeverity()))["runs"]![0]!["results"]!).Select(r => (string)r["level"]!).ToHashSet();
        Assert.Equal(["error", "note", "warning"], levels.Order());
    }

    [Fact]
    public void SarifFingerprintsSurviveLinesInsertedAbove()
    {
        static JArray Results(string text)
        {
            var document = DesiredStateLoader.Load(Root + "/a.yaml", text);
            var report = new LintReport("0.1.0", [new ReportFile(Root + "/a.yaml", document.Lines)], Linter.Lint(document, RuleFixtureTests.Settings));
            return (JArray)JToken.Parse(ReportSnapshotTests.Render(new SarifReportWriter(Root), report))["runs"]![0]!["results"]!;
        }

        var before = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true", "      port: 587\n      requireTls: true"));
        var after = before.Replace("tenant:\n", "# a comment\n# and another\ntenant:\n", StringComparison.Ordinal);
        var a = Results(before).Single();
        var b = Results(after).Single();
        Assert.NotEqual((int)a["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!, (int)b["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
        Assert.Equal((string)a["partialFingerprints"]!["connectorlint/v1"]!, (string)b["partialFingerprints"]!["connectorlint/v1"]!);
    }

    [Theory]
    [InlineData("::set-output name=x::y")]
    [InlineData("Copier\n::add-mask::hunter2")]
    [InlineData("Copier\r\n::error file=evil::pwned")]
    [InlineData("Copier %0A::warning::encoded")]
    [InlineData("a,b:c=d")]
    public void GitHubAnnotationsCannotBeInjected(string hostile)
    {
        var span = new SourceSpan($"{Root}/{hostile}.yaml", 3, 5, 3, 9);
        var finding = new Finding("CL105", Severity.Error, $"sender '{hostile}' is not accepted", span, RuleCatalog.Find("CL105")!.Descriptor.HelpUri);
        var report = new LintReport("0.1.0", [new ReportFile(span.File, [])], [finding]);
        var output = ReportSnapshotTests.Render(new GitHubReportWriter(Root), report);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // One command and the summary: nothing in the value became a line of its own.
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("::error file=", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', output);
        Assert.False(lines[1].StartsWith("::", StringComparison.Ordinal));

        // The properties end at the first "::"; the file property is escaped so it cannot close them early.
        var properties = lines[0]["::error ".Length..lines[0].IndexOf("::", 2, StringComparison.Ordinal)];
        Assert.Equal(6, properties.Split(',').Length);
        Assert.Contains("title=CL105", properties, StringComparison.Ordinal);
        if (hostile.Contains('%', StringComparison.Ordinal))
        {
            // A literal "%0A" in the value must arrive as text, not be decoded into a line break.
            Assert.Contains("%250A", lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HostileValuesFromTheFileStayInsideTheirAnnotation()
    {
        var text = RuleFixtureTests.Variant(("  - name: Copier 3rd floor\n", "  - name: \"Copier\\n::set-output name=pwned::1\\r\\n::add-mask::x %0A\"\n"), ("mailFrom: scanner@contoso.com", "mailFrom: scanner@fabrikam.com"));
        var document = DesiredStateLoader.Load(Root + "/hostile.yaml", text);
        var findings = Linter.Lint(document, RuleFixtureTests.Settings);
        Assert.Contains(findings, f => f.Message.Contains("::set-output", StringComparison.Ordinal));
        var output = ReportSnapshotTests.Render(new GitHubReportWriter(Root), new LintReport("0.1.0", [new ReportFile(document.File, document.Lines)], findings));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(findings.Count + 1, lines.Length);
        Assert.All(lines.SkipLast(1), l => Assert.Matches("^::(error|warning|notice) file=", l));
        Assert.Contains("%25 0A", output.Replace("%250A", "%25 0A", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void SarifRulesCarryTheirPageAndSecurityRulesTheirScore()
    {
        var rules = ((JArray)JToken.Parse(ReportSnapshotTests.Render(new SarifReportWriter(Root), EverySeverity()))["runs"]![0]!["tool"]!["driver"]!["rules"]!)
            .ToDictionary(r => (string)r["id"]!);
        Assert.Equal(RuleDocumentation.Page("CL305"), (string)rules["CL305"]["help"]!["markdown"]!);
        Assert.StartsWith("tlsSenderCertificateName matches no name", (string)rules["CL305"]["help"]!["text"]!, StringComparison.Ordinal);
        Assert.Equal("9.0", (string)rules["CL401"]["properties"]!["security-severity"]!);
        Assert.Contains("security", rules["CL407"]["properties"]!["tags"]!.Select(t => (string)t!));
        Assert.Null(rules["CL305"]["properties"]!["security-severity"]);
        Assert.DoesNotContain("security", rules["CL305"]["properties"]!["tags"]!.Select(t => (string)t!));
        Assert.Equal(
            ["CL106", "CL115", "CL308", "CL312", "CL401", "CL406", "CL407", "CL704", "CL705", "CL706"],
            rules.Values.Where(r => r["properties"]!["security-severity"] is not null).Select(r => (string)r["id"]!).Order());
    }

    [Fact]
    public async Task SarifStopsAtTheCodeScanningLimitAndSaysSo()
    {
        var span = new SourceSpan(Root + "/a.yaml", 1, 1, 1, 2);
        var findings = Enumerable.Range(1, SarifReportWriter.MaxResults + 2).Select(i => new Finding("CL401", Severity.Error, $"problem {i}", span with { Line = i }, "h")).ToList();
        var sarif = JToken.Parse(ReportSnapshotTests.Render(new SarifReportWriter(Root), new LintReport("0.1.0", [new ReportFile(span.File, [])], findings)));
        var run = sarif["runs"]![0]!;
        Assert.Equal(SarifReportWriter.MaxResults, ((JArray)run["results"]!).Count);
        var invocation = run["invocations"]![0]!;
        Assert.True((bool)invocation["executionSuccessful"]!);
        Assert.StartsWith($"{SarifReportWriter.MaxResults + 2} findings; code scanning accepts {SarifReportWriter.MaxResults}", (string)invocation["toolExecutionNotifications"]![0]!["message"]!["text"]!, StringComparison.Ordinal);
        var schema = await JsonSchema.FromFileAsync(TestPaths.Conformance("sarif-schema-2.1.0.json"));
        Assert.Empty(schema.Validate(sarif));
    }

    [Fact]
    public void GitHubSaysHowManyAnnotationsWereLeftOut()
    {
        var span = new SourceSpan(Root + "/a.yaml", 1, 1, 1, 2);
        var findings = Enumerable.Range(1, 13).Select(i => new Finding("CL401", Severity.Error, $"problem {i}", span with { Line = i }, "h"))
            .Concat(Enumerable.Range(1, 3).Select(i => new Finding("CL206", Severity.Warning, $"warning {i}", span with { Line = 20 + i }, "h")))
            .ToList();
        var output = ReportSnapshotTests.Render(new GitHubReportWriter(Root), new LintReport("0.1.0", [new ReportFile(span.File, [])], findings));
        Assert.Equal(10, output.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)));
        Assert.Contains("::notice title=ConnectorLint::3 more errors not annotated", output, StringComparison.Ordinal);
        Assert.Contains("list all 16 findings", output, StringComparison.Ordinal);
    }

    /// <summary>Notes are notices too: nine of them leave room for the notice that counts the rest, so GitHub shows all ten.</summary>
    [Fact]
    public void NotesLeaveOneNoticeForTheCount()
    {
        var span = new SourceSpan(Root + "/a.yaml", 1, 1, 1, 2);
        var findings = Enumerable.Range(1, 12).Select(i => new Finding("CL602", Severity.Note, $"note {i}", span with { Line = i }, "h")).ToList();

        var output = ReportSnapshotTests.Render(new GitHubReportWriter(Root), new LintReport("0.1.0", [new ReportFile(span.File, [])], findings));

        var notices = output.Split('\n').Where(l => l.StartsWith("::notice ", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, notices.Count);
        Assert.Equal(9, notices.Count(l => l.Contains("title=CL602", StringComparison.Ordinal)));
        Assert.StartsWith("::notice title=ConnectorLint::3 more notes not annotated (GitHub shows 10 per level)", notices[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownCellsCannotBreakTheTable()
    {
        Assert.Equal("a \\| b &lt;script> c", MarkdownReportWriter.Cell("a | b <script>\nc").Replace("  ", " ", StringComparison.Ordinal));
    }
}
