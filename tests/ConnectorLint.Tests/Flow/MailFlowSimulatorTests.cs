using System.Net;
using ConnectorLint.Cli;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Tests.Cli;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Flow;

public class MailFlowSimulatorTests
{
    private static DesiredState Load(string text, string name = "org.yaml") =>
        DesiredStateLoader.Load(name, text).State ?? throw new InvalidOperationException("invalid test state");

    /// <summary>An example of examples/topologies/ with each edit applied once.</summary>
    private static string EstateVariant(string example, params (string From, string To)[] edits) =>
        RuleFixtureTests.Edit(TestPaths.ExampleText("topologies/" + example).Replace("\r\n", "\n", StringComparison.Ordinal), edits);

    private static FlowTrace TraceSender(string text, string sender, string to)
    {
        var state = Load(text);
        return new MailFlowSimulator(state).Trace(MailFlowSimulator.ForSender(state.Senders.Single(s => s.Name.Value == sender), to));
    }

    private static FlowTrace TraceClient(string text, string client, string host, int port, string to, bool auth = false, bool tls = false, string from = "scanner@contoso.com") =>
        new MailFlowSimulator(Load(text)).Trace(new FlowMessage(IPAddress.Parse(client), host, port, auth, tls, from, to));

    [Fact]
    public void CopierToAnExternalRecipientIsDeliveredThroughEop()
    {
        var trace = TraceSender(RuleFixtureTests.Clean, "Copier 3rd floor", "a@fabrikam.com");
        Assert.True(trace.Outcome.Delivered, trace.Outcome.Text);
        Assert.Equal(["on-premises receive", "RCPT TO", "send connector", "EOP inbound", "EOP outbound"], trace.Hops.Select(h => h.Stage.Label()));
    }

