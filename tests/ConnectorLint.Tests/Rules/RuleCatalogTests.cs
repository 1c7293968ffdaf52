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

    /// <summary>
    /// Each page says, in one "Applies to:" paragraph of "What it checks", which topologies and estates
    /// of examples/topologies/ it applies to: "every topology and estate", or their letters. A letter
    /// must name a shipped example that has what the rule's category inspects (a rule about senders
    /// cannot claim an estate without senders). Every rule but the file rules cites a Microsoft page.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRulePageSaysWhichEstatesItAppliesToAndCitesMicrosoft(string id)
    {
        var rule = RuleCatalog.Find(id)!;
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", id + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var checks = page[page.IndexOf(RuleDocumentation.BodyStart, StringComparison.Ordinal)..page.IndexOf("\n## Why", StringComparison.Ordinal)];
        var paragraphs = checks.Split("\n\n").Where(p => p.StartsWith("Applies to: ", StringComparison.Ordinal)).ToList();
        var applies = Assert.Single(paragraphs).ReplaceLineEndings(" ");

        var letters = EstateLetters(applies);
        Assert.True(applies.Contains("every topology and estate", StringComparison.Ordinal) || letters.Count > 0
            || applies.Contains("every file", StringComparison.Ordinal) || applies.Contains("every SPF record", StringComparison.Ordinal),
            $"{id}: 'Applies to' names no topology or estate: {applies}");
        foreach (var letter in letters)
        {
            var example = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "examples", "topologies"), letter + "-*.yaml");
            var text = File.ReadAllText(Assert.Single(example));
            if (InspectedKey(rule.Descriptor.Category) is { } key)
            {
                Assert.True(text.Contains(key, StringComparison.Ordinal), $"{id} claims estate {letter} ({Path.GetFileName(example[0])}), which has no {key}");
            }
        }

        if (!id.StartsWith("CL0", StringComparison.Ordinal))
        {
            var references = page[page.IndexOf("## References", StringComparison.Ordinal)..];
            Assert.Matches(@"\]\(https://(learn|support|techcommunity)\.microsoft\.com/", references);
        }
    }

    [Theory]
    [InlineData("Applies to: send connectors (a, b, c, g, h, i, j, k, m).", "a b c g h i j k m")]
    [InlineData("Applies to: the Edge subscription (topology g), and the estates h, i, j, k and m.", "g h i j k m")]
    [InlineData("Applies to: every topology and estate (a to m).", "")]
    [InlineData("Applies to: Edge (g); all outbound through EOP (b).", "g b")]
    public void EstateLettersAreReadFromTheParagraph(string paragraph, string expected) =>
        Assert.Equal(expected, string.Join(" ", EstateLetters(paragraph)));

    /// <summary>The single letters of (a, b, c), (topology g), "estate h" and "the estates h, i and m"; not "(a to m)".</summary>
    private static List<string> EstateLetters(string paragraph)
    {
        var letters = new List<string>();
        foreach (System.Text.RegularExpressions.Match list in System.Text.RegularExpressions.Regex.Matches(paragraph,
            @"\((?:topology |estate |the )?([a-m](?:(?:, | and )[a-m])*)\)|\bestates? ([a-m](?:(?:, | and )[a-m])*)\b"))
        {
            var group = list.Groups[1].Success ? list.Groups[1].Value : list.Groups[2].Value;
            letters.AddRange(group.Split([", ", " and "], StringSplitOptions.None).Where(l => !letters.Contains(l)));
        }

        return letters;
    }

    private static string? InspectedKey(string category) => category switch
    {
        "sendConnectors" => "sendConnectors:",
        "receiveConnectors" => "receiveConnectors:",
        "inboundConnectors" => "inboundConnectors:",
        "outboundConnectors" => "outboundConnectors:",
        "senders" => "\nsenders:",
        _ => null,
    };

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
