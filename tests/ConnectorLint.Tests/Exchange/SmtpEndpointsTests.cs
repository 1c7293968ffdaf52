using System.Text;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>Which SMTP endpoints probe asks, and what the file expects each to present, for every shipped example.</summary>
public class SmtpEndpointsTests
{
    private static IReadOnlyList<SmtpEndpoint> Of(string yaml) =>
        SmtpEndpoints.Of(new MailFlowSimulator(DesiredStateLoader.Load("t.yaml", yaml).State!));

    private static string Describe(SmtpEndpoint endpoint) =>
        $"{endpoint.Host}:{endpoint.Port} at line {endpoint.Span.Line} ({endpoint.Description})" + string.Concat(endpoint.Expectations.Select(e => "\n    " + e switch
        {
            PresentsCertificate p => $"presents certificate '{p.Certificate.Name.Value}'",
            AttributedBy a => $"attributed by '{a.Connector.Name.Value}' as {a.TlsSenderCertificateName.Value}",
            ValidatedBy v => $"validated by {v.Peer}" + (v.PeerName is null ? "" : $" for {v.PeerName}"),
            RequiresTls r => $"TLS required by {r.Peer}",
            _ => e.ToString(),
        } + $" (line {e.Span.Line})"));

    [Fact]
    public void EveryExampleNamesItsEndpointsAndWhatTheyMustPresent()
    {
        var text = new StringBuilder();
        foreach (var example in TestPaths.AllExamples())
        {
            text.Append("# ").Append(example).Append('\n');
            foreach (var endpoint in Of(TestPaths.ExampleText(example)))
            {
                text.Append(Describe(endpoint)).Append('\n');
            }
        }

        WholeOutputSnapshot.Match(text.ToString());
    }

    [Fact]
    public void TheOutboundSmartHostPresentsTheCertificateOfTheSendConnectorToEop()
    {
        var endpoints = Of(TestPaths.ExampleText("contoso-hybrid.yaml"));
        var front = Assert.Single(endpoints, e => e.Host == "mail.contoso.com");
        Assert.Equal(25, front.Port);
        Assert.Equal("smtp-2026", Assert.Single(front.Expectations.OfType<PresentsCertificate>()).Certificate.Name.Value);
        Assert.Equal("mail.contoso.com", Assert.Single(front.Expectations.OfType<AttributedBy>()).TlsSenderCertificateName.Value);
        Assert.Contains(front.Expectations.OfType<ValidatedBy>(), v => v.PeerName == "mail.contoso.com");
        Assert.Single(front.Expectations.OfType<RequiresTls>());
    }

    [Fact]
    public void ACertificateNoConnectorToEopPresentsIsNotMatchedAgainstTheInboundConnector()
    {
        var yaml = TestPaths.ExampleText("contoso-hybrid.yaml").Replace("      tlsCertificate: smtp-2026\n", "", StringComparison.Ordinal);
        var front = Assert.Single(Of(yaml), e => e.Host == "mail.contoso.com");
        Assert.Single(front.Expectations.OfType<PresentsCertificate>());
        Assert.Empty(front.Expectations.OfType<AttributedBy>());
    }

    [Fact]
    public void OneHostAndPortIsOneEndpointWithEveryExpectation()
    {
        var yaml = TestPaths.ExampleText("contoso-hybrid.yaml")
            .Replace("      smartHosts: [mail.contoso.com]\n", "      smartHosts: [mail.contoso.com, \"[192.0.2.10]\", MAIL.contoso.com.]\n", StringComparison.Ordinal);
        var endpoints = Of(yaml);
        Assert.Single(endpoints, e => e.Host == "mail.contoso.com");
        Assert.Single(endpoints, e => e.Host == "192.0.2.10");
        Assert.Equal(endpoints.Count, endpoints.DistinctBy(e => (e.Host, e.Port)).Count());
    }

    [Theory]
    [InlineData("smtp.contoso.com", "smtp.contoso.com")]
    [InlineData(" SMTP.Contoso.com. ", "smtp.contoso.com")]
    [InlineData("[192.0.2.1]", "192.0.2.1")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("[192.0.2.1", "[192.0.2.1")]
    [InlineData("192.0.2.1]", "192.0.2.1]")]
    public void SmartHostNames(string smartHost, string host) => Assert.Equal(host, SmtpEndpoints.SmartHostName(smartHost));

