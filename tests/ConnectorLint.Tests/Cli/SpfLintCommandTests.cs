using System.Text.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// `spf lint` reports through the one report: the findings of a file (rule, line 1, the column in the
/// record), every --format, --fail-on, and the configuration's rules section, as `lint` does.
/// </summary>
public class SpfLintCommandTests
{
    [Fact]
    public void AnErrorShowsItsColumnAndExitsOne()
    {
        var bad = CliRunner.Run("spf", "lint", "v=spf1 ip4:1.2.3.4/33 -all");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("spf-record:1:19: error CL111: 'ip4:1.2.3.4/33': '/33' is not a CIDR length", bad.Stdout, StringComparison.Ordinal);
        Assert.Contains(" 1 | v=spf1 ip4:1.2.3.4/33 -all\n   |                   ^~~~~~~~\n", bad.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ACleanRecordExitsZeroAndCountsItsLookupTerms()
    {
        var good = CliRunner.Run("spf", "lint", "v=spf1 mx include:spf.protection.outlook.com -all");
        Assert.Equal(0, good.ExitCode);
        Assert.Equal("no findings in 1 file\n2 of 10 DNS-querying terms, counted on the record itself (includes are not followed offline).\n", good.Stdout);
    }

    [Fact]
    public void FailOnDecidesTheExitCode()
    {
        const string Neutral = "v=spf1 mx ?all";
        Assert.Equal(0, CliRunner.Run("spf", "lint", Neutral).ExitCode);
        Assert.Equal(1, CliRunner.Run("spf", "lint", Neutral, "--fail-on", "warning").ExitCode);
        Assert.Equal(0, CliRunner.Run("spf", "lint", "v=spf1 +all", "--fail-on", "never").ExitCode);
    }

    [Fact]
    public void TheConfigurationTurnsRulesOffAndChangesTheirSeverity()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-spf-");
        try
        {
            var config = Path.Combine(folder.FullName, ".connectorlint.yaml");
            File.WriteAllText(config, "rules:\n  CL116: off\n  CL115: error\n");
            var result = CliRunner.Run("spf", "lint", "v=spf1 ptr ?all", "--config", config, "--format", "json");
            Assert.Equal(1, result.ExitCode);
            var finding = Assert.Single(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal(("CL115", "error", 12), (finding.GetProperty("ruleId").GetString(), finding.GetProperty("severity").GetString(), finding.GetProperty("column").GetInt32()));
            Assert.DoesNotContain("DNS-querying terms", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void AConfigurationThatDoesNotExistIsExitTwo()
    {
        var result = CliRunner.Run("spf", "lint", "v=spf1 -all", "--config", Path.Combine(Path.GetTempPath(), "no-such-connectorlint.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SarifIsValidAndPointsAtTheTerm()
    {
        var result = CliRunner.Run("spf", "lint", "v=spf1 a ptr -all", "--format", "sarif");
        Assert.Equal(0, result.ExitCode);
        var sarif = JToken.Parse(result.Stdout);
        var schema = await JsonSchema.FromFileAsync(TestPaths.Conformance("sarif-schema-2.1.0.json"));
        var errors = schema.Validate(sarif);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var finding = Assert.Single((JArray)sarif["runs"]![0]!["results"]!);
        Assert.Equal("CL116", (string)finding["ruleId"]!);
        var region = finding["locations"]![0]!["physicalLocation"]!["region"]!;
        Assert.Equal((1, 10, 13), ((int)region["startLine"]!, (int)region["startColumn"]!, (int)region["endColumn"]!));
    }

    [Fact]
    public void AValueCannotInjectAWorkflowCommand()
    {
        var result = CliRunner.Run("spf", "lint", "v=spf1 %0A::error::x\n::warning::y -all", "--format", "github");
        Assert.DoesNotContain("\n::warning::y", result.Stdout, StringComparison.Ordinal);
        var annotation = Assert.Single(result.Stdout.Split('\n'), line => line.StartsWith("::", StringComparison.Ordinal));
        Assert.Matches("^::error file=[^,]*spf-record,line=1,col=8,endLine=1,endColumn=34,title=CL111::'%250A::error::x\\\\n::warning::y': ", annotation);
    }
}
