using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Rules;

/// <summary>Each example story fires the rules it was written for, and no others.</summary>
public class ExampleStoryTests
{
    [Theory]
    [InlineData("contoso-hybrid.yaml", new string[0])]
    [InlineData("fope-smart-host.yaml", new[] { "CL104", "CL409" })]
    [InlineData("missing-inbound-connector.yaml", new[] { "CL301", "CL409" })]
    [InlineData("two-mx-records.yaml", new[] { "CL102" })]
    [InlineData("renewed-certificate.yaml", new[] { "CL305", "CL409" })]
    [InlineData("changed-egress-ip.yaml", new[] { "CL306", "CL409" })]
    [InlineData("open-relay.yaml", new[] { "CL401" })]
    [InlineData("spf-missing-egress.yaml", new[] { "CL114", "CL409" })]
    public void StoryFiresExactlyItsRules(string example, string[] expected)
    {
        var findings = RuleFixtureTests.LintAll(TestPaths.ExampleText(example));
        Assert.Equal(expected, findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryExampleIsPinned()
    {
        var pinned = typeof(ExampleStoryTests).GetMethod(nameof(StoryFiresExactlyItsRules))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0]).ToHashSet();
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "examples"), "*.yaml").Select(Path.GetFileName);
        Assert.All(files, f => Assert.Contains(f!, pinned));
    }

    [Fact]
    public void LintingTheExamplesFolderFindsEveryStory()
    {
        var result = CliRunner.Run("lint", Path.Combine(TestPaths.RepositoryRoot, "examples"), "--today", "2026-11-23", "--format", "json");
        Assert.Equal(1, result.ExitCode);
        foreach (var rule in new[] { "CL104", "CL301", "CL102", "CL305", "CL306", "CL401", "CL114" })
        {
            Assert.Contains($"\"ruleId\": \"{rule}\"", result.Stdout, StringComparison.Ordinal);
        }
    }
}
