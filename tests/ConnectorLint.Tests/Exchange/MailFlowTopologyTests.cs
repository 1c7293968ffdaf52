using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>The facts the routing model derives once per file: who delivers internet mail, which connectors count, which accepted domain holds a name.</summary>
public class MailFlowTopologyTests
{
    private static MailFlowTopology Of(string text) => new(DesiredStateLoader.Load("t.yaml", text).State!);

    private const string Outbound = "      routeAllMessagesViaOnPremises: false";

    [Fact]
    public void ExchangeOnlineDeliversItsOwnInternetMailByDefault() =>
        Assert.True(Of(RuleFixtureTests.Clean).ExchangeOnlineDeliversToInternet);

    [Fact]
    public void CentralizedTransportSendsItThroughOnPremisesWhileTheConnectorIsEnabled()
    {
        var centralized = RuleFixtureTests.Variant((Outbound, "      routeAllMessagesViaOnPremises: true"));
        Assert.False(Of(centralized).ExchangeOnlineDeliversToInternet);
        var disabled = RuleFixtureTests.Edit(centralized, ("    - name: To on-premises\n      enabled: true", "    - name: To on-premises\n      enabled: false"));
        Assert.True(Of(disabled).ExchangeOnlineDeliversToInternet);
    }

    [Theory]
    [InlineData("[\"*\"]", "false", "", false)]
    [InlineData("[\"*\"]", "true", "", true)]
    [InlineData("[\"*\"]", "false", "\n      isTransportRuleScoped: true", true)]
    [InlineData("[fabrikam.com]", "false", "", true)]
    public void AnOutboundSmartHostForEverythingTakesInternetMail(string recipients, string useMx, string extra, bool exchangeOnlineDelivers)
    {
        var text = RuleFixtureTests.Variant(
            ("      recipientDomains: [contoso.com]\n      useMxRecord: false", $"      recipientDomains: {recipients}\n      useMxRecord: {useMx}{extra}"));
        Assert.Equal(exchangeOnlineDelivers, Of(text).ExchangeOnlineDeliversToInternet);
    }

    [Fact]
    public void OnlyEnabledSendConnectorsForEverythingAreInternetConnectors()
    {
        Assert.Single(Of(RuleFixtureTests.Clean).InternetConnectors);
        Assert.Empty(Of(RuleFixtureTests.Variant(("      addressSpaces: [\"*\"]", "      addressSpaces: [fabrikam.com]"))).InternetConnectors);
        Assert.Empty(Of(RuleFixtureTests.Variant(("    - name: Outbound to Office 365\n      enabled: true", "    - name: Outbound to Office 365\n      enabled: false"))).InternetConnectors);
    }

    [Theory]
    [InlineData("contoso.com", false, "contoso.com")]
    [InlineData("CONTOSO.com.", false, "contoso.com")]
    [InlineData("eu.contoso.com", false, null)]
    [InlineData("eu.contoso.com", true, "contoso.com")]
    [InlineData("a.b.contoso.net", true, "contoso.net")]
    [InlineData("fabrikam.com", true, null)]
    public void TheAcceptedDomainThatHoldsAName(string name, bool allowParent, string? accepted) =>
        Assert.Equal(accepted, Of(RuleFixtureTests.Clean).AcceptedDomainFor(name, allowParent)?.DomainName.Value);

    [Theory]
    [InlineData("eu.contoso.org", "*.contoso.org")]
    [InlineData("a.eu.contoso.org", "*.contoso.org")]
    [InlineData("contoso.org", "*.contoso.org")]
    [InlineData("contoso.net", "contoso.net")]
    public void AWildcardAcceptedDomainHoldsItsSubdomainsAndItself(string name, string accepted)
    {
        var text = RuleFixtureTests.Variant(("acceptedDomains:\n", "acceptedDomains:\n  - domainName: \"*.contoso.org\"\n    domainType: authoritative\n    verified: true\n"));
        Assert.Equal(accepted, Of(text).AcceptedDomainFor(name)?.DomainName.Value);
    }

    [Fact]
    public void MatchSubDomainsHoldsSubdomainsWithoutAskingForParents()
    {
        var text = RuleFixtureTests.Variant(("  - domainName: contoso.net\n    domainType: authoritative\n", "  - domainName: contoso.net\n    domainType: internalRelay\n    matchSubDomains: true\n"));
        Assert.Equal("contoso.net", Of(text).AcceptedDomainFor("eu.contoso.net")?.DomainName.Value);
        Assert.Null(Of(text).AcceptedDomainFor("eu.contoso.com"));
    }

