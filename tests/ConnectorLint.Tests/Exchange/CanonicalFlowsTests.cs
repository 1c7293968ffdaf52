using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>Which canonical flows a file gives ground for, and the message each one sends.</summary>
public class CanonicalFlowsTests
{
    private static IReadOnlyList<CanonicalFlow> Of(string text) =>
        CanonicalFlows.Of(new MailFlowSimulator(DesiredStateLoader.Load("t.yaml", text).State!));

    private static string FilteringService => TestPaths.ExampleText("topologies/d-filtering-service-in-front.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Partners => TestPaths.ExampleText("topologies/f-domains-and-partners.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The filtering-service example with a second domain whose MX is <paramref name="mx"/>.</summary>
    private static string WithSecondDomain(string mx) => RuleFixtureTests.Edit(FilteringService,
        ("\nexchangeOnline:", $"  - domainName: contoso.org\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: {mx}\n        preference: 10\n\nexchangeOnline:"));

    [Fact]
    public void InternetMailComesThroughTheServiceInFrontOfTheDomain()
    {
        var flow = Assert.Single(Of(FilteringService), f => f.Name.StartsWith("internet -> ", StringComparison.Ordinal));
        Assert.Equal("internet -> contoso.com (through eu-smtp-inbound-1.mimecast.com)", flow.Name);
        Assert.Equal(("195.130.217.0", "contoso-com.mail.protection.outlook.com"), (flow.Trace.Message.Client.ToString(), flow.Trace.Message.Host));
    }

    [Theory]
    [InlineData("contoso-org.mail.protection.outlook.com")]
    [InlineData("mail.global.frontbridge.com")]
    public void ADomainWhoseMxIsExchangeOnlineIsReachedAtItsMxBesideAServiceInFront(string mx)
    {
        var flow = Assert.Single(Of(WithSecondDomain(mx)), f => f.Name.StartsWith("internet -> contoso.org", StringComparison.Ordinal));
        Assert.Equal(("internet -> contoso.org", mx), (flow.Name, flow.Trace.Message.Host));
    }

    [Theory]
    [InlineData("      enabled: true\n      connectorType: partner\n      senderDomains: [\"*\"]\n", "      enabled: false\n      connectorType: partner\n      senderDomains: [\"*\"]\n")]
    [InlineData("      enabled: true\n      connectorType: partner\n      senderDomains: [\"*\"]\n", "      enabled: true\n      connectorType: onPremises\n      senderDomains: [\"*\"]\n")]
    [InlineData("      senderIPAddresses: [195.130.217.0/24, 91.220.42.0/24]\n", "")]
    [InlineData("      senderDomains: [\"*\"]\n", "      senderDomains: [contoso.net]\n")]
    public void OnlyAnEnabledPartnerConnectorForEveryoneWithAddressesStandsForTheService(string from, string to)
    {
        var flow = Assert.Single(Of(RuleFixtureTests.Edit(FilteringService, (from, to))), f => f.Name.StartsWith("internet -> contoso.com", StringComparison.Ordinal));
        Assert.Equal(("internet -> contoso.com", "eu-smtp-inbound-1.mimecast.com"), (flow.Name, flow.Trace.Message.Host));
    }

    [Fact]
    public void TheServiceIsThePartnerWithAddressesAmongOthers()
    {
        var text = RuleFixtureTests.Edit(FilteringService,
            ("      senderDomains: [\"*\"]\n", "      senderDomains: [\"*\", contoso.net]\n"),
            ("  inboundConnectors:\n", "  inboundConnectors:\n    - name: Everyone by certificate\n      enabled: true\n      connectorType: partner\n      senderDomains: [\"*\"]\n      tlsSenderCertificateName: mx.northwind.example\n"));
        Assert.Contains(Of(text), f => f.Name == "internet -> contoso.com (through eu-smtp-inbound-1.mimecast.com)");
    }

    [Theory]
    [InlineData("    domainType: internalRelay\n", "    domainType: externalRelay\n")]
    [InlineData("    mx:\n      - exchange: contoso-net.mail.protection.outlook.com\n        preference: 0\n", "")]
    public void NoInternetFlowToADomainThatIsNotReceivedHere(string from, string to) =>
        Assert.DoesNotContain(Of(RuleFixtureTests.Edit(Partners, (from, to))), f => f.Name == "internet -> contoso.net");

    [Fact]
    public void APartnerWritesFromItsOwnDomainAndAddress()
    {
        var text = RuleFixtureTests.Edit(Partners, ("      senderDomains: [fabrikam.com]\n", "      senderDomains: [\"*\", \"*.fabrikam.com\"]\n      senderIPAddresses: [192.0.2.16/28]\n"));
        var flow = Assert.Single(Of(text), f => f.Name == "partner 'From Fabrikam' -> contoso.com");
        Assert.Equal(("someone@fabrikam.com", "192.0.2.16", "mail.fabrikam.com"), (flow.Trace.Message.MailFrom, flow.Trace.Message.Client.ToString(), flow.Trace.Message.ClientCertificateName));
    }

    [Fact]
    public void APartnerWithoutAddressesWritesFromAnInternetServer()
    {
        var flow = Assert.Single(Of(Partners), f => f.Name == "partner 'From Fabrikam' -> contoso.com");
        Assert.Equal(CanonicalFlows.InternetServer, flow.Trace.Message.Client);
        Assert.DoesNotContain(Of(RuleFixtureTests.Edit(Partners, ("      senderDomains: [fabrikam.com]\n", "      senderDomains: [\"*\"]\n"))),
            f => f.Name.StartsWith("partner ", StringComparison.Ordinal));
    }

    [Fact]
    public void OnPremisesWritesToCloudMailboxesAtTheCoexistenceDomainTheFileNames()
    {
        static string Recipient(string text) =>
            Assert.Single(Of(text), f => f.Name == "on-premises mailbox -> cloud mailbox").Trace.Message.RcptTo;

        Assert.Equal("user@contoso.mail.onmicrosoft.com", Recipient(RuleFixtureTests.Clean));
        var named = RuleFixtureTests.Variant(("acceptedDomains:\n", "acceptedDomains:\n  - domainName: contoso-corp.mail.onmicrosoft.com\n    domainType: authoritative\n    verified: true\n"));
        Assert.Equal("user@contoso-corp.mail.onmicrosoft.com", Recipient(named));
    }
}
