using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Rules;

/// <summary>Drift honours the same configuration and inline suppressions as lint, and lint leaves drift's to drift.</summary>
public class DriftConfigurationTests
{
    private const string DesiredSpf = "spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"";

    /// <summary>The example whose contoso.com SPF differs from the zone file's: CL502 at that line.</summary>
    private static (string Folder, string File) Drifting(string? comment = null)
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-drift-config-").FullName;
        var text = TestPaths.ExampleText("contoso-hybrid.yaml");
        var index = text.IndexOf(DesiredSpf, StringComparison.Ordinal);
        Assert.True(index >= 0);
        var changed = (comment is null ? "" : comment + "\n    ") + DesiredSpf.Replace("-all", "~all", StringComparison.Ordinal);
        var file = Path.Combine(folder, "org.yaml");
        File.WriteAllText(file, text[..index] + changed + text[(index + DesiredSpf.Length)..]);
        return (folder, file);
    }

    private static CliResult Drift(string file, params string[] more) =>
        CliRunner.Run(["drift", file, "--zone-file", TestPaths.Example("contoso.zone"), "--format", "json", .. more]);

    [Fact]
    public void WithoutConfigurationTheDriftIsReported()
    {
        var (_, file) = Drifting();
        var result = Drift(file);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"ruleId\": \"CL502\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleTurnedOffInTheConfigurationIsOffInDrift()
    {
        var (folder, file) = Drifting();
        File.WriteAllText(Path.Combine(folder, ".connectorlint.yaml"), "rules:\n  CL502: off\n");
        var result = Drift(file);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("CL502", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DriftTakesConfigAndSeverityOverrides()
    {
        var (folder, file) = Drifting();
        var config = Path.Combine(folder, "other.yaml");
        File.WriteAllText(config, "rules:\n  CL502: warning\n");
        var result = Drift(file, "--config", config);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"severity\": \"warning\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInlineSuppressionOfADriftRuleWorksInDriftAndIsNotStaleInLint()
    {
        var (_, file) = Drifting("# connectorlint-disable-next-line CL502 -- the record is being rolled out");
        var drift = Drift(file);
        Assert.Equal(0, drift.ExitCode);
        Assert.DoesNotContain("CL502", drift.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CL009", drift.Stdout, StringComparison.Ordinal);

        var lint = CliRunner.Run("lint", file, "--format", "json", "--today", "2026-11-23");
        Assert.DoesNotContain("CL009", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AStaleDriftSuppressionIsReportedByDrift()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-drift-config-").FullName;
        var file = Path.Combine(folder, "org.yaml");
        File.WriteAllText(file, TestPaths.ExampleText("contoso-hybrid.yaml").Replace(DesiredSpf, "# connectorlint-disable-next-line CL502 -- no longer needed\n    " + DesiredSpf, StringComparison.Ordinal));
        var drift = Drift(file);
        Assert.Contains("the suppression of CL502 matches no finding", drift.Stdout, StringComparison.Ordinal);
    }
}