    [Fact]
    public void SendConnectorPortAndTlsSettingsReachTheEndpoint()
    {
        var yaml = TestPaths.ExampleText("contoso-hybrid.yaml").Replace("      port: 25\n      requireTls: true\n      tlsAuthLevel: domainValidation", "      port: 587\n      requireTls: false\n      tlsAuthLevel: certificateValidation", StringComparison.Ordinal);
        var eop = Assert.Single(Of(yaml), e => e.Host == "contoso-com.mail.protection.outlook.com");
        Assert.Equal(587, eop.Port);
        Assert.Empty(eop.Expectations.OfType<RequiresTls>());
        Assert.Null(Assert.Single(eop.Expectations.OfType<ValidatedBy>()).PeerName);
    }

    private static string Clean => ConnectorLint.Tests.Rules.RuleFixtureTests.Clean;

    private static string Edit(params (string From, string To)[] edits) => ConnectorLint.Tests.Rules.RuleFixtureTests.Edit(Clean, edits);

    [Fact]
    public void AServerNamedByItsReceiveConnectorPresentsTheCertificateThatCarriesTheName()
    {
        // The receive connector answers as mail.contoso.com and requires TLS; Exchange Online's smart host is elsewhere.
        var yaml = Edit(("      transportRole: frontendTransport\n", "      transportRole: frontendTransport\n      fqdn: mail.contoso.com\n"),
            ("      requireTls: false\n      anonymousRelay: true\n", "      requireTls: true\n      anonymousRelay: true\n"),
            ("smartHosts: [mail.contoso.com]", "smartHosts: [relay.contoso.com]"));
        var server = Assert.Single(Of(yaml), e => e.Host == "mail.contoso.com");
        int Line(string text) => RuleFixtureTests.Position(yaml, text, text).Line;
        var binding = RuleFixtureTests.PositionInBlock(yaml, "      transportRole: frontendTransport\n      fqdn: mail.contoso.com\n", 1, "fqdn").Line;
        var certificate = Line("- name: smtp-2026");
        var attribution = Line("tlsSenderCertificateName: mail.contoso.com");
        var tls = RuleFixtureTests.PositionInBlock(yaml, "      requireTls: true\n      anonymousRelay: true\n", 0, "requireTls").Line;
        Assert.Equal(
            $"mail.contoso.com:25 at line {binding} (server 'EX01' (receive connector 'Scanner relay'))\n    presents certificate 'smtp-2026' (line {certificate})"
            + $"\n    attributed by 'From on-premises' as mail.contoso.com (line {attribution})\n    validated by Exchange Online's inbound connector 'From on-premises' (line {attribution})"
            + $"\n    TLS required by receive connector 'Scanner relay' (line {tls})",
            Describe(server));
        Assert.Equal("a certificate that does not validate does not attribute the mail to the tenant: 550 5.7.64 TenantAttribution",
            server.Expectations.OfType<ValidatedBy>().Single().WhenInvalid);
    }

    [Fact]
    public void DisabledConnectorsAndDnsRoutingNameNoSmartHost()
    {
        Assert.Contains(Of(Clean), e => e.Host == "contoso-com.mail.protection.outlook.com");
        Assert.DoesNotContain(Of(Edit(("    - name: Outbound to Office 365\n      enabled: true", "    - name: Outbound to Office 365\n      enabled: false"))), e => e.Host == "contoso-com.mail.protection.outlook.com");
        Assert.Contains(Of(Clean), e => e.Host == "mail.contoso.com");
        Assert.DoesNotContain(Of(Edit(("    - name: To on-premises\n      enabled: true", "    - name: To on-premises\n      enabled: false"))), e => e.Host == "mail.contoso.com");
    }

    [Fact]
    public void CertificateValidationByExchangeOnlineChecksTheChainButNoName()
    {
        var yaml = Edit(("      tlsSettings: domainValidation\n      tlsDomain: mail.contoso.com\n", "      tlsSettings: certificateValidation\n"));
        var validated = Assert.Single(Assert.Single(Of(yaml), e => e.Host == "mail.contoso.com").Expectations.OfType<ValidatedBy>(), v => v.Peer.StartsWith("Exchange Online's outbound", StringComparison.Ordinal));
        Assert.Null(validated.PeerName);
    }

    [Fact]
    public void TheCertificateIsMatchedWhenAnyConnectorToEopPresentsIt()
    {
        var yaml = Edit(("  receiveConnectors:\n", "    - name: Fabrikam through EOP\n      enabled: true\n      addressSpaces: [fabrikam.com]\n      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n      sourceTransportServers: [EX01]\n  receiveConnectors:\n"));
        var server = Assert.Single(Of(yaml), e => e.Host == "mail.contoso.com");
        Assert.Single(server.Expectations.OfType<AttributedBy>());
    }
}
