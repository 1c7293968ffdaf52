using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using static ConnectorLint.Tests.Rules.RuleFixtureTests;

namespace ConnectorLint.Tests.Exchange;

/// <summary>
/// Estates with several onPremises inbound connectors (issue 25, class 1): two forests, and
/// applications relaying beside the hybrid. EOP attributes each connection to one connector; a
/// finding names the connector that connection really reaches, and its advice never copies one
/// forest's or one application's criteria into another's connector.
/// </summary>
public class EstateAttributionTests
{
    private static string TwoForests => TestPaths.ExampleText("topologies/i-two-forests.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string ApplicationRelays => TestPaths.ExampleText("topologies/h-application-relays.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static DesiredState Load(string text) => DesiredStateLoader.Load("estate.yaml", text).State!;

    [Fact]
    public void Each_forest_is_attributed_to_its_own_connector()
    {
        var topology = new MailFlowTopology(Load(TwoForests));

        var attributed = topology.EopConnections.ToDictionary(c => c.Server!.Name.Value, c => c.Decision.Connector?.Name.Value);

        Assert.Equal(new Dictionary<string, string?> { ["EX01"] = "Inbound from contoso forest", ["FABEX01"] = "Inbound from fabrikam forest" }, attributed);
        Assert.Empty(LintAll(TwoForests));
    }

    /// <summary>Trace reads the decision the rules read: from each server, the EOP hop names the connector EopConnections chose.</summary>
    [Theory]
    [InlineData("topologies/i-two-forests.yaml")]
    [InlineData("topologies/h-application-relays.yaml")]
    [InlineData("topologies/k-two-sites-two-versions.yaml")]
    [InlineData("topologies/m-gateway-hybrid.yaml")]
    public void Trace_attributes_each_servers_mail_as_the_rules_decided(string example)
    {
        var state = Load(TestPaths.ExampleText(example));
        var simulator = new MailFlowSimulator(state);

        foreach (var connection in simulator.Topology.EopConnections)
        {
            var to = "user@" + DomainPattern.Parse(connection.Connector.AddressSpaces[0].Value).Pattern.TrimStart('*', '.');
            var trace = simulator.TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", to.EndsWith('@') ? "user@contoso.mail.onmicrosoft.com" : to, serverName: connection.Server!.Name.Value);
            var hop = Assert.Single(trace.Hops, h => h.Stage == HopStage.EopInbound);
            Assert.Equal($"inbound connector '{connection.Decision.Connector!.Name.Value}'", hop.Decider);
            Assert.Same(connection.Decision, simulator.Topology.AttributionFor(connection.Connector, connection.Server, connection.Egress?.Value, connection.Certificate, "contoso.com"));
        }
    }

    /// <summary>The renewal in forest B under another name: forest B's send connector against forest B's connector.</summary>
    [Fact]
    public void A_renewal_in_forest_B_is_judged_against_forest_Bs_connector_only()
    {
        var renewed = Edit(TwoForests,
            ("subject: CN=mail.fabrikam.com", "subject: CN=smtp.fabrikam.com"),
            ("<S>CN=mail.fabrikam.com", "<S>CN=smtp.fabrikam.com"),
            ("subjectAlternativeNames: [mail.fabrikam.com, autodiscover.fabrikam.com]", "subjectAlternativeNames: [smtp.fabrikam.com]"));

        var findings = Lint(renewed);

        // The renewal also breaks Exchange Online's TLS check of forest B's server (CL311), and nothing of forest A.
        Assert.Equal(["CL305", "CL311"], findings.Select(f => f.RuleId).Order());
        Assert.Contains("outbound connector 'Outbound to fabrikam forest'", findings.Single(f => f.RuleId == "CL311").Message, StringComparison.Ordinal);
        var finding = findings.Single(f => f.RuleId == "CL305");
        Assert.Equal(Position(renewed, "tlsSenderCertificateName: mail.fabrikam.com", "mail.fabrikam.com"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("inbound connector 'Inbound from fabrikam forest'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("send connector 'Outbound to Office 365 (fabrikam)'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("contoso", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Forest B's public address changed: add it to forest B's connector, never to forest A's.</summary>
    [Fact]
    public void A_changed_egress_in_forest_B_names_forest_Bs_connector()
    {
        var moved = Edit(TwoForests, ("egressIPAddresses: [198.51.100.40]", "egressIPAddresses: [198.51.100.41]"));

        var finding = Assert.Single(Lint(moved), f => f.RuleId == "CL306");

        Assert.Equal(Position(moved, "egressIPAddresses: [198.51.100.41]", "198.51.100.41"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("senderIPAddresses of inbound connector 'Inbound from fabrikam forest' (198.51.100.40)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Add 198.51.100.41 to senderIPAddresses", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Deleting forest B's connector: forest B's mail has no connector of its own, and the finding says so at forest A's.</summary>
    [Fact]
    public void Without_forest_Bs_connector_forest_Bs_mail_bounces_and_lint_says_so()
    {
        var start = TwoForests.IndexOf("    - name: Inbound from fabrikam forest", StringComparison.Ordinal);
        var end = TwoForests.IndexOf("  outboundConnectors:", StringComparison.Ordinal);
        var deleted = TwoForests[..start] + TwoForests[end..];

        var findings = Lint(deleted);

        Assert.Contains(findings, f => f.RuleId == "CL305" && f.Message.Contains("send connector 'Outbound to Office 365 (fabrikam)'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.RuleId == "CL306" && f.Message.Contains("198.51.100.40 (egress of FABEX01", StringComparison.Ordinal));
    }

    [Fact]
    public void Relaying_applications_beside_the_hybrid_lint_clean_and_keep_their_own_connectors()
    {
        var topology = new MailFlowTopology(Load(ApplicationRelays));

        var connection = Assert.Single(topology.EopConnections);
        Assert.Equal("Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a", connection.Decision.Connector?.Name.Value);
        Assert.Empty(LintAll(ApplicationRelays));
    }

    /// <summary>
    /// The hybrid's certificate renewed under another name, with the application connectors listed
    /// first: every connector fails on one criterion, and the one the send connector claims by its
    /// FQDN (mail.contoso.com) is the one named, never the application's connector by address.
    /// </summary>
    [Fact]
    public void A_renewal_beside_relaying_applications_names_the_hybrid_connector()
    {
        var hybrid = ApplicationRelays[ApplicationRelays.IndexOf("    - name: Inbound from 6c7bc9e8", StringComparison.Ordinal)..ApplicationRelays.IndexOf("    - name: Relay from invoicing application", StringComparison.Ordinal)];
        var reordered = ApplicationRelays.Replace(hybrid, "", StringComparison.Ordinal).Replace("  outboundConnectors:", hybrid + "  outboundConnectors:", StringComparison.Ordinal);
        var renewed = Edit(reordered.Replace("<S>CN=mail.contoso.com", "<S>CN=smtp.contoso.com", StringComparison.Ordinal),
            ("subject: CN=mail.contoso.com", "subject: CN=smtp.contoso.com"),
            ("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.contoso.com]"));

        var findings = Lint(renewed);

        Assert.Equal(["CL305", "CL311"], findings.Select(f => f.RuleId).Order());
        var finding = findings.Single(f => f.RuleId == "CL305");
        Assert.Equal(Position(renewed, "tlsSenderCertificateName: mail.contoso.com", "mail.contoso.com"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("inbound connector 'Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Relay from", finding.Message, StringComparison.Ordinal);

        var trace = new MailFlowSimulator(Load(renewed)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.com");
        Assert.Equal("550 5.7.64", trace.Outcome.Code);
        Assert.Equal("inbound connector 'Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a'", trace.Outcome.RefusingHop);
    }

    /// <summary>A device relaying by certificate to the organization's own mailboxes is the organization's mail, not direct send.</summary>
    [Theory]
    [InlineData("user@contoso.com", "delivered to user@contoso.com in Exchange Online, as the organization's mail")]
    [InlineData("user@recipient.example", "relayed to user@recipient.example through Exchange Online")]
    public void A_certificate_attributed_relay_is_the_organizations_mail(string recipient, string outcome)
    {
        var state = Load(ApplicationRelays);
        var scanner = state.Senders.Single(s => s.Name.Value == "Scanning service");

        var trace = new MailFlowSimulator(state).Trace(MailFlowSimulator.ForSender(scanner, recipient));

        Assert.True(trace.Outcome.Delivered, trace.Outcome.Text);
        Assert.Equal(outcome, trace.Outcome.Text);
        Assert.Contains(trace.Hops, h => h.Decider == "inbound connector 'Relay from scanning service'");
    }

    /// <summary>probe judges what an on-premises server presents against the connector its connections reach, never an application's.</summary>
    [Fact]
    public void A_server_is_expected_to_satisfy_only_the_connector_its_connections_reach()
    {
        var endpoints = SmtpEndpoints.Of(new MailFlowSimulator(Load(ApplicationRelays)));

        var server = Assert.Single(endpoints, e => e.Host == "mail.contoso.com");
        var attributedBy = server.Expectations.OfType<AttributedBy>().Select(a => a.Connector.Name.Value);
        Assert.Equal(["Inbound from 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a"], attributedBy);
    }

    /// <summary>
    /// Centralized transport with the MX on premises: the wizard's smart host is the tenant's endpoint
    /// for contoso.com, a verified accepted domain, whatever contoso.com's MX says.
    /// </summary>
    [Fact]
    public void The_tenant_endpoint_of_a_verified_domain_is_a_valid_smart_host_whatever_its_MX()
    {
        var centralized = TestPaths.ExampleText("topologies/c-centralized-mail-transport.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var wizard = Edit(centralized, ("      smartHosts: [contoso.mail.protection.outlook.com]", "      smartHosts: [contoso-com.mail.protection.outlook.com]"));
        var unverified = Edit(wizard, ("    verified: true", "    verified: false"));
        var foreign = Edit(centralized, ("      smartHosts: [contoso.mail.protection.outlook.com]", "      smartHosts: [fabrikam-com.mail.protection.outlook.com]"));

        Assert.DoesNotContain(Lint(wizard), f => f.RuleId == "CL202");
        Assert.Contains(Lint(foreign), f => f.RuleId == "CL202");
        Assert.Contains(Lint(unverified), f => f.RuleId == "CL202");
    }

    /// <summary>A gateway hybrid: the Microsoft-managed coexistence domain's MX is Microsoft's to publish, never CL310's advice.</summary>
    [Fact]
    public void A_restricted_partner_does_not_ask_to_move_a_Microsoft_managed_MX()
    {
        var filtering = TestPaths.ExampleText("topologies/d-filtering-service-in-front.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var managed = filtering.Contains("contoso.mail.onmicrosoft.com", StringComparison.Ordinal)
            ? filtering
            : Edit(filtering, ("acceptedDomains:\n", "acceptedDomains:\n  - domainName: contoso.mail.onmicrosoft.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso.mail.protection.outlook.com\n        preference: 0\n"));
        Assert.Contains("restrictDomainsToIPAddresses: true", managed, StringComparison.Ordinal);
        Assert.Contains("contoso.mail.onmicrosoft.com", managed, StringComparison.Ordinal);

        Assert.DoesNotContain(Lint(managed), f => f.RuleId == "CL310");
    }

    /// <summary>"--" copied onto a Mailbox server's connector: the Edge subscription's routing reaches nothing from there.</summary>
    [Fact]
    public void An_edge_subscription_smart_host_on_a_mailbox_server_is_CL209()
    {
        var edge = TestPaths.ExampleText("topologies/g-edge-subscription.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = Edit(edge, ("      smartHosts: [\"--\"]\n      sourceTransportServers: [EDGE01]", "      smartHosts: [\"--\"]\n      sourceTransportServers: [EX01]"));

        var finding = Assert.Single(Lint(text), f => f.RuleId == "CL209");

        Assert.Equal(Position(text, "smartHosts: [\"--\"]", "\"--\""), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("but EX01 is not an Edge server (serverRole: edge)", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LintAll(edge), f => f.RuleId == "CL209");
    }

    /// <summary>The last server decommissioned, the wizard's connector and centralized transport left behind.</summary>
    [Fact]
    public void Centralized_transport_without_any_on_premises_server_is_CL313()
    {
        var online = TestPaths.ExampleText("topologies/e-exchange-online-devices.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var leftover = "  outboundConnectors:\n    - name: Outbound to 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a\n      enabled: true\n      connectorType: onPremises\n      recipientDomains: [fabrikam.com]\n      useMxRecord: false\n      smartHosts: [mail.fabrikam.com]\n      tlsSettings: domainValidation\n      tlsDomain: mail.fabrikam.com\n      cloudServicesMailEnabled: true\n      routeAllMessagesViaOnPremises: true\n";
        var text = online.Contains("  outboundConnectors:\n", StringComparison.Ordinal)
            ? Edit(online, ("  outboundConnectors:\n", leftover))
            : Edit(online, ("  inboundConnectors:\n", leftover + "  inboundConnectors:\n"));

        var finding = Assert.Single(Lint(text), f => f.RuleId == "CL313");

        Assert.Equal(Position(text, "routeAllMessagesViaOnPremises: true", "true"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("outbound connector 'Outbound to 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a' sends every message for the internet (routeAllMessagesViaOnPremises) to on-premises to mail.fabrikam.com", finding.Message, StringComparison.Ordinal);
        var trace = new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.Cloud, "user@fabrikam.com", "user@recipient.example");
        Assert.Equal(("outside", "mail.fabrikam.com"), (trace.Outcome.Kind, trace.Outcome.LeftTo));
    }

    /// <summary>GCC High: a commercial smart host or TLS name is an error in lint and a bounce in trace, from one endpoint table.</summary>
    [Theory]
    [InlineData("smartHosts: [contoso.mail.protection.office365.us]", "smartHosts: [contoso.mail.protection.outlook.com]", "CL202", "contoso.mail.protection.outlook.com", "550 5.4.1")]
    [InlineData("tlsDomain: mail.protection.office365.us", "tlsDomain: mail.protection.outlook.com", "CL204", "mail.protection.outlook.com", "550 4.4.7")]
    public void A_commercial_endpoint_in_GCC_High_is_an_error_in_lint_and_a_bounce_in_trace(string from, string to, string rule, string column, string code)
    {
        var gccHigh = TestPaths.ExampleText("topologies/j-gcc-high.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = Edit(gccHigh, (from, to));

        var finding = Assert.Single(Lint(text));
        var trace = new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.us");

        Assert.Equal(rule, finding.RuleId);
        Assert.Equal(Position(text, to, column), (finding.Span.Line, finding.Span.Column));
        Assert.Equal(code, trace.Outcome.Code);
        Assert.Empty(LintAll(gccHigh));
        Assert.True(new MailFlowSimulator(Load(gccHigh)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.us").Outcome.Delivered);
    }

    /// <summary>Split delivery with another system: the connector to it may be of type partner; the shared domain is still the organization's own.</summary>
    [Fact]
    public void A_shared_namespace_is_never_a_partners_domain_to_remove()
    {
        var partners = TestPaths.ExampleText("topologies/f-domains-and-partners.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var shared = Edit(partners, ("    - name: To the legacy mail system\n      enabled: true\n      connectorType: onPremises", "    - name: To the legacy mail system\n      enabled: true\n      connectorType: partner"));

        Assert.DoesNotContain(Lint(shared), f => f.RuleId == "CL107");
        Assert.Contains(Lint(Edit(partners, ("  - domainName: contoso.net\n", "  - domainName: fabrikam.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: mx.fabrikam.com\n        preference: 0\n  - domainName: contoso.net\n"))), f => f.RuleId == "CL107");
    }

    private static string TwoSites => TestPaths.ExampleText("topologies/k-two-sites-two-versions.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// The classic coexistence 5.7.64: the renewal is installed on the 2019 server only, the connector
    /// switched to it, and the 2016 server still sends. Lint names the server that lacks it; trace from
    /// that server bounces, from the other it delivers.
    /// </summary>
    [Fact]
    public void A_renewal_installed_on_the_new_servers_only_is_found_at_the_old_server()
    {
        var renewed = Edit(TwoSites,
            ("  certificates:\n    - name: smtp-2026\n", "  certificates:\n    - name: smtp-2027\n      subject: CN=mail.contoso.com\n      issuer: \"CN=Contoso Issuing CA, O=Contoso, C=US\"\n      subjectAlternativeNames: [mail.contoso.com]\n      notAfter: 2028-06-30\n    - name: smtp-2026\n"),
            ("      version: exchange2019\n      certificates: [smtp-2026]", "      version: exchange2019\n      certificates: [smtp-2026, smtp-2027]"),
            ("      tlsCertificateName: \"<I>CN=Contoso Issuing CA, O=Contoso,\n        C=US<S>CN=mail.contoso.com\"\n      sourceTransportServers", "      tlsCertificate: smtp-2027\n      sourceTransportServers"));

        var finding = Assert.Single(Lint(renewed));

        Assert.Equal("CL205", finding.RuleId);
        Assert.Equal(PositionInBlock(renewed, "    - name: EX16\n", 5, "certificates"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("server 'EX16' does not hold certificate 'smtp-2027'", finding.Message, StringComparison.Ordinal);
        var simulator = new MailFlowSimulator(Load(renewed));
        var fromOld = simulator.TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.com", serverName: "EX16");
        var fromNew = simulator.TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.com", serverName: "EX19");
        Assert.Equal("550 5.7.64", fromOld.Outcome.Code);
        Assert.True(fromNew.Outcome.Delivered, fromNew.Outcome.Text);
        Assert.Empty(LintAll(TwoSites));
    }

    [Fact]
    public void A_certificate_a_server_holds_must_be_one_of_the_file()
    {
        var text = Edit(TwoSites, ("      version: exchange2016\n      certificates: [smtp-2026]", "      version: exchange2016\n      certificates: [smtp-2026, smtp-2099]"));

        var finding = Assert.Single(Lint(text));

        Assert.Equal("CL003", finding.RuleId);
        Assert.Equal(Position(text, "certificates: [smtp-2026, smtp-2099]", "smtp-2099"), (finding.Span.Line, finding.Span.Column));
    }

    [Fact]
    public void Trace_leaves_from_the_server_it_is_asked_to()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-server-");
        try
        {
            var file = Path.Combine(folder.FullName, "k.yaml");
            File.WriteAllText(file, TwoSites);

            var fromEx16 = ConnectorLint.Tests.Cli.CliRunner.Run("trace", file, "--mailbox", "on-premises", "--server", "EX16", "--from", "user@contoso.com", "--to", "user@contoso.mail.onmicrosoft.com");
            var unknown = ConnectorLint.Tests.Cli.CliRunner.Run("trace", file, "--mailbox", "on-premises", "--server", "EX10", "--from", "user@contoso.com", "--to", "user@contoso.mail.onmicrosoft.com");

            Assert.Equal(0, fromEx16.ExitCode);
            Assert.Contains("from a mailbox on premises (ex16.contoso.com)", fromEx16.Stdout, StringComparison.Ordinal);
            Assert.Contains("relays from EX16 (203.0.113.25)", fromEx16.Stdout, StringComparison.Ordinal);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("--server 'EX10' is not a Mailbox server of the file (servers: EX16, EX19)", unknown.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Deleting forest B's inbound connector: review traces mail from every server group, so the flows
    /// from forest B's server now bounce, and forest A's are unchanged.
    /// </summary>
    [Fact]
    public void Review_sees_a_change_that_breaks_only_forest_B()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-forests-");
        try
        {
            var start = TwoForests.IndexOf("    - name: Inbound from fabrikam forest", StringComparison.Ordinal);
            var end = TwoForests.IndexOf("  outboundConnectors:", StringComparison.Ordinal);
            var baseline = Path.Combine(folder.FullName, "base.yaml");
            var head = Path.Combine(folder.FullName, "head.yaml");
            File.WriteAllText(baseline, TwoForests);
            File.WriteAllText(head, TwoForests[..start] + TwoForests[end..]);

            var review = Assert.Single(ReviewEngine.Run(new ReviewRequest([head], baseline)).Files);

            var broken = review.Changed(ConnectorLint.Review.FlowChangeKind.Broken).Select(f => f.Flow).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["on-premises mailbox (FABEX01) -> cloud mailbox"], broken);
            Assert.DoesNotContain(review.Flows, f => f.Flow.Contains("(EX01)", StringComparison.Ordinal));
            Assert.Contains(review.Findings.New, f => f.RuleId == "CL305");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Set-SendConnector -TlsDomain takes a wildcard, as the outbound connector's does: the format takes it too, and CL204 accepts EOP's.</summary>
    [Theory]
    [InlineData("tlsDomain: \"*.mail.protection.outlook.com\"", false)]
    [InlineData("tlsDomain: \"*.protection.outlook.com\"", true)]
    public void A_wildcard_tlsDomain_on_a_send_connector_is_taken(string tlsDomain, bool cl204)
    {
        var classic = TestPaths.ExampleText("topologies/a-classic-hybrid.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = Edit(classic, ("tlsDomain: mail.protection.outlook.com", tlsDomain));

        var findings = LintAll(text);

        Assert.DoesNotContain(findings, f => f.RuleId is "CL001" or "CL002");
        Assert.Equal(cl204, findings.Any(f => f.RuleId == "CL204"));
    }

    private static string SharedNamespace => TestPaths.ExampleText("topologies/f-domains-and-partners.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// A shared namespace switched from internalRelay to authoritative, its recipients in the other
    /// system not in the directory: CL108 at domainType, and trace bounces both ways as lint says.
    /// </summary>
    [Fact]
    public void An_authoritative_shared_namespace_is_CL108_and_bounces_in_trace()
    {
        var broken = Edit(SharedNamespace, ("    domainType: internalRelay\n    recipientsElsewhere", "    domainType: authoritative\n    recipientsElsewhere"));

        var finding = Assert.Single(Lint(broken));
        var flows = CanonicalFlows.Of(new MailFlowSimulator(Load(broken))).ToDictionary(f => f.Name, f => f.Trace.Outcome);
        var clean = CanonicalFlows.Of(new MailFlowSimulator(Load(SharedNamespace))).ToDictionary(f => f.Name, f => f.Trace.Outcome);

        Assert.Equal("CL108", finding.RuleId);
        Assert.Equal(PositionInBlock(broken, "  - domainName: contoso.net\n", 1, "authoritative"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("Set domainType: internalRelay", finding.Message, StringComparison.Ordinal);
        Assert.Equal("550 5.4.1", flows["internet -> the legacy mail system mailbox (contoso.net)"].Code);
        Assert.Equal("550 5.1.10", flows["cloud mailbox -> the legacy mail system mailbox (contoso.net)"].Code);
        Assert.Equal(("outside", "legacy.contoso.net"), (clean["internet -> the legacy mail system mailbox (contoso.net)"].Kind, clean["internet -> the legacy mail system mailbox (contoso.net)"].LeftTo));
        Assert.Equal("outside", clean["cloud mailbox -> the legacy mail system mailbox (contoso.net)"].Kind);

        // The advice, followed, delivers again; recipients that are in the directory need no change.
        Assert.Empty(LintAll(SharedNamespace));
        Assert.Empty(Lint(Edit(broken, ("    recipientsElsewhere: the legacy mail system\n", "    recipientsElsewhere: the legacy mail system\n    elsewhereInDirectory: true\n"))));
    }

    /// <summary>
    /// The connector to the other system of a shared namespace disabled: the recipients there are
    /// reached by MX, which is Exchange Online itself, so their mail loops and bounces; an error, with
    /// the NDR trace gives, and the advice to enable the connector delivers again.
    /// </summary>
    [Fact]
    public void A_disabled_connector_that_makes_a_flow_bounce_is_an_error()
    {
        var disabled = Edit(SharedNamespace, ("    - name: To the legacy mail system\n      enabled: true", "    - name: To the legacy mail system\n      enabled: false"));

        var finding = Assert.Single(Lint(disabled));
        var flow = CanonicalFlows.Of(new MailFlowSimulator(Load(disabled))).Single(f => f.Name == "cloud mailbox -> the legacy mail system mailbox (contoso.net)");

        Assert.Equal(("CL106", ConnectorLint.Diagnostics.Severity.Error), (finding.RuleId, finding.Severity));
        Assert.Contains("outbound connector 'To the legacy mail system', which has it in recipientDomains, is disabled", finding.Message, StringComparison.Ordinal);
        Assert.Contains("554 5.4.14", finding.Message, StringComparison.Ordinal);
        Assert.Equal("554 5.4.14", flow.Trace.Outcome.Code);
        Assert.Equal("outside", CanonicalFlows.Of(new MailFlowSimulator(Load(SharedNamespace))).Single(f => f.Name == flow.Name).Trace.Outcome.Kind);
    }

    private static string SplitDelivery => TestPaths.ExampleText("topologies/l-split-delivery-google.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Split delivery with Google Workspace: each way of breaking it, with the rule lint names and the NDR trace gives.</summary>
    [Theory]
    [InlineData("    domainType: internalRelay\n", "    domainType: authoritative\n", "CL108", "550 5.1.10")]
    [InlineData("      enabled: true\n      connectorType: partner", "      enabled: false\n      connectorType: partner", "CL106", "554 5.4.14")]
    public void Split_delivery_with_Google_breaks_as_lint_and_trace_say(string from, string to, string rule, string code)
    {
        var broken = Edit(SplitDelivery, (from, to));

        var finding = Assert.Single(Lint(broken));
        var flow = CanonicalFlows.Of(new MailFlowSimulator(Load(broken))).Single(f => f.Name == "cloud mailbox -> Google Workspace mailbox (tailspin.com)");

        Assert.Equal((rule, ConnectorLint.Diagnostics.Severity.Error), (finding.RuleId, finding.Severity));
        // Both findings are at the domain's domainType, whatever its value.
        var domainType = to.Contains("domainType", StringComparison.Ordinal) ? "authoritative" : "internalRelay";
        Assert.Equal(PositionInBlock(broken, "  - domainName: tailspin.com\n", 1, domainType), (finding.Span.Line, finding.Span.Column));
        Assert.Equal(code, flow.Trace.Outcome.Code);
        Assert.Empty(LintAll(SplitDelivery));
        Assert.Equal(("outside", "aspmx.l.google.com"), CanonicalFlows.Of(new MailFlowSimulator(Load(SplitDelivery))).Where(f => f.Name == flow.Name).Select(f => (f.Trace.Outcome.Kind, f.Trace.Outcome.LeftTo)).Single());
    }

    private static string GatewayHybrid => TestPaths.ExampleText("topologies/m-gateway-hybrid.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// The hybrid behind a gateway lints clean: no CL310 on the Microsoft-managed domains, a wildcard
    /// tlsDomain on the send connector to the gateway, and every canonical flow delivers or leaves the
    /// file through the gateway; internet mail straight to the managed domains is refused on purpose.
    /// </summary>
    [Fact]
    public void A_hybrid_behind_a_gateway_lints_clean_and_its_flows_deliver()
    {
        var flows = CanonicalFlows.Of(new MailFlowSimulator(Load(GatewayHybrid)));

        Assert.Empty(LintAll(GatewayHybrid));
        Assert.DoesNotContain(flows, f => f.Trace.Outcome.Bounced);
        Assert.Contains(flows, f => f.Name == "internet -> contoso.com (through eu-smtp-inbound-1.mimecast.com)" && f.Trace.Outcome.Delivered);
        Assert.Contains(flows, f => f.Name == "cloud mailbox -> internet" && f.Trace.Outcome.LeftTo == "de-smtp-outbound-1.mimecast.com");
        Assert.DoesNotContain(flows, f => f.Name.Contains("onmicrosoft.com", StringComparison.Ordinal) && f.Name.StartsWith("internet", StringComparison.Ordinal));
        Assert.Equal("550 5.7.51", new MailFlowSimulator(Load(GatewayHybrid)).Trace(new FlowMessage(
            CanonicalFlows.InternetServer, "contoso.mail.protection.outlook.com", 25, false, true, CanonicalFlows.InternetSender, "user@contoso.onmicrosoft.com")).Outcome.Code);
    }

    /// <summary>The onPremises connector attributed by the gateway's shared addresses: its other customers relay as the organization (MC1226222).</summary>
    [Fact]
    public void A_gateway_hybrid_attributing_by_the_gateways_addresses_is_CL312()
    {
        var text = Edit(GatewayHybrid, ("      tlsSenderCertificateName: mail.contoso.com\n      restrictDomainsToCertificate: false\n",
            "      senderIPAddresses: [195.130.217.0/24]\n      restrictDomainsToCertificate: false\n"));

        var findings = Lint(text);

        var finding = Assert.Single(findings, f => f.RuleId == "CL312");
        Assert.Equal(PositionInBlock(text, "      senderIPAddresses: [195.130.217.0/24]\n      restrictDomainsToCertificate", 0, "195.130.217.0/24"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("partner connector 'From Mimecast'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("by a certificate name in one of its own accepted domains", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Message.Contains("acceptedDomains", StringComparison.Ordinal));

        // What the finding is about: another customer of the gateway relays to anyone as the organization.
        var stranger = new MailFlowSimulator(Load(text)).Trace(new FlowMessage(System.Net.IPAddress.Parse("195.130.217.9"),
            "contoso-com.mail.protection.outlook.com", 25, false, true, "ceo@contoso.com", "victim@recipient.example"));
        Assert.True(stranger.Outcome.Delivered, stranger.Outcome.Text);
        Assert.False(new MailFlowSimulator(Load(GatewayHybrid)).Trace(stranger.Message).Outcome.Delivered);
    }

    /// <summary>On-premises internet mail that bypasses the gateway leaves from an address the SPF (the gateway's) does not list.</summary>
    [Fact]
    public void A_gateway_hybrid_whose_on_premises_mail_bypasses_the_gateway_fails_SPF_in_lint_and_trace()
    {
        var text = Edit(GatewayHybrid, ("      dnsRoutingEnabled: false\n      smartHosts: [de-smtp-outbound-1.mimecast.com]\n      port: 25\n      requireTls: true\n      tlsAuthLevel: domainValidation\n      tlsDomain: \"*.mimecast.com\"\n",
            "      dnsRoutingEnabled: true\n"));

        var finding = Assert.Single(Lint(text));

        Assert.Equal("CL114", finding.RuleId);
        Assert.Equal(Position(text, "egressIPAddresses: [203.0.113.25]", "203.0.113.25"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("Add ip4:203.0.113.25 to the record", finding.Message, StringComparison.Ordinal);
        Assert.Equal("550 5.7.23", new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", MailFlowSimulator.ExternalRecipient).Outcome.Code);
    }

    /// <summary>Without the outbound connector to the gateway, Exchange Online delivers the hybrid's cloud mail itself, and the SPF does not include it.</summary>
    [Fact]
    public void A_gateway_hybrid_without_its_outbound_connector_to_the_gateway_is_CL113()
    {
        var start = GatewayHybrid.IndexOf("    - name: To Mimecast\n      enabled: true\n      connectorType: partner", StringComparison.Ordinal);
        var end = GatewayHybrid.IndexOf("    - name: Outbound to 6c7bc9e8", start, StringComparison.Ordinal);
        var text = GatewayHybrid[..start] + GatewayHybrid[end..];

        var finding = Assert.Single(Lint(text));

        Assert.Equal("CL113", finding.RuleId);
        Assert.Equal(Position(text, "spf: \"v=spf1 ip4:195.130.217.0/24", "\"v=spf1"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("550 5.7.23", finding.Message, StringComparison.Ordinal);
        Assert.Equal("550 5.7.23", new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.Cloud, "user@contoso.com", MailFlowSimulator.ExternalRecipient).Outcome.Code);
    }
}
