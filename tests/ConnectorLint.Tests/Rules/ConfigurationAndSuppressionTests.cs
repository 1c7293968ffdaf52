using ConnectorLint.Configuration;
using ConnectorLint.Diagnostics;
using ConnectorLint.Rules;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Rules;

public class ConfigurationAndSuppressionTests
{
    private static readonly LintSettings Defaults = RuleFixtureTests.Settings;

    private static string PortVariant => RuleFixtureTests.Variant(("      port: 25\n      requireTls: true", "      port: 587\n      requireTls: true"));

    [Fact]
    public void ConfigTurnsARuleOff()
    {
        var settings = LintConfiguration.Parse("c.yaml", "rules:\n  CL206: off\n", Defaults);
        Assert.Empty(RuleFixtureTests.Lint(PortVariant, settings));
    }

    [Fact]
    public void ConfigChangesSeverity()
    {
        var settings = LintConfiguration.Parse("c.yaml", "rules:\n  cl206: error\n", Defaults);
        Assert.Equal(Severity.Error, Assert.Single(RuleFixtureTests.Lint(PortVariant, settings)).Severity);
    }

    [Fact]
    public void ConfigSetsTheExpiryWindow()
    {
        var text = RuleFixtureTests.Variant(("notAfter: 2036-06-30", "notAfter: 2027-01-10"));
        Assert.Empty(RuleFixtureTests.Lint(text));
        var settings = LintConfiguration.Parse("c.yaml", "certificateExpiryWarningDays: 60\n", Defaults);
        Assert.Equal(("CL207", Severity.Warning), Assert.Single(RuleFixtureTests.Lint(text, settings)) is var f ? (f.RuleId, f.Severity) : default);
    }

    [Theory]
    [InlineData("rules:\n  CL999: off\n", "c.yaml:2:3", "'CL999' is not a rule")]
    [InlineData("rules:\n  CL002: off\n", "c.yaml:2:3", "cannot be configured")]
    [InlineData("rules:\n  CL206: loud\n", "c.yaml:2:10", "'loud' is not off, error, warning or note")]
    [InlineData("rule:\n  CL206: off\n", "c.yaml:1:1", "did you mean 'rules'?")]
    [InlineData("certificateExpiryWarningDays: soon\n", "c.yaml:1:31", "whole number of days")]
    [InlineData("rules: [CL206]\n", "c.yaml:1:8", "'rules' must map")]
    public void BadConfigSaysWhereAndWhat(string yaml, string where, string what)
    {
        var ex = Assert.Throws<ConfigurationException>(() => LintConfiguration.Parse("c.yaml", yaml, Defaults));
        Assert.StartsWith(where + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigIsFoundInAParentFolderAndBadConfigExitsTwo()
    {
        var root = Directory.CreateTempSubdirectory("connectorlint-config-");
        try
        {
            var nested = Directory.CreateDirectory(Path.Combine(root.FullName, "orgs", "contoso"));
            var file = Path.Combine(nested.FullName, "contoso.yaml");
            File.WriteAllText(file, PortVariant);
            Assert.Equal(0, CliRunner.Run("lint", file, "--today", "2026-11-23").ExitCode);
            Assert.Equal(1, CliRunner.Run("lint", file, "--today", "2026-11-23", "--fail-on", "warning").ExitCode);

            File.WriteAllText(Path.Combine(root.FullName, ".connectorlint.yaml"), "rules:\n  CL206: error\n");
            Assert.Equal(1, CliRunner.Run("lint", file, "--today", "2026-11-23").ExitCode);

            var explicitConfig = Path.Combine(root.FullName, "quiet.yaml");
            File.WriteAllText(explicitConfig, "rules:\n  CL206: off\n");
            Assert.Equal(0, CliRunner.Run("lint", file, "--today", "2026-11-23", "--fail-on", "note", "--config", explicitConfig).ExitCode);

            File.WriteAllText(Path.Combine(root.FullName, ".connectorlint.yaml"), "rules:\n  CL206: sometimes\n");
            var bad = CliRunner.Run("lint", file, "--today", "2026-11-23");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains(".connectorlint.yaml:2:10: 'sometimes' is not off", bad.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void DisableNextLineWithAReasonSuppresses()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true", "      # connectorlint-disable-next-line CL206 -- the partner gateway listens on 587 only\n      port: 587\n      requireTls: true"));
        Assert.Empty(RuleFixtureTests.Lint(text));
    }

    [Fact]
    public void DisableLineSuppressesOnTheSameLine()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true", "      port: 587 # connectorlint-disable-line CL206 -- lab relay\n      requireTls: true"));
        Assert.Empty(RuleFixtureTests.Lint(text));
    }

    [Fact]
    public void SuppressionWithoutReasonIsReportedAndDoesNotSuppress()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true", "      # connectorlint-disable-next-line CL206\n      port: 587\n      requireTls: true"));
        var findings = RuleFixtureTests.Lint(text);
        Assert.Equal(["CL009", "CL206"], findings.Select(f => f.RuleId).Order());
        var malformed = findings.Single(f => f.RuleId == "CL009");
        Assert.Equal(Severity.Note, malformed.Severity);
        Assert.Contains("gives no reason, so it is not applied and the findings it names still report; write it as '# connectorlint-disable-next-line CL206 -- why this is safe'", malformed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# connectorlint-disable-line -- lab relay", "names no rule, so it is not applied and the findings it names still report; write it as '# connectorlint-disable-line <rule ID> -- why this is safe'")]
    [InlineData("# connectorlint-disable-line CL206x -- lab relay", "has 'CL206x', which is not a rule ID, so it is not applied and the findings it names still report; write it as '# connectorlint-disable-line <rule ID> -- why this is safe'")]
    [InlineData("# connectorlint-disable-line CL999 -- lab relay", "CL999 is not a rule; `connectorlint rules` lists them.")]
    [InlineData("# connectorlint-disable CL206 -- lab relay", "'connectorlint-disable' is not a directive; did you mean 'connectorlint-disable-line'?")]
    [InlineData("# connectorlint-disable-lines CL206 -- lab relay", "'connectorlint-disable-lines' is not a directive; did you mean 'connectorlint-disable-line'?")]
    public void AMalformedSuppressionIsToldInItsOwnWords(string directive, string message)
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true", $"      port: 587 {directive}\n      requireTls: true"));
        var findings = RuleFixtureTests.Lint(text);
        Assert.Equal(["CL009", "CL206"], findings.Select(f => f.RuleId).Order());
        Assert.Contains(message, findings.Single(f => f.RuleId == "CL009").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnusedSuppressionIsANote()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n", "      # connectorlint-disable-next-line CL203 -- TLS is fine here\n      port: 25\n"));
        var finding = Assert.Single(RuleFixtureTests.Lint(text));
        Assert.Equal(("CL009", Severity.Note), (finding.RuleId, finding.Severity));
        Assert.Contains("matches no finding", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileRulesCannotBeSuppressed()
    {
        var text = RuleFixtureTests.Variant(("      tlsCertificate: smtp-2026", "      # connectorlint-disable-next-line CL003 -- later\n      tlsCertificate: smtp-2099"));
        Assert.Equal(["CL003", "CL009"], RuleFixtureTests.Lint(text).Select(f => f.RuleId).Order());
    }

    [Fact]
    public void HashInsideAQuotedValueIsNotAComment()
    {
        var text = RuleFixtureTests.Variant(("issuer: \"CN=Contoso Issuing CA, O=Contoso, C=US\"", "issuer: \"CN=Contoso # connectorlint-disable-line CL207 -- x\""));
        Assert.Empty(RuleFixtureTests.Lint(text));
    }
}
