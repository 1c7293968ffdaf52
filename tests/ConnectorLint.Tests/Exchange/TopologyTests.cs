using ConnectorLint.Diagnostics;
using ConnectorLint.Dns;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Drift;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>
/// The topologies real organizations run (topologies.md): each clean example lints with no error
/// and no warning, its canonical flows trace right, and each change that breaks it in real life
/// fires the expected rule at its line and traces as the bounce it causes.
/// </summary>
public class TopologyTests
{
    private const string ClassicHybrid = "topologies/a-classic-hybrid.yaml";

    public static TheoryData<string> Topologies() =>
        [.. TestPaths.AllExamples().Where(e => e.StartsWith("topologies/", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void TheCleanTopologyHasNoErrorOrWarning(string example)
    {
        var findings = RuleFixtureTests.LintAll(TestPaths.ExampleText(example));
        Assert.DoesNotContain(findings, f => f.Severity >= Severity.Warning);
    }

    [Theory]
    [InlineData("198.51.100.7", "contoso-com.mail.protection.outlook.com", 25, false, "someone@fabrikam.com", "user@contoso.com", "delivered to user@contoso.com as internet mail from fabrikam.com")]
    [InlineData("10.0.0.50", "ex01.contoso.com", 587, true, "user@contoso.com", "someone@fabrikam.com", "delivered to someone@fabrikam.com (SPF pass)")]
    [InlineData("10.0.0.50", "ex01.contoso.com", 587, true, "user@contoso.com", "user@contoso.mail.onmicrosoft.com", "delivered to user@contoso.mail.onmicrosoft.com in Exchange Online")]
    public void ClassicHybridCanonicalFlowsAreDelivered(string client, string host, int port, bool auth, string from, string to, string outcome)
    {
        var trace = Trace(TestPaths.ExampleText(ClassicHybrid), client, host, port, auth, from, to);
        Assert.True(trace.Outcome.Delivered, Describe(trace));
        Assert.Equal(outcome, trace.Outcome.Text);
    }

    [Fact]
    public void ClassicHybridTheRenewedCertificateCarriesAnotherName()
    {
        var text = Variant(ClassicHybrid,
            ("subject: CN=mail.contoso.com", "subject: CN=smtp.contoso.com"),
            ("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.contoso.com]"),
            ("tlsCertificateName: \"<I>CN=Contoso Issuing CA, O=Contoso,\n        C=US<S>CN=mail.contoso.com\"\n      sourceTransportServers",
                "tlsCertificateName: \"<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=smtp.contoso.com\"\n      sourceTransportServers"));
        AssertFires(text, "CL305", "tlsSenderCertificateName: mail.contoso.com", "mail.contoso.com");
        var trace = Trace(text, "10.0.0.50", "ex01.contoso.com", 587, true, "user@contoso.com", "user@contoso.mail.onmicrosoft.com");
        Assert.Equal(("550 5.7.64", "inbound connector 'Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a'"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    [Fact]
    public void ClassicHybridTheWizardsInboundConnectorIsDisabled()
    {
        var text = Variant(ClassicHybrid, ("    - name: Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a\n      enabled: true", "    - name: Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a\n      enabled: false"));
        AssertFires(text, "CL302", "enabled: false", "false");
        var trace = Trace(text, "10.0.0.50", "ex01.contoso.com", 587, true, "user@contoso.com", "user@contoso.mail.onmicrosoft.com");
        Assert.Equal(("550 5.4.1", "Exchange Online Protection"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    [Fact]
    public void ClassicHybridTheCertificateNamedByIssuerAndSubjectIsNotDescribed()
    {
        var text = Variant(ClassicHybrid, ("tlsCertificateName: \"<I>CN=Contoso Issuing CA, O=Contoso,\n        C=US<S>CN=mail.contoso.com\"\n      sourceTransportServers",
            "tlsCertificateName: \"<I>CN=Other CA<S>CN=mail.contoso.com\"\n      sourceTransportServers"));
        var finding = Assert.Single(RuleFixtureTests.Lint(text), f => f.RuleId == "CL003");
        Assert.Equal(RuleFixtureTests.Position(text, "CN=Other CA", "\"<I>").Line, finding.Span.Line);
    }

    [Fact]
    public void ClassicHybridTheOutboundConnectorValidatesANameTheServerDoesNotPresent()
    {
        var text = Variant(ClassicHybrid, ("tlsDomain: mail.contoso.com", "tlsDomain: smtp.contoso.com"));
        AssertFires(text, "CL311", "tlsDomain: smtp.contoso.com", "smtp.contoso.com");

        // A certificate carrying the name, found by the server's name when the receive connector does not say.
        var byName = Variant(ClassicHybrid, ("      tlsCertificateName: \"<I>CN=Contoso Issuing CA, O=Contoso,\n        C=US<S>CN=mail.contoso.com\"\n      tlsDomainCapabilities", "      tlsDomainCapabilities"),
            ("fqdn: ex01.contoso.com", "fqdn: mail.contoso.com"), ("tlsDomain: mail.contoso.com", "tlsDomain: smtp.contoso.com"));
        AssertFires(byName, "CL311", "tlsDomain: smtp.contoso.com", "smtp.contoso.com");
    }

    [Fact]
    public void MicrosoftManagedDomainsNeedNoSpfAndTakeTheTenantEndpoint()
    {
        var state = DesiredStateLoader.Load("a.yaml", TestPaths.ExampleText(ClassicHybrid)).State!;
        Assert.True(ExchangeOnlineEndpoints.IsMicrosoftManaged("contoso.mail.onmicrosoft.com"));
        Assert.True(ExchangeOnlineEndpoints.IsMicrosoftManaged("Contoso.onmicrosoft.us."));
        Assert.False(ExchangeOnlineEndpoints.IsMicrosoftManaged("onmicrosoft.com"));
        Assert.False(ExchangeOnlineEndpoints.IsMicrosoftManaged("contoso.com"));
        Assert.Equal("contoso.mail.protection.outlook.com", new MailFlowTopology(state).TenantEndpoint);

        // Another tenant's endpoint as the MX of the initial domain is still wrong.
        var wrong = Variant(ClassicHybrid, ("  - domainName: contoso.onmicrosoft.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso.mail.protection.outlook.com",
            "  - domainName: contoso.onmicrosoft.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: fabrikam.mail.protection.outlook.com"));
        AssertFires(wrong, "CL103", "exchange: fabrikam.mail", "fabrikam.mail");
    }

    private const string ThroughEop = "topologies/b-outbound-through-eop.yaml";

    [Theory]
    [InlineData(MailboxOrigin.OnPremises, "someone@fabrikam.com", "delivered to someone@fabrikam.com through Exchange Online Protection")]
    [InlineData(MailboxOrigin.Cloud, "someone@fabrikam.com", "delivered to someone@fabrikam.com from Exchange Online (SPF pass)")]
    [InlineData(MailboxOrigin.Cloud, "user@contoso.net", "delivered to user@contoso.net inside the organization")]
    public void ThroughEopCanonicalFlowsAreDelivered(MailboxOrigin origin, string to, string outcome)
    {
        var state = DesiredStateLoader.Load("b.yaml", TestPaths.ExampleText(ThroughEop)).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(origin, "user@contoso.com", to);
        Assert.Equal(outcome, trace.Outcome.Text);
    }

    [Fact]
    public void ThroughEopTheSmartHostIsStillTheRetiredFopeEndpoint()
    {
        var text = Variant(ThroughEop, ("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [contoso-com.mail.eo.outlook.com]"));
        AssertFires(text, "CL104", "smartHosts:", "contoso-com.mail.eo");
        var state = DesiredStateLoader.Load("b.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal("550 5.4.1", trace.Outcome.Code);
    }

    [Fact]
    public void ThroughEopTheRenewedCertificateLostTheExpectedName()
    {
        var text = Variant(ThroughEop, ("subject: CN=mail.contoso.com", "subject: CN=smtp.contoso.com"),
            ("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.contoso.com]"));
        AssertFires(text, "CL305", "tlsSenderCertificateName: mail.contoso.com", "mail.contoso.com");
        var state = DesiredStateLoader.Load("b.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal(("550 5.7.64", "inbound connector 'From on-premises'"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    private const string Centralized = "topologies/c-centralized-mail-transport.yaml";

    [Fact]
    public void CentralizedCanonicalFlowsAreDelivered()
    {
        var text = TestPaths.ExampleText(Centralized);
        var state = DesiredStateLoader.Load("c.yaml", text).State!;
        var simulator = new MailFlowSimulator(state);
        var cloudToInternet = simulator.TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.True(cloudToInternet.Outcome.Delivered, Describe(cloudToInternet));
        Assert.Contains(cloudToInternet.Hops, h => h.Decision.Contains("AcceptCloudServicesMail grants it the relay right", StringComparison.Ordinal));
        Assert.Equal("check_host(203.0.113.25, contoso.com) = pass", cloudToInternet.Hops[^1].Decision);

        var onPremisesToInternet = simulator.TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "someone@fabrikam.com");
        Assert.True(onPremisesToInternet.Outcome.Delivered, Describe(onPremisesToInternet));
        var internetToMx = Trace(text, "198.51.100.7", "mail.contoso.com", 25, false, "someone@fabrikam.com", "user@contoso.com");
        Assert.True(internetToMx.Outcome.Delivered, Describe(internetToMx));
        var toCloudMailbox = simulator.TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.com");
        Assert.Equal("delivered to user@contoso.mail.onmicrosoft.com in Exchange Online", toCloudMailbox.Outcome.Text);
    }

    [Fact]
    public void CentralizedTheReceiveConnectorWasRecreatedWithoutTheHybridRelayRight()
    {
        var text = Variant(Centralized, ("      tlsDomainCapabilities:\n        - \"mail.protection.outlook.com:AcceptCloudServicesMail\"\n", ""));
        AssertFires(text, "CL408", "name: Default Frontend EX01", "Default Frontend EX01");
        var state = DesiredStateLoader.Load("c.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal(("550 5.7.54", "receive connector 'Default Frontend EX01'"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    [Fact]
    public void CentralizedTheEgressAddressChangedAndSpfDidNotFollow()
    {
        var text = Variant(Centralized, ("egressIPAddresses: [203.0.113.25]", "egressIPAddresses: [203.0.113.40]"));
        AssertFires(text, "CL114", "egressIPAddresses:", "203.0.113.40");
        var state = DesiredStateLoader.Load("c.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal("550 5.7.23", trace.Outcome.Code);
    }

    private const string FilterInFront = "topologies/d-filtering-service-in-front.yaml";

    [Fact]
    public void FilterInFrontCanonicalFlows()
    {
        var text = TestPaths.ExampleText(FilterInFront);
        var fromTheService = Trace(text, "195.130.217.5", "contoso-com.mail.protection.outlook.com", 25, false, "someone@fabrikam.com", "user@contoso.com");
        Assert.True(fromTheService.Outcome.Delivered, Describe(fromTheService));
        Assert.Contains(fromTheService.Hops, h => h.Decision.Contains("Enhanced Filtering skips this hop", StringComparison.Ordinal));

        // Bypassing the service to reach EOP directly is refused: the restriction works.
        var bypass = Trace(text, "198.51.100.9", "contoso-com.mail.protection.outlook.com", 25, false, "someone@fabrikam.com", "user@contoso.com");
        Assert.Equal(("550 5.7.51", "inbound connector 'From Mimecast'"), (bypass.Outcome.Code, bypass.Outcome.RefusingHop));

        var state = DesiredStateLoader.Load("d.yaml", text).State!;
        var outbound = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal("handed to smart host de-smtp-outbound-1.mimecast.com; what happens there is outside this file", outbound.Outcome.Text);
    }

    [Fact]
    public void FilterInFrontTheOutboundConnectorToTheServiceIsDisabled()
    {
        var text = Variant(FilterInFront, ("    - name: To Mimecast\n      enabled: true", "    - name: To Mimecast\n      enabled: false"));
        AssertFires(text, "CL113", "spf:", "\"v=spf1");
        var state = DesiredStateLoader.Load("d.yaml", text).State!;
        var outbound = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal("550 5.7.23", outbound.Outcome.Code);
    }

    [Fact]
    public void FilterInFrontTheMxWasMovedToExchangeOnlineButTheRestrictionStayed()
    {
        var text = Variant(FilterInFront, ("exchange: eu-smtp-inbound-1.mimecast.com", "exchange: contoso-com.mail.protection.outlook.com"));
        AssertFires(text, "CL310", "exchange: contoso-com", "contoso-com");
        var trace = Trace(text, "198.51.100.9", "contoso-com.mail.protection.outlook.com", 25, false, "someone@fabrikam.com", "user@contoso.com");
        Assert.Equal("550 5.7.51", trace.Outcome.Code);
    }

    private const string Partners = "topologies/f-domains-and-partners.yaml";

    [Fact]
    public void PartnersCanonicalFlows()
    {
        var text = TestPaths.ExampleText(Partners);
        var state = DesiredStateLoader.Load("f.yaml", text).State!;
        var simulator = new MailFlowSimulator(state);
        var toPartner = simulator.TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.True(toPartner.Outcome.Delivered, Describe(toPartner));
        Assert.Contains(toPartner.Hops, h => h.Decider == "outbound connector 'To Fabrikam'");

        var fromPartner = new MailFlowSimulator(state).Trace(new FlowMessage(System.Net.IPAddress.Parse("192.0.2.50"), "contoso-com.mail.protection.outlook.com", 25, false, true,
            "someone@fabrikam.com", "user@contoso.com", "mail.fabrikam.com"));
        Assert.True(fromPartner.Outcome.Delivered, Describe(fromPartner));
        Assert.Contains(fromPartner.Hops, h => h.Decision == "the partner connector matches the certificate 'mail.fabrikam.com'");

        var withoutCertificate = Trace(text, "192.0.2.50", "contoso-com.mail.protection.outlook.com", 25, false, "someone@fabrikam.com", "user@contoso.com");
        Assert.Equal(("550 5.7.51", "inbound connector 'From Fabrikam'"), (withoutCertificate.Outcome.Code, withoutCertificate.Outcome.RefusingHop));

        var subdomain = TraceSender(text, "HR system", "someone@fabrikam.com");
        Assert.True(subdomain.Outcome.Delivered, Describe(subdomain));
        var legacy = simulator.TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "user@contoso.net");
        Assert.Equal("handed to smart host legacy.contoso.net; what happens there is outside this file", legacy.Outcome.Text);
    }

    [Fact]
    public void PartnersThePartnersDomainWasAddedAsAnAcceptedDomain()
    {
        // The advice the first version gave for a partner's senderDomains; following it breaks mail to the partner.
        var text = Variant(Partners, ("\nexchangeOnline:", "  - domainName: fabrikam.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: mail.fabrikam.com\n        preference: 10\n    spf: \"v=spf1 mx include:spf.protection.outlook.com -all\"\n\nexchangeOnline:"));
        AssertFires(text, "CL107", "domainName: fabrikam.com", "fabrikam.com");
        var state = DesiredStateLoader.Load("f.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal(("550 5.1.10", "Exchange Online"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    [Fact]
    public void PartnersSubdomainsAreNoLongerMatched()
    {
        var text = Variant(Partners, ("    matchSubDomains: true\n", ""));
        AssertFires(text, "CL105", "mailFrom: hr@eu.contoso.com", "hr@");
        Assert.Equal("550 5.7.60", TraceSender(text, "HR system", "someone@fabrikam.com").Outcome.Code);
    }

    private const string Edge = "topologies/g-edge-subscription.yaml";

    [Theory]
    [InlineData(MailboxOrigin.OnPremises, "someone@fabrikam.com", "delivered to someone@fabrikam.com (SPF pass)")]
    [InlineData(MailboxOrigin.OnPremises, "user@contoso.mail.onmicrosoft.com", "delivered to user@contoso.mail.onmicrosoft.com in Exchange Online")]
    [InlineData(MailboxOrigin.Cloud, "someone@fabrikam.com", "delivered to someone@fabrikam.com from Exchange Online (SPF pass)")]
    public void EdgeCanonicalFlowsAreDelivered(MailboxOrigin origin, string to, string outcome)
    {
        var state = DesiredStateLoader.Load("g.yaml", TestPaths.ExampleText(Edge)).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(origin, "user@contoso.com", to);
        Assert.Equal(outcome, trace.Outcome.Text);
        if (origin == MailboxOrigin.OnPremises && to.EndsWith("fabrikam.com", StringComparison.Ordinal))
        {
            Assert.Contains(trace.Hops, h => h.Decision.Contains("from EDGE01 (203.0.113.30)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EdgeTheEdgeCertificateWasRenewedUnderAnotherName()
    {
        var text = Variant(Edge, ("subject: CN=edge01.contoso.com", "subject: CN=mail.contoso.com"),
            ("subjectAlternativeNames: [edge01.contoso.com]", "subjectAlternativeNames: [mail.contoso.com]"),
            ("<S>CN=edge01.contoso.com\"", "<S>CN=mail.contoso.com\""));
        AssertFires(text, "CL305", "tlsSenderCertificateName: edge01.contoso.com", "edge01.contoso.com");
        var state = DesiredStateLoader.Load("g.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.com");
        Assert.Equal("550 5.7.64", trace.Outcome.Code);
    }

    [Fact]
    public void EdgeTheEdgeMovedToAnotherPublicAddress()
    {
        var text = Variant(Edge, ("egressIPAddresses: [203.0.113.30]", "egressIPAddresses: [203.0.113.31]"));
        AssertFires(text, "CL114", "egressIPAddresses:", "203.0.113.31");
        var state = DesiredStateLoader.Load("g.yaml", text).State!;
        Assert.Equal("550 5.7.23", new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "someone@fabrikam.com").Outcome.Code);
    }

    [Fact]
    public void EdgeDriftNeverLooksUpTheSubscriptionsSmartHostAndCallsInternalNamesUnknown()
    {
        Assert.True(SmartHost.IsLiteral("--"));
        Assert.True(SmartHost.IsLiteral("[192.0.2.10]"));
        Assert.True(SmartHost.IsInternalName("ex01.corp.contoso.local"));
        Assert.True(SmartHost.IsInternalName("EX01"));
        Assert.False(SmartHost.IsInternalName("edge01.contoso.com"));

        var folder = Directory.CreateTempSubdirectory("connectorlint-edge-").FullName;
        var zone = Path.Combine(folder, "contoso.zone");
        File.WriteAllText(zone, string.Join('\n',
            "$ORIGIN contoso.com.",
            "@ MX 10 edge01",
            "@ TXT \"v=spf1 ip4:203.0.113.30 include:spf.protection.outlook.com -all\"",
            "_dmarc TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@contoso.com\"",
            "edge01 A 203.0.113.30",
            "$ORIGIN mail.onmicrosoft.com.",
            "contoso MX 0 contoso.mail.protection.outlook.com.",
            "$ORIGIN protection.outlook.com.",
            "contoso.mail A 192.0.2.99",
            "spf TXT \"v=spf1 -all\"",
            ""));
        var file = Path.Combine(folder, "g.yaml");
        File.WriteAllText(file, TestPaths.ExampleText(Edge));
        var result = ConnectorLint.Tests.Cli.CliRunner.Run("drift", file, "--zone-file", zone, "--format", "json");
        Assert.DoesNotContain("'--'", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CL505", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void ValuesAsExchangePrintsThemAreReadAsTheFormatsOwn()
    {
        var text = Variant(ThroughEop,
            ("domainType: authoritative", "domainType: Authoritative"),
            ("smartHostAuthMechanism: none", "smartHostAuthMechanism: None"),
            ("tlsAuthLevel: domainValidation", "tlsAuthLevel: DomainValidation"),
            ("transportRole: frontendTransport", "transportRole: FrontendTransport"),
            ("permissionGroups: [anonymousUsers]", "permissionGroups: [AnonymousUsers]"),
            ("authMechanism: [tls]", "authMechanism: [Tls]"),
            ("connectorType: onPremises\n      senderDomains: [\"*\"]", "connectorType: OnPremises\n      senderDomains: [\"SMTP:*;1\"]"),
            ("tlsSettings: domainValidation", "tlsSettings: DomainValidation"),
            ("addressSpaces: [\"*\"]", "addressSpaces: [\"SMTP:*;1\"]"));
        Assert.Empty(RuleFixtureTests.LintAll(text));
        var state = DesiredStateLoader.Load("b.yaml", text).State!;
        Assert.Equal("anonymousUsers", state.ReceiveConnectors.Single().PermissionGroups.Single().Value);
        Assert.Equal("*", state.InboundConnectors.Single().SenderDomains.Single().Value);
        var copier = TraceSender(text, "Copier 3rd floor", "someone@fabrikam.com");
        Assert.True(copier.Outcome.Delivered, Describe(copier));
    }

    [Fact]
    public async Task EdgeDriftAsksInternalNamesOfTheInternalDnsOnly()
    {
        // A smart host with an internal name: the public DNS cannot answer it, the internal one can.
        var text = Variant(Edge, ("smartHosts: [edge01.contoso.com]", "smartHosts: [ex01.corp.contoso.local]"));
        var state = DesiredStateLoader.Load("g.yaml", text).State!;
        var publicDns = ZoneFile.Parse("public.zone", "contoso.com. MX 10 edge01.contoso.com.\nedge01.contoso.com. A 203.0.113.30\n");
        var internalDns = ZoneFile.Parse("internal.zone", "ex01.corp.contoso.local. A 10.0.0.5\n");
        static ConnectorLint.Drift.RecordDrift Host(ConnectorLint.Drift.DriftChecker.Result result) =>
            result.Domains.SelectMany(d => d.Records).Single(r => r.Name == "ex01.corp.contoso.local");

        var unknown = await new ConnectorLint.Drift.DriftChecker(publicDns).CheckAsync(state);
        Assert.Equal(ConnectorLint.Drift.RecordState.Unknown, Host(unknown).State);
        Assert.DoesNotContain(unknown.Observations, f => f.Check == DriftCheck.Unresolvable && f.Message.Contains("ex01.corp", StringComparison.Ordinal));

        var checkedInternally = await new ConnectorLint.Drift.DriftChecker(publicDns, internalDns).CheckAsync(state);
        Assert.Equal(ConnectorLint.Drift.RecordState.InSync, Host(checkedInternally).State);

        var missing = await new ConnectorLint.Drift.DriftChecker(publicDns, ZoneFile.Parse("empty.zone", "corp.contoso.local. TXT \"x\"\n")).CheckAsync(state);
        Assert.Equal(ConnectorLint.Drift.RecordState.Drift, Host(missing).State);
    }

    [Theory]
    [InlineData(ClassicHybrid)]
    [InlineData(ThroughEop)]
    [InlineData(Centralized)]
    [InlineData(Edge)]
    public void HybridCloudMailboxToOnPremisesMailboxAndBack(string example)
    {
        var state = DesiredStateLoader.Load("h.yaml", TestPaths.ExampleText(example)).State!;
        var simulator = new MailFlowSimulator(state);
        var toOnPremises = simulator.TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "other@contoso.com", recipientOnPremises: true);
        Assert.Equal("delivered to other@contoso.com inside the organization", toOnPremises.Outcome.Text);
        Assert.Contains(toOnPremises.Hops, h => h.Stage == HopStage.ExoOutbound && h.Decider.StartsWith("outbound connector", StringComparison.Ordinal));
        Assert.Contains(toOnPremises.Hops, h => h.Stage == HopStage.OnPremisesReceive);
    }

    [Fact]
    public void ClassicHybridTheCloudToOnPremisesTlsCheckFails()
    {
        var text = Variant(ClassicHybrid, ("tlsDomain: mail.contoso.com", "tlsDomain: smtp.contoso.com"));
        var state = DesiredStateLoader.Load("a.yaml", text).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "other@contoso.com", recipientOnPremises: true);
        Assert.Equal("550 4.4.7", trace.Outcome.Code);
    }

    [Theory]
    [InlineData(ClassicHybrid, "contoso-com.mail.protection.outlook.com")]
    [InlineData(ThroughEop, "contoso-com.mail.protection.outlook.com")]
    [InlineData(Edge, "edge01.contoso.com")]
    [InlineData(Partners, "contoso-com.mail.protection.outlook.com")]
    [InlineData(OnlineWithDevices, "fabrikam-com.mail.protection.outlook.com")]
    public void AnInternetSenderReachesTheMx(string example, string mx)
    {
        var recipient = example == OnlineWithDevices ? "user@fabrikam.com" : "user@contoso.com";
        var trace = Trace(TestPaths.ExampleText(example), "198.51.100.7", mx, 25, false, "someone@northwind.example", recipient);
        Assert.True(trace.Outcome.Delivered, Describe(trace));
    }

    [Fact]
    public void ClassicHybridCloudMailboxToTheInternet()
    {
        var state = DesiredStateLoader.Load("a.yaml", TestPaths.ExampleText(ClassicHybrid)).State!;
        var trace = new MailFlowSimulator(state).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", "someone@fabrikam.com");
        Assert.Equal("delivered to someone@fabrikam.com from Exchange Online (SPF pass)", trace.Outcome.Text);
    }

    private const string OnlineWithDevices = "topologies/e-exchange-online-devices.yaml";

    [Theory]
    [InlineData("Scan to email", "user@fabrikam.com")]
    [InlineData("Scan to email", "someone@contoso.com")]
    [InlineData("Alarm panel", "user@fabrikam.com")]
    [InlineData("Invoicing application", "user@fabrikam.com")]
    [InlineData("Invoicing application", "someone@contoso.com")]
    public void OnlineWithDevicesEveryOptionDelivers(string sender, string recipient)
    {
        var trace = TraceSender(TestPaths.ExampleText(OnlineWithDevices), sender, recipient);
        Assert.True(trace.Outcome.Delivered, Describe(trace));
    }

    [Fact]
    public void OnlineWithDevicesTheApplicationMovedToAnotherPublicAddress()
    {
        var text = Variant(OnlineWithDevices, ("    sourceIPAddress: 198.51.100.10\n    submitTo: connectorRelay", "    sourceIPAddress: 198.51.100.11\n    submitTo: connectorRelay"));
        AssertFires(text, "CL402", "name: Invoicing application", "Invoicing application");
        var trace = TraceSender(text, "Invoicing application", "someone@contoso.com");
        Assert.Equal(("550 5.7.1", "fabrikam-com.mail.protection.outlook.com"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    [Fact]
    public void OnlineWithDevicesTheTenantRejectsDirectSend()
    {
        var text = Variant(OnlineWithDevices, ("rejectDirectSend: false", "rejectDirectSend: true"));
        var finding = Assert.Single(RuleFixtureTests.Lint(text));
        Assert.Equal(("CL405", RuleFixtureTests.Position(text, "name: Alarm panel", "Alarm panel")), (finding.RuleId, (finding.Span.Line, finding.Span.Column)));
        Assert.Contains("550 5.7.68", finding.Message, StringComparison.Ordinal);
        Assert.Equal("550 5.7.68", TraceSender(text, "Alarm panel", "user@fabrikam.com").Outcome.Code);

        // The relaying application is matched by the connector, so direct-send rejection leaves it alone.
        Assert.True(TraceSender(text, "Invoicing application", "user@fabrikam.com").Outcome.Delivered);
    }

    [Fact]
    public void OnlineWithDevicesTheTenantTurnsSmtpAuthOff()
    {
        var text = Variant(OnlineWithDevices, ("smtpClientAuthenticationDisabled: false", "smtpClientAuthenticationDisabled: true"));
        AssertFires(text, "CL403", "name: Scan to email", "Scan to email");
        Assert.Equal("535 5.7.139", TraceSender(text, "Scan to email", "someone@contoso.com").Outcome.Code);
    }

    private static FlowTrace TraceSender(string text, string sender, string recipient)
    {
        var state = DesiredStateLoader.Load("topology.yaml", text).State!;
        return new MailFlowSimulator(state).Trace(MailFlowSimulator.ForSender(state.Senders.Single(s => s.Name.Value == sender), recipient));
    }

    private static string Variant(string example, params (string From, string To)[] edits) =>
        RuleFixtureTests.Edit(TestPaths.ExampleText(example).Replace("\r\n", "\n", StringComparison.Ordinal), edits);

    /// <summary>The rule fires at the line and column given, and no other error or warning comes with it.</summary>
    private static void AssertFires(string text, string ruleId, string line, string column)
    {
        var findings = RuleFixtureTests.Lint(text).Where(f => f.Severity >= Severity.Warning && f.RuleId != "CL409").ToList();
        var expected = RuleFixtureTests.Position(text, line, column);
        Assert.True(findings.All(f => f.RuleId == ruleId), string.Join("\n", findings));
        Assert.Contains(findings, f => (f.Span.Line, f.Span.Column) == expected);
    }

    private static FlowTrace Trace(string text, string client, string host, int port, bool auth, string from, string to)
    {
        var state = DesiredStateLoader.Load("topology.yaml", text).State!;
        return new MailFlowSimulator(state).Trace(new FlowMessage(System.Net.IPAddress.Parse(client), host, port, auth, true, from, to));
    }

    private static string Describe(FlowTrace trace) =>
        string.Join("\n", trace.Hops.Select(h => $"{h.Stage}: {h.Decider}: {h.Decision}")) + $"\n=> {trace.Outcome.Code} {trace.Outcome.Text}";
}
