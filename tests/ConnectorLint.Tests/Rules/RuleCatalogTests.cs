using ConnectorLint.Rules;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Rules;

/// <summary>The rule pages cannot drift from the code: every rule has a page whose header is generated from its descriptor.</summary>
public class RuleCatalogTests
{
    public static IEnumerable<object[]> RuleIds() => RuleCatalog.Descriptors.Select(d => new object[] { d.Id });

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRulePageHeaderIsGeneratedFromItsDescriptor(string id)
    {
        var rule = RuleCatalog.Find(id)!;
        var path = Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"docs/rules/{id}.md is missing");
        var page = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var generated = RuleDocumentation.Regenerate(rule, page);
        if (generated != page && Environment.GetEnvironmentVariable("CONNECTORLINT_REGENERATE_RULE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
            page = generated;
        }

        Assert.True(generated == page, $"the header of docs/rules/{id}.md differs from its descriptor; run docs/rules/regenerate.sh");
        foreach (var section in new[] { "## Why", "### Failing", "### Fixed" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        Assert.EndsWith($"/docs/rules/{id}.md", rule.Descriptor.HelpUri, StringComparison.Ordinal);
    }

    [Fact]
    public void APageWhoseHeaderDriftedIsCaught()
    {
        var rule = InboundConnectorRules.CertificateNameMismatch;
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", "CL305.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var drifted = page.Replace("- **Severity:** error", "- **Severity:** warning", StringComparison.Ordinal);
        Assert.NotEqual(drifted, RuleDocumentation.Regenerate(rule, drifted));
        Assert.Equal(page, RuleDocumentation.Regenerate(rule, drifted));
    }

    [Fact]
    public void NoPageWithoutARule()
    {
        var pages = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "docs", "rules"), "*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.All(pages, p => Assert.NotNull(RuleCatalog.Find(p!)));
    }

    [Fact]
    public void EveryRuleOfTheCatalogInScopeIsDeclared()
    {
        string[] expected =
        [
            "CL001", "CL002", "CL003", "CL004",
            "CL101", "CL102", "CL103", "CL104", "CL105", "CL106", "CL110", "CL111", "CL112", "CL113", "CL114", "CL115", "CL116",
            "CL201", "CL202", "CL203", "CL204", "CL205", "CL206", "CL207", "CL208",
            "CL301", "CL302", "CL303", "CL304", "CL305", "CL306", "CL307", "CL308", "CL309",
            "CL401", "CL406", "CL407",
        ];
        Assert.All(expected, id => Assert.NotNull(RuleCatalog.Find(id)));
        Assert.Equal(RuleCatalog.Descriptors.Count, RuleCatalog.Descriptors.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void RulesAndExplainCommands()
    {
        var rules = CliRunner.Run("rules");
        Assert.Equal(0, rules.ExitCode);
        Assert.Contains("CL305  error    tlsSenderCertificateName matches no name", rules.Stdout, StringComparison.Ordinal);
        var explain = CliRunner.Run("explain", "cl305");
        Assert.Equal(0, explain.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", "CL305.md")), explain.Stdout);
        Assert.Equal(2, CliRunner.Run("explain", "CL999").ExitCode);
    }
}
