using System.Net;
using System.Text;
using ConnectorLint.Cli;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Flow;

/// <summary>
/// The routing model's decisions that no shipped example reaches: each scenario is an example with
/// one change and one message, the outcome it must have (the NDR code, or delivery), and the trace
/// pinned as `trace` prints it, so that a changed decision, a changed hop or a changed word shows.
/// </summary>
public class TraceScenarioTests
{
    private sealed record Scenario(string Text, Func<MailFlowSimulator, FlowTrace> Trace, string Expected);

    private static string Partners => TestPaths.ExampleText("topologies/f-domains-and-partners.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Clean => RuleFixtureTests.Clean;

    private static string V(params (string From, string To)[] edits) => RuleFixtureTests.Variant(edits);

    /// <summary>A second on-premises server, EX02, with its own egress address.</summary>
    private static readonly (string, string) SecondServer = ("      egressIPAddresses: [203.0.113.25]\n",
        "      egressIPAddresses: [203.0.113.25]\n    - name: EX02\n      fqdn: ex02.contoso.com\n      egressIPAddresses: [203.0.113.26]\n");

    private const string HybridCapability = "[\"contoso.com:AcceptOorgProtocol\", \"mail.protection.outlook.com:AcceptCloudServicesMail\"]";

    private static Func<MailFlowSimulator, FlowTrace> Client(string client, string host, int port, string from, string to, bool auth = false, bool tls = false, string? certificate = null) =>
        simulator => simulator.Trace(new FlowMessage(IPAddress.Parse(client), host, port, auth, tls, from, to, certificate));

    private static Func<MailFlowSimulator, FlowTrace> Mailbox(MailboxOrigin origin, string to, bool onPremises = false, string from = "user@contoso.com") =>
        simulator => simulator.TraceFromMailbox(origin, from, to, onPremises);

    private static Func<MailFlowSimulator, FlowTrace> Copier(string to, string from = "scanner@contoso.com") =>
        Client("10.20.0.40", "ex01.contoso.com", 25, from, to);

    private const string Mx = "contoso-com.mail.protection.outlook.com";

    /// <summary>The clean example with a partner connector that takes Fabrikam's mail only from its two ranges.</summary>
    private static string PartnerByAddress => V(("  outboundConnectors:\n", "    - name: From Fabrikam\n      enabled: true\n      connectorType: partner\n      senderDomains: [fabrikam.org, fabrikam.com]\n      senderIPAddresses: [198.51.100.0/28, 192.0.2.0/24]\n      restrictDomainsToIPAddresses: true\n      efSkipLastIP: true\n  outboundConnectors:\n"));

    /// <summary>The onPremises inbound connector without one of its two criteria.</summary>
    private static readonly (string, string) CertificateOnly = ("      senderIPAddresses: [203.0.113.25]\n", "");

    private static readonly (string, string) AddressOnly = ("      tlsSenderCertificateName: mail.contoso.com\n", "");

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        // Exchange Online's own routing of cloud mailboxes.
        ["cloud mailbox to an authoritative domain a partner also claims"] = new(
            V(("  outboundConnectors:\n", "    - name: From Northwind\n      enabled: true\n      connectorType: partner\n      senderDomains: [contoso.net]\n      requireTls: true\n  outboundConnectors:\n")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.net"), "550 5.1.10"),
        ["cloud mailbox to an on-premises mailbox, certificate without the tlsDomain"] = new(
            V(("tlsDomain: mail.contoso.com", "tlsDomain: smtp.contoso.com"), ("      transportRole: frontendTransport\n", "      transportRole: frontendTransport\n      fqdn: mail.contoso.com\n")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "550 4.4.7"),
        ["cloud mailbox to an on-premises mailbox, a smart host the file does not describe"] = new(
            V(("smartHosts: [mail.contoso.com]", "smartHosts: [relay.northwind.example]")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "outside"),
        ["cloud mailbox to an on-premises mailbox, connector delivers by MX"] = new(
            V(("      useMxRecord: false\n      smartHosts: [mail.contoso.com]\n", "      useMxRecord: true\n")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "outside"),
        ["cloud mailbox to an on-premises mailbox, no connector for the domain"] = new(
            Clean, Mailbox(MailboxOrigin.Cloud, "user@contoso.net", onPremises: true), "554 5.4.14"),
        ["cloud mailbox to an on-premises mailbox, connector delivers by MX with a smart host left in the file"] = new(
            V(("      useMxRecord: false\n      smartHosts: [mail.contoso.com]\n", "      useMxRecord: true\n      smartHosts: [mail.contoso.com]\n")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "outside"),
        ["cloud mailbox to an on-premises mailbox, connector for two domains"] = new(
            V(("recipientDomains: [contoso.com]", "recipientDomains: [contoso.net, contoso.com]")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "delivered"),
        ["cloud mailbox to an on-premises mailbox, taken by Exchange's default connector"] = new(
            V(("bindings: [\"0.0.0.0:25\"]", "bindings: [\"0.0.0.0:2525\"]")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "delivered"),
        ["cloud mailbox to a partner, connector delivers by MX with a smart host left in the file"] = new(
            V(("  outboundConnectors:\n", "  outboundConnectors:\n    - name: Fabrikam by MX\n      enabled: true\n      connectorType: partner\n      recipientDomains: [fabrikam.com]\n      useMxRecord: true\n      smartHosts: [filter.northwind.example]\n")),
            Mailbox(MailboxOrigin.Cloud, "user@fabrikam.com"), "delivered"),
        ["cloud mailbox to an on-premises mailbox, the connector is scoped to transport rules"] = new(
            V(("      routeAllMessagesViaOnPremises: false\n", "      routeAllMessagesViaOnPremises: false\n      isTransportRuleScoped: true\n")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "554 5.4.14"),
        ["cloud mailbox to an on-premises mailbox, no connector and the MX on premises"] = new(
            V(("      routeAllMessagesViaOnPremises: false\n", "      routeAllMessagesViaOnPremises: false\n      isTransportRuleScoped: true\n"),
                ("exchange: contoso-com.mail.protection.outlook.com", "exchange: mail.contoso.com")),
            Mailbox(MailboxOrigin.Cloud, "user@contoso.com", onPremises: true), "outside"),
        ["cloud mailbox to the internet, SPF includes Exchange Online with ~"] = new(
            V(("include:spf.protection.outlook.com -all", "~include:spf.protection.outlook.com -all")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "550 5.7.23"),
        ["cloud mailbox to the internet, SPF without Exchange Online"] = new(
            V(("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 -all")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "550 5.7.23"),
        ["cloud mailbox to the internet, SPF includes a record the file does not hold"] = new(
            V(("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 include:spf.contoso.example -all")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "delivered"),
        ["cloud mailbox to the internet, SPF includes Exchange Online through another domain of the file"] = new(
            V(("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "include:contoso.net -all")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "delivered"),
        ["cloud mailbox to the internet, SPF redirects to Exchange Online"] = new(
            V(("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "redirect=spf.protection.outlook.com")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "delivered"),
        ["cloud mailbox to the internet, SPF that does not parse"] = new(
            V(("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/99 -all")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "delivered"),
        ["cloud mailbox to a partner, the most specific outbound connector wins"] = new(
            V(("  outboundConnectors:\n", "  outboundConnectors:\n    - name: Everything to the filter\n      enabled: true\n      connectorType: partner\n      recipientDomains: [\"*.com\"]\n      useMxRecord: false\n      smartHosts: [filter.northwind.example]\n      tlsSettings: encryptionOnly\n    - name: Fabrikam by MX\n      enabled: true\n      connectorType: partner\n      recipientDomains: [\"*\", fabrikam.com]\n      useMxRecord: true\n")),
            Mailbox(MailboxOrigin.Cloud, "user@fabrikam.com"), "delivered"),
        ["cloud mailbox to the internet, a transport-rule-scoped connector is not chosen"] = new(
            V(("  outboundConnectors:\n", "  outboundConnectors:\n    - name: Scoped\n      enabled: true\n      connectorType: partner\n      recipientDomains: [\"*\"]\n      isTransportRuleScoped: true\n      useMxRecord: false\n      smartHosts: [filter.northwind.example]\n      tlsSettings: encryptionOnly\n")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "delivered"),

        // Centralized mail transport: Exchange Online hands internet mail to on-premises.
        ["centralized transport without the hybrid relay right"] = new(
            V(("routeAllMessagesViaOnPremises: false", "routeAllMessagesViaOnPremises: true")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "550 5.7.54"),
        ["centralized transport to Exchange's default connector"] = new(
            V(("routeAllMessagesViaOnPremises: false", "routeAllMessagesViaOnPremises: true"), ("bindings: [\"0.0.0.0:25\"]", "bindings: [\"0.0.0.0:2525\"]")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "550 5.7.54"),
        ["centralized transport, the capability names another domain"] = new(
            V(("routeAllMessagesViaOnPremises: false", "routeAllMessagesViaOnPremises: true"),
                ("      anonymousRelay: true\n", "      anonymousRelay: true\n      tlsDomainCapabilities: [\"mail.contoso.com:AcceptCloudServicesMail\"]\n")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "550 5.7.54"),
        ["centralized transport, the capability is another one"] = new(
            V(("routeAllMessagesViaOnPremises: false", "routeAllMessagesViaOnPremises: true"),
                ("      anonymousRelay: true\n", "      anonymousRelay: true\n      tlsDomainCapabilities: [\"mail.protection.outlook.com:AcceptOorgProtocol\"]\n")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "550 5.7.54"),
        ["centralized transport, the hybrid connector listed after another on port 25"] = new(
            V(("routeAllMessagesViaOnPremises: false", "routeAllMessagesViaOnPremises: true"),
                ("      anonymousRelay: true\n", $"      anonymousRelay: true\n    - name: Inbound from Office 365\n      server: EX01\n      transportRole: frontendTransport\n      bindings: [\"0.0.0.0:2525\", \"0.0.0.0:25\"]\n      remoteIPRanges: [0.0.0.0-255.255.255.255]\n      permissionGroups: [anonymousUsers, partners]\n      authMechanism: [tls]\n      tlsDomainCapabilities: {HybridCapability}\n")),
            Mailbox(MailboxOrigin.Cloud, MailFlowSimulator.ExternalRecipient), "delivered"),

        // On-premises receive connectors.
        ["client in two ranges of one connector"] = new(
            V(("remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [10.0.0.0/8, 10.20.0.0/24]")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["connector bound to two ports"] = new(
            V(("bindings: [\"0.0.0.0:25\"]", "bindings: [\"0.0.0.0:2525\", \"0.0.0.0:25\"]")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["client on a port nothing listens on"] = new(
            Clean, Client("10.20.0.40", "ex01.contoso.com", 2525, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient), "421 4.4.1"),
        ["connector that requires TLS, client without STARTTLS"] = new(
            V(("      requireTls: false\n      anonymousRelay: true\n", "      requireTls: true\n      anonymousRelay: true\n")),
            Copier(MailFlowSimulator.ExternalRecipient), "530 5.7.0"),
        ["connector for Exchange users, anonymous client"] = new(
            V(("permissionGroups: [anonymousUsers]", "permissionGroups: [exchangeUsers]"), ("anonymousRelay: true", "anonymousRelay: false")),
            Copier(MailFlowSimulator.ExternalRecipient), "530 5.7.1"),
        ["connector for Exchange users, authenticated client relays"] = new(
            V(("permissionGroups: [anonymousUsers]", "permissionGroups: [exchangeUsers]"), ("anonymousRelay: true", "anonymousRelay: false")),
            Client("10.20.0.40", "ex01.contoso.com", 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "delivered"),
        ["connector for Exchange servers, authenticated client relays"] = new(
            V(("permissionGroups: [anonymousUsers]", "permissionGroups: [exchangeServers]"), ("anonymousRelay: true", "anonymousRelay: false")),
            Client("10.20.0.40", "ex01.contoso.com", 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "delivered"),
        ["connector for partners, authenticated client relays"] = new(
            V(("permissionGroups: [anonymousUsers]", "permissionGroups: [partners]"), ("anonymousRelay: true", "anonymousRelay: false")),
            Client("10.20.0.40", "ex01.contoso.com", 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "delivered"),
        ["connector for anonymous users without the relay right, authenticated client"] = new(
            V(("anonymousRelay: true", "anonymousRelay: false")),
            Client("10.20.0.40", "ex01.contoso.com", 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "550 5.7.54"),
        ["connector for anonymous users without the relay right, anonymous client"] = new(
            V(("anonymousRelay: true", "anonymousRelay: false")),
            Copier(MailFlowSimulator.ExternalRecipient), "550 5.7.54"),
        ["a host only the certificate names"] = new(
            Clean, Client("10.20.0.40", "mail.contoso.com", 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient), "delivered"),

        // On-premises send connectors.
        ["no send connector covers the recipient"] = new(
            V(("addressSpaces: [\"*\"]", "addressSpaces: [fabrikam.com]")),
            Copier(MailFlowSimulator.ExternalRecipient), "550 5.4.4"),
        ["the send connector with the more specific address space wins"] = new(
            V(("addressSpaces: [\"*\"]", "addressSpaces: [\"*.example\"]"), ("  receiveConnectors:\n", "    - name: Northwind by DNS\n      enabled: true\n      addressSpaces: [\"*\", recipient.example]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01]\n  receiveConnectors:\n")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["of two send connectors with the same space, the cheaper wins"] = new(
            V(("addressSpaces: [\"*\"]", "addressSpaces: [\"smtp:*;5\"]"),
                ("  receiveConnectors:\n", "    - name: Cheaper by DNS\n      enabled: true\n      addressSpaces: [\"smtp:*;9\", \"smtp:*;1\"]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01]\n  receiveConnectors:\n")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["of two send connectors, the one sourced on this server wins"] = new(
            V(SecondServer, ("  receiveConnectors:\n", "    - name: Both servers by DNS\n      enabled: true\n      addressSpaces: [\"*\"]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01, EX02]\n  receiveConnectors:\n"),
                ("      server: EX01\n", "      server: EX02\n")),
            Client("10.20.0.40", "ex02.contoso.com", 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient), "delivered"),
        ["the send connector leaves from this server when it is one of its sources"] = new(
            V(SecondServer, ("sourceTransportServers: [EX01]", "sourceTransportServers: [EX02, EX01]")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["the send connector leaves from its first source when this server is not one"] = new(
            V(SecondServer, ("sourceTransportServers: [EX01]", "sourceTransportServers: [EX02]")),
            Copier(MailFlowSimulator.ExternalRecipient), "550 5.7.64"),
        ["the send connector's source server is not in the file"] = new(
            V(("sourceTransportServers: [EX01]", "sourceTransportServers: [EX09]")),
            Copier(MailFlowSimulator.ExternalRecipient), "550 5.4.4"),
        ["the source server has no egress address"] = new(
            V(CertificateOnly, ("      egressIPAddresses: [203.0.113.25]\n", "")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["DNS routing from a server without an egress address"] = new(
            V(("      egressIPAddresses: [203.0.113.25]\n", ""), ("dnsRoutingEnabled: false", "dnsRoutingEnabled: true")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["DNS routing for a domain without SPF"] = new(
            V(("dnsRoutingEnabled: false", "dnsRoutingEnabled: true"), ("    spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"\n", "")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["neither DNS routing nor a smart host"] = new(
            V(("      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "")),
            Copier(MailFlowSimulator.ExternalRecipient), "550 5.4.4"),
        ["a smart host on port 587"] = new(
            V(("smartHosts: [contoso-com.mail.protection.outlook.com]\n      port: 25", "smartHosts: [relay.northwind.example]\n      port: 587")),
            Copier(MailFlowSimulator.ExternalRecipient), "outside"),
        ["a smart host the file does not describe"] = new(
            V(("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [relay.northwind.example]")),
            Copier(MailFlowSimulator.ExternalRecipient), "outside"),

        // EOP's attribution of on-premises mail.
        ["attribution by address only"] = new(
            V(("      tlsSenderCertificateName: mail.contoso.com\n", "")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["attribution by certificate only"] = new(
            V(("      senderIPAddresses: [203.0.113.25]\n", "")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),
        ["relay for a domain the tenant does not hold"] = new(
            Clean, Copier(MailFlowSimulator.ExternalRecipient, from: "scanner@fabrikam.com"), "550 5.7.64"),
        ["relay for an unverified domain"] = new(
            V(("    verified: true\n    mx:\n      - exchange: contoso-net", "    verified: false\n    mx:\n      - exchange: contoso-net")),
            Copier(MailFlowSimulator.ExternalRecipient, from: "scanner@contoso.net"), "550 5.7.64"),
        ["relay for a domain outside the connector's senderDomains"] = new(
            V(("senderDomains: [\"*\"]", "senderDomains: [contoso.org, contoso.net]")),
            Copier(MailFlowSimulator.ExternalRecipient), "550 5.4.1"),
        ["relay for a domain among the connector's senderDomains"] = new(
            V(("senderDomains: [\"*\"]", "senderDomains: [contoso.org, contoso.com]")),
            Copier(MailFlowSimulator.ExternalRecipient), "delivered"),

        // Client submission.
        ["client submission on port 465"] = new(
            Clean, Client("10.20.5.12", "smtp.office365.com", 465, "alerts@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "421 4.4.1"),
        ["client submission on port 25"] = new(
            Clean, Client("10.20.5.12", "smtp.office365.com", 25, "alerts@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "delivered"),
        ["client submission with SMTP AUTH off for the tenant"] = new(
            V(("  cloud: commercial\n", "  cloud: commercial\n  smtpClientAuthenticationDisabled: true\n")),
            Client("10.20.5.12", "smtp.office365.com", 587, "alerts@contoso.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "535 5.7.139"),
        ["client submission as a domain the tenant does not hold"] = new(
            Clean, Client("10.20.5.12", "smtp.office365.com", 587, "alerts@fabrikam.com", MailFlowSimulator.ExternalRecipient, auth: true, tls: true), "550 5.7.60"),

        // The tenant's MX: direct send, relay, partners.
        ["a retired FOPE endpoint as the MX"] = new(
            Clean, Client("203.0.113.27", "mail.global.frontbridge.com", 25, "doors@contoso.com", "user@contoso.com"), "550 5.4.1"),
        ["relay through the MX from a private address with the on-premises certificate"] = new(
            V(CertificateOnly), Client("10.20.0.40", Mx, 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient, tls: true, certificate: "mail.contoso.com"), "delivered"),
        ["relay through the MX from a private address, certificate without STARTTLS"] = new(
            V(CertificateOnly), Client("10.20.0.40", Mx, 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient, certificate: "mail.contoso.com"), "550 5.7.1"),
        ["relay through the MX from the connector's address"] = new(
            V(AddressOnly), Client("203.0.113.25", Mx, 25, "scanner@contoso.com", MailFlowSimulator.ExternalRecipient), "delivered"),
        ["relay through the MX for an unverified domain"] = new(
            V(AddressOnly, ("    verified: true\n    mx:\n      - exchange: contoso-net", "    verified: false\n    mx:\n      - exchange: contoso-net")),
            Client("203.0.113.25", Mx, 25, "scanner@contoso.net", MailFlowSimulator.ExternalRecipient), "550 5.7.64"),
        ["relay through the MX for a domain the tenant does not hold"] = new(
            V(AddressOnly), Client("203.0.113.25", Mx, 25, "scanner@fabrikam.com", MailFlowSimulator.ExternalRecipient), "550 5.7.64"),
        ["direct send with rejectDirectSend on"] = new(
            V(("  cloud: commercial\n", "  cloud: commercial\n  rejectDirectSend: true\n")),
            Client("198.51.100.7", Mx, 25, "doors@contoso.com", "user@contoso.com", tls: true), "550 5.7.68"),
        ["direct send with rejectDirectSend on, from the connector's address"] = new(
            V(AddressOnly, ("  cloud: commercial\n", "  cloud: commercial\n  rejectDirectSend: true\n")),
            Client("203.0.113.25", Mx, 25, "doors@contoso.com", "user@contoso.com", tls: true), "delivered"),
        ["direct send from a private address"] = new(
            Clean, Client("10.20.0.40", Mx, 25, "doors@contoso.com", "user@contoso.com"), "delivered"),
        ["direct send from an address the SPF does not list"] = new(
            Clean, Client("198.51.100.7", Mx, 25, "doors@contoso.com", "user@contoso.com"), "550 5.7.23"),
        ["a device told only the tenant MX, sending as the second domain"] = new(
            V(("exchange: contoso-net.mail.protection.outlook.com", "exchange: contoso-net.mail.protection.outlook.com\n        preference: 0\n      - exchange: contoso-net-2.mail.protection.outlook.com")),
            Client("203.0.113.27", "", 25, "doors@contoso.net", "user@contoso.com"), "delivered"),
        ["a device told only the tenant MX, sending as a domain the tenant does not hold"] = new(
            Clean, Client("203.0.113.27", "", 25, "doors@fabrikam.com", "user@contoso.com"), "delivered"),
        ["a device told only the tenant MX, whose MX is a filtering service"] = new(
            V(("exchange: contoso-com.mail.protection.outlook.com", "exchange: mx.filter.northwind.example")),
            Client("203.0.113.27", "", 25, "doors@contoso.com", "user@contoso.com"), "delivered"),
        ["a partner restricted to its certificate, without STARTTLS"] = new(
            Partners, Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com", certificate: "mail.fabrikam.com"), "550 5.7.51"),
        ["a partner restricted to its certificate, with another certificate"] = new(
            Partners, Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com", tls: true, certificate: "mail.northwind.example"), "550 5.7.51"),
        ["a partner restricted to its certificate, with it"] = new(
            Partners, Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com", tls: true, certificate: "mail.fabrikam.com"), "delivered"),
        ["a partner restricted to its certificate, connector disabled"] = new(
            Partners.Replace("    - name: From Fabrikam\n      enabled: true\n", "    - name: From Fabrikam\n      enabled: false\n", StringComparison.Ordinal),
            Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com"), "delivered"),
        ["a partner restricted to its certificate, with addresses it does not restrict to"] = new(
            Partners.Replace("      restrictDomainsToCertificate: true\n", "      restrictDomainsToCertificate: true\n      senderIPAddresses: [192.0.2.0/24]\n", StringComparison.Ordinal),
            Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com", tls: true, certificate: "mail.northwind.example"), "550 5.7.51"),
        ["a partner restricted to its certificate and addresses, from one of them without it"] = new(
            Partners.Replace("      restrictDomainsToCertificate: true\n", "      restrictDomainsToCertificate: true\n      restrictDomainsToIPAddresses: true\n      senderIPAddresses: [192.0.2.0/24, 198.51.100.0/28]\n", StringComparison.Ordinal),
            Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com"), "550 5.7.51"),
        ["a partner restricted to its addresses, from elsewhere"] = new(
            PartnerByAddress,
            Client("198.51.100.77", Mx, 25, "sales@fabrikam.com", "user@contoso.com"), "550 5.7.51"),
        ["a partner restricted to its addresses, from one of them"] = new(
            PartnerByAddress,
            Client("198.51.100.7", Mx, 25, "sales@fabrikam.com", "user@contoso.com"), "delivered"),
    };

    public static TheoryData<string> Names() => [.. Scenarios.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_TracesAsPinned(string name)
    {
        var scenario = Scenarios[name];
        var loaded = DesiredStateLoader.Load("org.yaml", scenario.Text);
        Assert.True(loaded.State is not null, string.Join("\n", loaded.Problems));
        var trace = scenario.Trace(new MailFlowSimulator(loaded.State!));

        var output = new StringWriter();
        TraceCommand.WriteText(output, trace);
        var text = new StringBuilder().Append("# ").Append(name).Append('\n').Append(output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        var outcome = trace.Outcome.Bounced ? trace.Outcome.Code : trace.Outcome.Kind;
        Assert.True(scenario.Expected == outcome, $"expected {scenario.Expected}, got {outcome}:\n{text}");
        WholeOutputSnapshot.Match(text.ToString(), ScenarioSnapshot.Named(name));
    }
}
