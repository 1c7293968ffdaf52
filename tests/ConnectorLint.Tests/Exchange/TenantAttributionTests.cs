using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Cli;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>EOP's attribution of a connection, read alike by lint (CL305, CL306) and trace.</summary>
public class TenantAttributionTests
{
    [Theory]
    [InlineData("mail.contoso.com", "mail.contoso.com", true)]
    [InlineData("Mail.Contoso.com.", "mail.contoso.com", true)]
    [InlineData("*.contoso.com", "mail.contoso.com", true)]
    [InlineData("*.contoso.com", "smtp.eu.contoso.com", true)]
    [InlineData("*.contoso.com", "contoso.com", true)]
    [InlineData("*.contoso.com", "*.contoso.com", true)]
    [InlineData("*.contoso.com", "*.eu.contoso.com", true)]
    [InlineData("mail.contoso.com", "*.contoso.com", false)]
    [InlineData("mail.contoso.com", "smtp.contoso.com", false)]
    [InlineData("*.contoso.com", "contoso.net", false)]
    [InlineData("*.contoso.com", "evilcontoso.com", false)]
    public void NameSatisfiesAsMicrosoftDocumentsTlsSenderCertificateName(string expected, string presented, bool satisfies) =>
        Assert.Equal(satisfies, TenantAttribution.NameSatisfies(expected, presented));

    [Fact]
    public void AWildcardCertificateAgainstASpecificNameIsCL305()
    {
        // The 5.7.64 article's own example: the connector presents CN=*.contoso.com.
        var text = RuleFixtureTests.Variant(
            ("subject: CN=mail.contoso.com", "subject: CN=*.contoso.com"),
            ("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [\"*.contoso.com\"]"));
        RuleFixtureTests.AssertFiresOnly(text, "CL305", "tlsSenderCertificateName:", "mail.contoso.com");
        AssertTraceBounces(text, "550 5.7.64");
    }

    [Fact]
    public void AWildcardConnectorNameCoversADeeperSubdomain()
    {
        var text = RuleFixtureTests.Variant(
            ("subject: CN=mail.contoso.com", "subject: CN=smtp.eu.contoso.com"),
            ("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.eu.contoso.com]"),
            ("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: \"*.contoso.com\""));
        Assert.Empty(RuleFixtureTests.Lint(text));
        AssertTraceDelivers(text);
    }

    [Fact]
    public void AChangedEgressAddressIsReportedAndTracedAlike()
    {
        var text = RuleFixtureTests.Variant(("egressIPAddresses: [203.0.113.25]", "egressIPAddresses: [203.0.113.40]"));
        RuleFixtureTests.AssertFiresOnly(text, "CL306", "egressIPAddresses:", "203.0.113.40");
        var trace = AssertTraceBounces(text, "550 5.7.64");
        Assert.Contains("inbound connector 'From on-premises'", trace, StringComparison.Ordinal);
        Assert.Contains("the mail comes from 203.0.113.40", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void AttributionNeedsAConnectorWithACriterion()
    {
        var state = DesiredStateLoader.Load("f.yaml", RuleFixtureTests.Clean).State!;
        var connector = state.InboundConnectors.Single();
        var bare = connector with { TlsSenderCertificateName = null, SenderIPAddresses = [] };
        var decision = TenantAttribution.Attribute([bare], ConnectorLint.Net.IpRange.Parse("203.0.113.25"), state.OnPremises!.Certificates[0]);
        Assert.Null(decision.Connector);
        Assert.Contains("neither", decision.Reason, StringComparison.Ordinal);
        Assert.Null(TenantAttribution.Attribute([], null, null).Connector);
    }

    [Fact]
    public void AConnectorScopedToOtherAcceptedDomainsDoesNotAttributeTheMail()
    {
        var scoped = RuleFixtureTests.Variant(("treatMessagesAsInternal: false", "treatMessagesAsInternal: false\n      associatedAcceptedDomains: [contoso.net]"));
        var trace = AssertTraceBounces(scoped, "550 5.7.64");
        Assert.Contains("associatedAcceptedDomains (contoso.net) do not hold contoso.com", trace, StringComparison.Ordinal);

        var covering = RuleFixtureTests.Variant(("treatMessagesAsInternal: false", "treatMessagesAsInternal: false\n      associatedAcceptedDomains: [contoso.com, contoso.net]"));
        AssertTraceDelivers(covering);
    }

    private static string Trace(string text, out int exit)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("connectorlint-attribution-").FullName, "org.yaml");
        File.WriteAllText(path, text);
        var result = CliRunner.Run("trace", path, "--client", "10.20.0.40", "--host", "ex01.contoso.com", "--from", "scanner@contoso.com", "--to", "someone@fabrikam.com");
        exit = result.ExitCode;
        return result.Stdout;
    }

    private static string AssertTraceBounces(string text, string code)
    {
        var output = Trace(text, out var exit);
        Assert.Equal(1, exit);
        Assert.Contains($"outcome: bounce {code}", output, StringComparison.Ordinal);
        return output;
    }

    private static void AssertTraceDelivers(string text)
    {
        var output = Trace(text, out var exit);
        Assert.True(exit == 0, output);
    }
}