    [Fact]
    public void MissingInboundConnectorIs541AtEop()
    {
        var trace = TraceSender(TestPaths.ExampleText("missing-inbound-connector.yaml"), "Copier 3rd floor", "a@fabrikam.com");
        Assert.Equal(("550 5.4.1", "Exchange Online Protection"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
    }

    [Fact]
    public void DnsRoutedSendConnectorDeliversDirectlyAndSpfDecides()
    {
        // The wizard's classic setup: on-premises internet mail leaves by DNS, not through EOP.
        var trace = TraceSender(RuleFixtureTests.Variant(("dnsRoutingEnabled: false", "dnsRoutingEnabled: true")), "Copier 3rd floor", "a@fabrikam.com");
        Assert.True(trace.Outcome.Delivered, trace.Outcome.Text);
        Assert.Equal("check_host(203.0.113.25, contoso.com) = pass", trace.Hops[^1].Decision);

        var spfWithoutEgress = RuleFixtureTests.Variant(("dnsRoutingEnabled: false", "dnsRoutingEnabled: true"),
            ("spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"", "spf: \"v=spf1 include:spf.protection.outlook.com -all\""));
        var failed = TraceSender(spfWithoutEgress, "Copier 3rd floor", "a@fabrikam.com");
        Assert.Equal("550 5.7.23", failed.Outcome.Code);
    }

    [Fact]
    public void RenewedCertificateIs5764AtTheInboundConnector()
    {
        var trace = TraceSender(TestPaths.ExampleText("renewed-certificate.yaml"), "Copier 3rd floor", "a@fabrikam.com");
        Assert.Equal(("550 5.7.64", "inbound connector 'From on-premises'"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
        Assert.Contains("smtp.contoso.com", trace.Hops[^1].Decision, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedEgressAddressIs5764()
    {
        var trace = TraceSender(TestPaths.ExampleText("changed-egress-ip.yaml"), "Copier 3rd floor", "a@fabrikam.com");
        Assert.Equal("550 5.7.64", trace.Outcome.Code);
        Assert.Contains("203.0.113.40", trace.Hops[^1].Decision, StringComparison.Ordinal);
    }

    [Fact]
    public void AnonymousRelayFromOutsideTheConnectorIs5754()
    {
        var trace = TraceClient(RuleFixtureTests.Clean, "10.30.0.5", "ex01.contoso.com", 25, "a@fabrikam.com");
        Assert.Equal(("550 5.7.54", "Default Frontend EX01"), (trace.Outcome.Code, trace.Outcome.RefusingHop));

        // The same client to an internal recipient is fine: no relay needed.
        Assert.True(TraceClient(RuleFixtureTests.Clean, "10.30.0.5", "ex01.contoso.com", 25, "b@contoso.com").Outcome.Delivered);
    }

    [Fact]
    public void OpenRelayLetsAnyoneRelayAsSeed004Warns()
    {
        var trace = TraceClient(TestPaths.ExampleText("open-relay.yaml"), "192.0.2.66", "ex01.contoso.com", 25, "a@fabrikam.com", from: "ceo@contoso.com");
        Assert.True(trace.Outcome.Delivered);
        Assert.Contains("0.0.0.0/0", trace.Hops[0].Decision, StringComparison.Ordinal);
    }

    [Fact]
    public void UnauthenticatedClientSubmissionIs5757()
    {
        var trace = TraceClient(RuleFixtureTests.Clean, "10.20.5.12", "smtp.office365.com", 587, "a@fabrikam.com", auth: false, tls: true, from: "alerts@contoso.com");
        Assert.Equal(("530 5.7.57", "smtp.office365.com"), (trace.Outcome.Code, trace.Outcome.RefusingHop));
        Assert.True(TraceSender(RuleFixtureTests.Clean, "Monitoring alerts", "a@fabrikam.com").Outcome.Delivered);
    }

    [Fact]
    public void MostSpecificRemoteRangeWins()
    {
        const string wide = "  receiveConnectors:\n    - name: Wide no relay\n      server: EX01\n      bindings: [\"0.0.0.0:25\"]\n      remoteIPRanges: [10.20.0.0/16]\n      permissionGroups: [anonymousUsers]\n      anonymousRelay: false\n";
        var text = RuleFixtureTests.Variant(("  receiveConnectors:\n", wide));
        var inside = TraceClient(text, "10.20.0.40", "ex01.contoso.com", 25, "a@fabrikam.com");
        Assert.Contains("'Scanner relay'", inside.Hops[0].Decider, StringComparison.Ordinal);
        Assert.True(inside.Outcome.Delivered);
        var outside = TraceClient(text, "10.20.7.1", "ex01.contoso.com", 25, "a@fabrikam.com");
        Assert.Contains("'Wide no relay'", outside.Hops[0].Decider, StringComparison.Ordinal);
        Assert.Equal("550 5.7.54", outside.Outcome.Code);
    }

    [Fact]
    public void BindingAndPortMustMatch()
    {
        var text = RuleFixtureTests.Variant(("bindings: [\"0.0.0.0:25\"]", "bindings: [\"0.0.0.0:2525\"]"));
        var on25 = TraceSender(text, "Copier 3rd floor", "a@fabrikam.com");
        Assert.Equal(("550 5.7.54", "Default Frontend EX01"), (on25.Outcome.Code, on25.Outcome.RefusingHop));
        var on2525 = TraceClient(text, "10.20.0.40", "ex01.contoso.com", 2525, "a@fabrikam.com");
        Assert.True(on2525.Outcome.Delivered);
        var on2526 = TraceClient(text, "10.20.0.40", "ex01.contoso.com", 2526, "a@fabrikam.com");
        Assert.Equal("421 4.4.1", on2526.Outcome.Code);
    }

    /// <summary>A path that leaves the file is an outcome of its own: never delivered: true, never a made-up NDR, exit 0.</summary>
    [Fact]
    public void A_path_that_leaves_the_file_is_outside_in_text_and_json()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-outside-");
        try
        {
            var file = Path.Combine(folder.FullName, "org.yaml");
            File.WriteAllText(file, RuleFixtureTests.Variant(("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [relay.northwind.example]")));

            var json = CliRunner.Run("trace", file, "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com", "--format", "json");
            var text = CliRunner.Run("trace", file, "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com");

            Assert.Equal(0, json.ExitCode);
            var outcome = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("outcome");
            Assert.Equal("outside", outcome.GetProperty("outcome").GetString());
            Assert.False(outcome.GetProperty("delivered").GetBoolean());
            Assert.Equal("relay.northwind.example", outcome.GetProperty("leftTo").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, outcome.GetProperty("code").ValueKind);
            Assert.Contains("outcome: outside: handed to smart host relay.northwind.example", text.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void MoreSpecificAddressSpaceWinsOverStar()
    {
        const string fabrikam = "    - name: To Fabrikam\n      addressSpaces: [\"SMTP:fabrikam.com;1\"]\n      dnsRoutingEnabled: false\n      smartHosts: [gateway.fabrikam.com]\n      sourceTransportServers: [EX01]\n  receiveConnectors:\n";
        var text = RuleFixtureTests.Variant(("  receiveConnectors:\n", fabrikam));
        var trace = TraceSender(text, "Copier 3rd floor", "a@fabrikam.com");
        Assert.Contains("'To Fabrikam'", trace.Hops.Single(h => h.Stage == HopStage.SendConnector).Decider, StringComparison.Ordinal);
        Assert.Equal(("outside", "gateway.fabrikam.com"), (trace.Outcome.Kind, trace.Outcome.LeftTo));
        var other = TraceSender(text, "Copier 3rd floor", "a@tailspin.example");
        Assert.Contains("'Outbound to Office 365'", other.Hops.Single(h => h.Stage == HopStage.SendConnector).Decider, StringComparison.Ordinal);
    }

    private static string RenderTrace(bool json)
    {
        var state = DesiredStateLoader.Load("examples/renewed-certificate.yaml", TestPaths.ExampleText("renewed-certificate.yaml").Replace("\r\n", "\n")).State!;
        var trace = new MailFlowSimulator(state).Trace(MailFlowSimulator.ForSender(state.Senders[0], "a@fabrikam.com"));
        var output = new StringWriter { NewLine = "\n" };
        if (json)
        {
            TraceCommand.WriteJson(output, trace);
        }
        else
        {
            TraceCommand.WriteText(output, trace);
        }

        return output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [Fact]
    public void TraceText() => WholeOutputSnapshot.Match(RenderTrace(json: false));

    [Fact]
    public void TraceJson() => WholeOutputSnapshot.Match(RenderTrace(json: true));

    [Fact]
    public void TraceCommandExitCodes()
    {
        var example = TestPaths.Example("contoso-hybrid.yaml");
        Assert.Equal(0, CliRunner.Run("trace", example, "--sender", "Copier 3rd floor", "--to", "a@fabrikam.com").ExitCode);
        Assert.Equal(1, CliRunner.Run("trace", example, "--client", "10.30.0.5", "--host", "ex01.contoso.com", "--from", "x@contoso.com", "--to", "a@fabrikam.com").ExitCode);
        Assert.Equal(2, CliRunner.Run("trace", example, "--sender", "Nobody", "--to", "a@fabrikam.com").ExitCode);
        Assert.Equal(2, CliRunner.Run("trace", example, "--to", "a@fabrikam.com").ExitCode);
        Assert.Equal(2, CliRunner.Run("trace", TestPaths.Fixture("several-errors.yaml"), "--sender", "x", "--to", "a@b.example").ExitCode);
    }

    [Fact]
    public void ASenderThatSaysNothingOfAuthenticationOrTlsUsesNeither()
    {
        var text = RuleFixtureTests.Variant(("    authenticated: false\n    startTls: false\n    mailFrom: scanner@contoso.com\n", ""));
        var state = Load(text);
        var message = MailFlowSimulator.ForSender(state.Senders.Single(s => s.Name.Value == "Copier 3rd floor"), "a@fabrikam.com");
        Assert.Equal((false, false, ""), (message.Authenticated, message.StartTls, message.MailFrom));
    }

    [Fact]
    public void AnEdgeServerIsNoMailboxServer()
    {
        var text = RuleFixtureTests.Variant(("      fqdn: ex01.contoso.com\n", "      fqdn: ex01.contoso.com\n      serverRole: edge\n"));
        var trace = new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "a@fabrikam.com");
        Assert.Equal(("550 5.4.4", "the file describes no on-premises mailbox server"), (trace.Outcome.Code, trace.Hops.Single().Decision));
    }

    /// <summary>
    /// Split delivery with the domain made authoritative (the Google Workspace recipients are not in the
    /// directory): a cloud mailbox's message to one of them stops in Exchange Online, and the internet's
    /// is refused at the tenant's MX by Directory-Based Edge Blocking; each names the domainType line.
    /// </summary>
    [Fact]
    public void ASharedNamespaceMadeAuthoritativeStopsMailForTheOtherSystemAtItsDomainTypeLine()
    {
        var text = EstateVariant("l-split-delivery-google.yaml",
            ("domainType: internalRelay\n    recipientsElsewhere: Google Workspace", "domainType: authoritative\n    recipientsElsewhere: Google Workspace"));
        var (line, column) = RuleFixtureTests.Position(text, "domainType: authoritative", "authoritative");
        var simulator = new MailFlowSimulator(Load(text));

        var fromCloud = simulator.TraceFromMailbox(MailboxOrigin.Cloud, "user@tailspin.com", "someone@tailspin.com", recipientElsewhere: true);
        Assert.Equal(("550 5.1.10", "Exchange Online"), (fromCloud.Outcome.Code, fromCloud.Outcome.RefusingHop));
        var stop = fromCloud.Hops[^1];
        Assert.Equal((HopStage.ExchangeOnline, "accepted domain 'tailspin.com'", line, column), (stop.Stage, stop.Decider, stop.Location?.Line, stop.Location?.Column));
        Assert.Equal("tailspin.com is authoritative, so Exchange Online looks for the recipient in this tenant; the recipient lives in Google Workspace and the directory does not know it", stop.Decision);

        var fromInternet = simulator.Trace(new FlowMessage(IPAddress.Parse("198.51.100.7"), "tailspin-com.mail.protection.outlook.com", 25, false, true, "a@fabrikam.com", "someone@tailspin.com", RecipientElsewhere: true));
        Assert.Equal(("550 5.4.1", "tailspin-com.mail.protection.outlook.com"), (fromInternet.Outcome.Code, fromInternet.Outcome.RefusingHop));
        var refusal = fromInternet.Hops[^1];
        Assert.Equal((HopStage.RcptTo, "tailspin-com.mail.protection.outlook.com", line, column), (refusal.Stage, refusal.Decider, refusal.Location?.Line, refusal.Location?.Column));
        Assert.Equal("tailspin.com is authoritative and the recipient, in Google Workspace, is not in the directory: Directory-Based Edge Blocking rejects it", refusal.Decision);
    }

    /// <summary>A GCC High organization's hybrid send connector pointed at the commercial cloud's EOP: that cloud does not host the tenant.</summary>
    [Fact]
    public void ASmartHostInAnotherCloudRefusesRelayAtTheSmartHostLine()
    {
        var text = EstateVariant("j-gcc-high.yaml",
            ("smartHosts: [contoso.mail.protection.office365.us]", "smartHosts: [contoso-us.mail.protection.outlook.com]"));
        var (line, column) = RuleFixtureTests.Position(text, "smartHosts: [contoso-us.mail.protection.outlook.com]", "contoso-us");

        var trace = new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.us");

        Assert.Equal(("550 5.4.1", "contoso-us.mail.protection.outlook.com", "Relay Access Denied: contoso-us.mail.protection.outlook.com belongs to another cloud"),
            (trace.Outcome.Code, trace.Outcome.RefusingHop, trace.Outcome.Text));
        var refusal = trace.Hops[^1];
        Assert.Equal((HopStage.SmartHost, "contoso-us.mail.protection.outlook.com", line, column), (refusal.Stage, refusal.Decider, refusal.Location?.Line, refusal.Location?.Column));
        Assert.Equal("contoso-us.mail.protection.outlook.com is the commercial cloud's Exchange Online, which does not host this tenant of the gccHigh cloud", refusal.Decision);
    }

    /// <summary>
    /// The coexistence case: the renewed certificate installed on one server only. From the other, the
    /// send connector presents no certificate, and trace says so at that server's certificates.
    /// </summary>
    [Fact]
    public void AServerWithoutTheConnectorsCertificatePresentsNoneFromItsCertificatesLine()
    {
        var text = EstateVariant("k-two-sites-two-versions.yaml",
            ("certificates: [smtp-2026]", "certificates: []"));
        var (line, column) = RuleFixtureTests.Position(text, "certificates: []", "certificates");

        var trace = new MailFlowSimulator(Load(text)).TraceFromMailbox(MailboxOrigin.OnPremises, "user@contoso.com", "user@contoso.mail.onmicrosoft.com", serverName: "EX16");

        var tls = Assert.Single(trace.Hops, h => h.Stage == HopStage.Tls);
        Assert.Equal(("EX16", line, column), (tls.Decider, tls.Location?.Line, tls.Location?.Column));
        Assert.Equal("EX16 does not hold certificate 'smtp-2026' that send connector 'Outbound to Office 365 - 6c7bc9e8-1c59-4b4a-a1a2-0f1cbd4e5d7a' presents: from EX16 it presents none", tls.Decision);
        Assert.False(trace.Outcome.Delivered, trace.Outcome.Text);
    }
}