    [Fact]
    public void TheTenantEndpointAndTheEopMxOfAcceptedDomains()
    {
        var topology = Of(RuleFixtureTests.Clean);
        Assert.Equal("contoso.mail.protection.outlook.com", topology.TenantEndpoint);
        Assert.True(topology.IsEopMxOfAcceptedDomain("Contoso-Com.mail.protection.outlook.com."));
        Assert.True(topology.IsEopMxOfAcceptedDomain("contoso.mail.protection.outlook.com"));
        Assert.False(topology.IsEopMxOfAcceptedDomain("fabrikam-com.mail.protection.outlook.com"));
    }

    [Fact]
    public void PartnerDomainsComeFromEnabledPartnerConnectorsOnly()
    {
        var topology = Of(TestPaths.ExampleText("topologies/f-domains-and-partners.yaml"));
        var inbound = topology.PartnerDomain("fabrikam.com");
        Assert.NotNull(inbound);
        Assert.StartsWith("inbound connector '", inbound!.Value.Connector, StringComparison.Ordinal);
        Assert.Null(topology.PartnerDomain("contoso.com"));
    }

    [Fact]
    public void AnOutboundPartnerConnectorNamesItsRecipientDomainsAsThePartners()
    {
        var topology = Of(RuleFixtureTests.Variant(("  outboundConnectors:\n", "  outboundConnectors:\n    - name: To Northwind\n      enabled: true\n      connectorType: partner\n      recipientDomains: [\"*\", northwind.example]\n      useMxRecord: true\n")));
        Assert.Equal("outbound connector 'To Northwind'", topology.PartnerDomain("northwind.example")?.Connector);
        Assert.Null(topology.PartnerDomain("fabrikam.example"));
    }

    [Fact]
    public void ASendConnectorWithEverythingAmongItsSpacesIsAnInternetConnector() =>
        Assert.Single(Of(RuleFixtureTests.Variant(("      addressSpaces: [\"*\"]", "      addressSpaces: [fabrikam.com, \"*\"]"))).InternetConnectors);

    private const string SecondOutbound = "  outboundConnectors:\n    - name: To Northwind\n      enabled: true\n      connectorType: partner\n      recipientDomains: [northwind.example]\n      useMxRecord: true\n";

    [Fact]
    public void OneCentralizedConnectorAmongSeveralIsCentralizedTransport() =>
        Assert.False(Of(RuleFixtureTests.Variant((Outbound, "      routeAllMessagesViaOnPremises: true"), ("  outboundConnectors:\n", SecondOutbound))).ExchangeOnlineDeliversToInternet);

    [Fact]
    public void OneSmartHostConnectorForEverythingAmongSeveralTakesInternetMail() =>
        Assert.False(Of(RuleFixtureTests.Variant(("      recipientDomains: [contoso.com]", "      recipientDomains: [contoso.com, \"*\"]"), ("  outboundConnectors:\n", SecondOutbound))).ExchangeOnlineDeliversToInternet);

    private const string PartnerInbound = "  outboundConnectors:\n";

    private static bool MeantForOnPremises(string partnerCriteria, params (string From, string To)[] edits)
    {
        var text = RuleFixtureTests.Edit(RuleFixtureTests.Variant(edits),
            (PartnerInbound, $"    - name: Relabelled\n      enabled: true\n      connectorType: partner\n      senderDomains: [\"*\"]\n{partnerCriteria}{PartnerInbound}"));
        return Of(text).OnPremisesInbound.Any(c => c.Name.Value == "Relabelled");
    }

    [Fact]
    public void APartnerConnectorThatMatchesOnPremisesIsMeantForIt()
    {
        // Any name of the certificate the connectors to EOP present, any egress address of their servers.
        Assert.True(MeantForOnPremises("      tlsSenderCertificateName: mail.contoso.com\n"));
        Assert.True(MeantForOnPremises("      tlsSenderCertificateName: autodiscover.contoso.com\n"));
        Assert.False(MeantForOnPremises("      tlsSenderCertificateName: mail.fabrikam.com\n"));
        Assert.True(MeantForOnPremises("      senderIPAddresses: [192.0.2.1, 203.0.113.25]\n"));
        Assert.False(MeantForOnPremises("      senderIPAddresses: [192.0.2.1]\n"));
        Assert.True(MeantForOnPremises("      senderIPAddresses: [203.0.113.26]\n",
            ("      egressIPAddresses: [203.0.113.25]\n", "      egressIPAddresses: [203.0.113.25]\n    - name: EX02\n      fqdn: ex02.contoso.com\n      egressIPAddresses: [203.0.113.26]\n"),
            ("sourceTransportServers: [EX01]", "sourceTransportServers: [EX01, EX02]")));
    }
}
