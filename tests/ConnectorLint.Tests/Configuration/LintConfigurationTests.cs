using ConnectorLint.Configuration;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Configuration;

/// <summary>What a .connectorlint.yaml sets, and what it says when it is wrong: the message and where.</summary>
public class LintConfigurationTests
{
    private static LintSettings Parse(string text, LintSettings? defaults = null) =>
        LintConfiguration.Parse("/repo/.connectorlint.yaml", text, defaults ?? new LintSettings());

    private static ConfigurationException Refused(string text) => Assert.Throws<ConfigurationException>(() => Parse(text));

    [Fact]
    public void OffAndFalseTurnARuleOffASeverityTurnsItBackOn()
    {
        Assert.Contains("CL206", Parse("rules:\n  CL206: off\n").DisabledRules);
        Assert.Contains("CL206", Parse("rules:\n  cl206: false\n").DisabledRules);
        var inherited = new LintSettings { DisabledRules = new HashSet<string>(["CL206"], StringComparer.OrdinalIgnoreCase) };
        var settings = Parse("rules:\n  CL206: warning\n", inherited);
        Assert.DoesNotContain("CL206", settings.DisabledRules);
        Assert.Equal(Diagnostics.Severity.Warning, settings.SeverityOverrides["CL206"]);
        Assert.Equal((2, 3), (settings.Origins["CL206"].Line, settings.Origins["CL206"].Column));
    }

    [Fact]
    public void TheExpiryWindowIsZeroToTenYearsAndSaysWhereItWasSet()
    {
        var settings = Parse("rules: {}\ncertificateExpiryWarningDays: 3650\n");
        Assert.Equal(3650, settings.CertificateExpiryWarningDays);
        Assert.Equal((2, 1), (settings.Origins["certificateExpiryWarningDays"].Line, settings.Origins["certificateExpiryWarningDays"].Column));
        Assert.Equal(0, Parse("certificateExpiryWarningDays: 0\n").CertificateExpiryWarningDays);
        var refused = Refused("certificateExpiryWarningDays: 3651\n");
        Assert.Equal("certificateExpiryWarningDays must be a whole number of days from 0 to 3650.", refused.Reason);
        Assert.Equal((1, 31), (refused.Span!.Value.Line, refused.Span.Value.Column));
    }

    [Fact]
    public void WrongShapesSayWhatIsExpected()
    {
        var list = Refused("- rules\n");
        Assert.Equal("the configuration must be a mapping with 'rules' and 'certificateExpiryWarningDays'.", list.Reason);
        var misspelt = Refused("rule:\n  CL206: off\n");
        Assert.Equal("unknown key 'rule'; did you mean 'rules'? (known: rules, certificateExpiryWarningDays).", misspelt.Reason);
        Assert.Equal("unknown key 'colour' (known: rules, certificateExpiryWarningDays).", Refused("colour: red\n").Reason);
        Assert.StartsWith("unknown key 'certificateExpiryWarningDay'; did you mean 'certificateExpiryWarningDays'?", Refused("certificateExpiryWarningDay: 10\n").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigurationThatCannotBeReadSaysSo()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-config-");
        try
        {
            var refused = Assert.Throws<ConfigurationException>(() => LintConfiguration.Load(folder.FullName, new LintSettings()));
            Assert.StartsWith("cannot read the configuration: ", refused.Reason, StringComparison.Ordinal);
            Assert.Equal(folder.FullName, refused.Span!.Value.File);
        }
        finally
        {
            folder.Delete();
        }
    }
}
