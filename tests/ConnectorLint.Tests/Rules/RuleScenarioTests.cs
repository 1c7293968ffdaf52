using System.Text;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Rules;

/// <summary>
/// Rule branches the fixtures reach only in part: each scenario is the clean example with one
/// change, the rule that must (or must not) fire, and every finding pinned as `lint` words it, so
/// a changed condition, a changed place or a changed word in the advice shows.
/// </summary>
public class RuleScenarioTests
{
    /// <summary>Expected: a rule ID that must fire, or "!" and an ID that must not.</summary>
    private sealed record Scenario(string Text, string Expected);

    private static string V(params (string From, string To)[] edits) => RuleFixtureTests.Variant(edits);

    private const string ReceiveConnectors = "  receiveConnectors:\n";

    private static readonly (string, string) NoEopMx = ("exchange: contoso-com.mail.protection.outlook.com", "exchange: mx.filter.northwind.example");

    private static readonly (string, string) NoEopMxNet = ("exchange: contoso-net.mail.protection.outlook.com", "exchange: mx2.filter.northwind.example");

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        // CL003 and CL004: references and names.
        ["references that do not resolve"] = new(V(
            ("tlsCertificate: smtp-2026", "tlsCertificate: smtp-2027"),
            ("sourceTransportServers: [EX01]", "sourceTransportServers: [EX01, EX02]"),
            ("      server: EX01\n", "      server: EX09\n")), "CL003"),
        ["a certificate identity no certificate has"] = new(V(
            ("      tlsCertificate: smtp-2026\n", "      tlsCertificateName: \"<I>CN=Other CA<S>CN=mail.contoso.com\"\n")), "CL003"),
        ["a reference when no certificate is declared"] = new(V(
            ("  certificates:\n    - name: smtp-2026\n      subject: CN=mail.contoso.com\n      issuer: \"CN=Contoso Issuing CA, O=Contoso, C=US\"\n      subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]\n      notAfter: 2036-06-30\n      thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567\n", "")), "CL003"),
        ["every kind of name declared twice"] = new(V(
            ("  - domainName: contoso.net\n", "  - domainName: Contoso.com.\n    domainType: authoritative\n    verified: true\n  - domainName: contoso.net\n"),
            ("      egressIPAddresses: [203.0.113.25]\n", "      egressIPAddresses: [203.0.113.25]\n    - name: ex01\n      fqdn: ex01b.contoso.com\n    - name: EX02\n      fqdn: ex02.contoso.com\n"),
            ("      thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567\n", "      thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567\n    - name: SMTP-2026\n      subject: CN=mail.contoso.com\n      notAfter: 2036-06-30\n"),
            (ReceiveConnectors, "    - name: outbound to office 365\n      enabled: false\n      addressSpaces: [fabrikam.com]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01]\n" + ReceiveConnectors
                + "    - name: Scanner relay\n      server: EX02\n      bindings: [\"0.0.0.0:25\"]\n      remoteIPRanges: [10.30.0.0/24]\n      permissionGroups: [exchangeUsers]\n"
                + "    - name: Scanner Relay\n      server: ex01\n      bindings: [\"0.0.0.0:2525\"]\n      remoteIPRanges: [10.40.0.0/24]\n      permissionGroups: [exchangeUsers]\n"),
            ("  outboundConnectors:\n", "    - name: FROM ON-PREMISES\n      enabled: false\n      connectorType: partner\n      senderDomains: [fabrikam.com]\n  outboundConnectors:\n    - name: to on-premises\n      enabled: false\n      connectorType: partner\n      recipientDomains: [fabrikam.com]\n      useMxRecord: true\n"),
            ("senders:\n", "senders:\n  - name: copier 3RD floor\n    sourceIPAddress: 10.20.0.41\n    submitTo: onPremises\n    host: ex01.contoso.com\n    port: 25\n    mailFrom: scanner@contoso.com\n    recipients: [internal]\n")), "CL004"),

        // CL201 and CL202: the internet send connector and its smart host.
        ["a second internet connector by DNS beside the one to EOP"] = new(V(
            (ReceiveConnectors, "    - name: Direct\n      enabled: true\n      addressSpaces: [\"*\"]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01]\n" + ReceiveConnectors)), "CL201"),
        ["a second internet connector by DNS, and no EOP MX to suggest"] = new(V(NoEopMx, NoEopMxNet,
            (ReceiveConnectors, "    - name: Direct\n      enabled: true\n      addressSpaces: [\"*\"]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01]\n" + ReceiveConnectors)), "CL201"),
        ["a second internet connector with neither DNS routing nor a smart host"] = new(V(
            (ReceiveConnectors, "    - name: Nowhere\n      enabled: true\n      addressSpaces: [\"*\"]\n      dnsRoutingEnabled: false\n      sourceTransportServers: [EX01]\n" + ReceiveConnectors)), "CL201"),
        ["the only internet connector with neither DNS routing nor a smart host"] = new(V(
            ("      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "")), "CL201"),
        ["a smart host that is another tenant's EOP endpoint"] = new(V(
            ("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [fabrikam-com.mail.protection.outlook.com]")), "CL202"),
        ["a smart host on EOP when no domain has an EOP MX"] = new(V(NoEopMx, NoEopMxNet,
            ("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [fabrikam-com.mail.protection.outlook.com]")), "CL202"),

        // CL204 to CL208.
        ["domain validation to EOP without tlsDomain"] = new(V(("      tlsDomain: mail.protection.outlook.com\n", "")), "CL204"),
        ["domain validation to a partner without tlsDomain"] = new(V(
            (ReceiveConnectors, "    - name: To Northwind\n      enabled: true\n      addressSpaces: [northwind.example]\n      dnsRoutingEnabled: false\n      smartHosts: [mail.northwind.example]\n      requireTls: true\n      tlsAuthLevel: domainValidation\n      sourceTransportServers: [EX01]\n" + ReceiveConnectors)), "CL204"),
        ["no certificate presented while a disabled inbound connector attributes by one"] = new(V(
            ("      tlsCertificate: smtp-2026\n", ""), ("    - name: From on-premises\n      enabled: true\n", "    - name: From on-premises\n      enabled: false\n")), "!CL205"),
        ["no certificate presented and none expected"] = new(V(
            ("      tlsCertificate: smtp-2026\n", ""), ("      tlsSenderCertificateName: mail.contoso.com\n", "")), "!CL205"),
        ["smart-host authentication the EOP way"] = new(V(("smartHostAuthMechanism: none", "smartHostAuthMechanism: externalAuthoritative")), "!CL206"),
        ["smart-host basic authentication to EOP"] = new(V(("smartHostAuthMechanism: none", "smartHostAuthMechanism: basicAuth")), "CL206"),
        ["an expired certificate two connectors present"] = new(V(
            ("notAfter: 2036-06-30", "notAfter: 2025-06-30"),
            (ReceiveConnectors, "    - name: Fabrikam through EOP\n      enabled: true\n      addressSpaces: [fabrikam.com]\n      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n      requireTls: true\n      tlsAuthLevel: domainValidation\n      tlsDomain: mail.protection.outlook.com\n      tlsCertificate: smtp-2026\n      sourceTransportServers: [EX01]\n"
                + "    - name: Disabled with it\n      enabled: false\n      addressSpaces: [fabrikam.net]\n      dnsRoutingEnabled: true\n      tlsCertificate: smtp-2026\n      sourceTransportServers: [EX01]\n" + ReceiveConnectors)), "CL207"),
        ["no source transport servers, the first server suggested"] = new(V(
            ("      sourceTransportServers: [EX01]\n", ""),
            ("  servers:\n", "  servers:\n    - name: MBX0\n      fqdn: mbx0.contoso.com\n")), "CL208"),
        ["an empty list of source transport servers"] = new(V(("sourceTransportServers: [EX01]", "sourceTransportServers: []")), "CL208"),

        // CL301 to CL308: the inbound connector for on-premises.
        ["a partner connector matches on-premises while an onPremises one is disabled"] = new(V(
            ("    - name: From on-premises\n      enabled: true\n      connectorType: onPremises\n", "    - name: From on-premises\n      enabled: false\n      connectorType: onPremises\n"),
            ("  outboundConnectors:\n", "    - name: Relabelled\n      enabled: true\n      connectorType: partner\n      senderDomains: [\"*\"]\n      senderIPAddresses: [203.0.113.25]\n  outboundConnectors:\n")), "CL302"),
        ["an onPremises connector without requireTls that attributes by certificate"] = new(V(
            ("      requireTls: true\n      tlsSenderCertificateName", "      tlsSenderCertificateName")), "CL303"),
        ["an onPremises connector with requireTls false that carries hybrid mail"] = new(V(
            ("      requireTls: true\n      tlsSenderCertificateName: mail.contoso.com\n", "      requireTls: false\n")), "CL303"),
        ["an onPremises connector by address only, without TLS and hybrid mail"] = new(V(
            ("      requireTls: true\n      tlsSenderCertificateName: mail.contoso.com\n", "      requireTls: false\n"), ("      cloudServicesMailEnabled: true\n      treatMessagesAsInternal", "      treatMessagesAsInternal")), "!CL303"),
        ["an egress address missing from two listed ranges"] = new(V(
            ("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [203.0.113.26, 203.0.113.27]")), "CL306"),
        ["a private egress address beside the public one"] = new(V(("egressIPAddresses: [203.0.113.25]", "egressIPAddresses: [10.0.0.25, 203.0.113.25]")), "!CL306"),
        ["sender domains that do not cover the domains or an on-premises sender"] = new(V(
            ("senderDomains: [\"*\"]", "senderDomains: [contoso.com]"),
            ("    mailFrom: scanner@contoso.com\n", "    mailFrom: scanner@eu.contoso.org\n"),
            ("  - domainName: contoso.net\n    domainType: authoritative\n", "  - domainName: \"*.contoso.org\"\n    domainType: authoritative\n    verified: true\n  - domainName: contoso.net\n    domainType: authoritative\n")), "CL307"),
        ["no sender domains on the onPremises connector"] = new(V(("      senderDomains: [\"*\"]\n      senderIPAddresses", "      senderIPAddresses")), "CL307"),
        ["sender domains of a disabled connector"] = new(V(
            ("senderDomains: [\"*\"]", "senderDomains: [contoso.com]"), ("    - name: From on-premises\n      enabled: true\n", "    - name: From on-premises\n      enabled: false\n")), "!CL307"),
        ["a private address among the sender addresses"] = new(V(("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [203.0.113.25, 192.168.1.10]")), "CL308"),

        // CL102, CL104, CL106, CL114: domains.
        ["an EOP MX after another MX"] = new(V(("      - exchange: contoso-com.mail.protection.outlook.com\n        preference: 0\n",
            "      - exchange: mx.filter.northwind.example\n        preference: 0\n      - exchange: contoso-com.mail.protection.outlook.com\n        preference: 10\n")), "CL102"),
        ["two MX records, neither of them EOP"] = new(V(("      - exchange: contoso-com.mail.protection.outlook.com\n        preference: 0\n",
            "      - exchange: mx1.filter.northwind.example\n        preference: 0\n      - exchange: mx2.filter.northwind.example\n        preference: 10\n")), "!CL102"),
        ["a retired smart host when no domain has an EOP MX"] = new(V(NoEopMx, NoEopMxNet,
            ("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [mail.global.frontbridge.com]")), "CL104"),
        ["an internalRelay and an externalRelay domain with nowhere to go"] = new(V(
            ("  - domainName: contoso.net\n    domainType: authoritative\n", "  - domainName: contoso.org\n    domainType: externalRelay\n    verified: true\n  - domainName: contoso.net\n    domainType: internalRelay\n")), "CL106"),
        ["a relay domain covered by an outbound connector among others"] = new(V(
            ("  - domainName: contoso.net\n    domainType: authoritative\n", "  - domainName: contoso.net\n    domainType: internalRelay\n"),
            ("recipientDomains: [contoso.com]", "recipientDomains: [contoso.com, contoso.net]")), "!CL106"),

        // CL113 and CL114: SPF for the paths the mail takes.
        ["DNS routing on premises, the MX at Exchange Online, no include"] = new(V(
            ("      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "      dnsRoutingEnabled: true\n"),
            ("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 -all")), "CL113"),
        ["DNS routing on premises, the MX elsewhere, an application on client submission"] = new(V(
            ("      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "      dnsRoutingEnabled: true\n"),
            NoEopMx, ("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 -all")), "CL113"),
        ["DNS routing on premises, the MX elsewhere, nothing sends from Exchange Online"] = new(V(
            ("      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "      dnsRoutingEnabled: true\n"),
            NoEopMx, ("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 -all"), ("mailFrom: alerts@contoso.com", "mailFrom: alerts@contoso.net"),
            ("    - name: To on-premises\n      enabled: true", "    - name: To on-premises\n      enabled: false")), "!CL113"),
        ["DNS routing on premises, the MX elsewhere, the hybrid's cloud mailboxes send from Exchange Online"] = new(V(
            ("      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "      dnsRoutingEnabled: true\n"),
            NoEopMx, ("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 -all"), ("mailFrom: alerts@contoso.com", "mailFrom: alerts@contoso.net")), "CL113"),
        ["DNS routing on premises under centralized transport"] = new(V(
            ("      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "      dnsRoutingEnabled: true\n"),
            ("routeAllMessagesViaOnPremises: false", "routeAllMessagesViaOnPremises: true"),
            ("ip4:203.0.113.24/29 include:spf.protection.outlook.com -all", "ip4:203.0.113.24/29 -all")), "!CL113"),
        ["cloud mailboxes only, the MX elsewhere, no include"] = new(
            RuleFixtureTests.Edit(TestPaths.ExampleText("topologies/e-exchange-online-devices.yaml").Replace("\r\n", "\n", StringComparison.Ordinal),
                ("exchange: fabrikam-com.mail.protection.outlook.com", "exchange: mx.filter.northwind.example"),
                ("include:spf.protection.outlook.com -all", "-all")), "CL113"),
        ["a private and a public egress address by DNS routing"] = new(V(
            ("      dnsRoutingEnabled: false\n      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "      dnsRoutingEnabled: true\n"),
            ("egressIPAddresses: [203.0.113.25]", "egressIPAddresses: [10.0.0.25, 198.51.100.25]")), "CL114"),
        ["direct send from a private address, and as a domain without SPF"] = new(V(
            ("    sourceIPAddress: 203.0.113.27\n", "    sourceIPAddress: 10.0.0.27\n"),
            ("senders:\n", "senders:\n  - name: Kiosk\n    sourceIPAddress: 198.51.100.60\n    submitTo: directSend\n    host: contoso-com.mail.protection.outlook.com\n    port: 25\n    startTls: true\n    mailFrom: kiosk@contoso.org\n    recipients: [internal]\n"),
            ("  - domainName: contoso.net\n", "  - domainName: contoso.org\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso-org.mail.protection.outlook.com\n        preference: 0\n  - domainName: contoso.net\n")), "!CL114"),
        ["direct send from a public address the SPF does not list"] = new(V(("    sourceIPAddress: 203.0.113.27\n", "    sourceIPAddress: 198.51.100.27\n")), "CL114"),

        // CL402 to CL409: senders.
        ["a device relaying through a connector that matches neither its address nor its certificate"] = new(V(
            ("senders:\n", "senders:\n  - name: Badge printer\n    sourceIPAddress: 198.51.100.50\n    submitTo: connectorRelay\n    startTls: true\n    certificateName: printer.contoso.com\n    mailFrom: badges@contoso.com\n    recipients: [external]\n"
                + "  - name: Label printer\n    sourceIPAddress: 198.51.100.51\n    submitTo: connectorRelay\n    mailFrom: labels@contoso.com\n    recipients: [internal, external]\n"),
            ("  cloud: commercial\n", "  cloud: commercial\n  rejectDirectSend: true\n")), "CL402"),
        ["client submission without SMTP AUTH or STARTTLS, on port 25"] = new(V(
            ("    port: 587\n    authenticated: true\n    startTls: true\n", "    port: 25\n")), "CL403"),
        ["client submission with SMTP AUTH off for the tenant, to internal recipients only"] = new(V(
            ("  cloud: commercial\n", "  cloud: commercial\n  smtpClientAuthenticationDisabled: true\n"),
            ("    mailFrom: alerts@contoso.com\n    recipients: [internal, external]\n", "    mailFrom: alerts@contoso.com\n    recipients: [internal]\n")), "CL403"),
        ["client submission as a domain the tenant does not hold"] = new(V(("mailFrom: alerts@contoso.com", "mailFrom: alerts@fabrikam.com")), "CL409"),
        ["client submission as a domain the tenant does not hold, to internal recipients only"] = new(V(
            ("    mailFrom: alerts@contoso.com\n    recipients: [internal, external]\n", "    mailFrom: alerts@fabrikam.com\n    recipients: [internal]\n")), "CL409"),
        ["an authenticated on-premises sender on port 25"] = new(V(
            ("    port: 25\n    authenticated: false\n    startTls: false\n    mailFrom: scanner@contoso.com\n", "    port: 25\n    authenticated: true\n    startTls: true\n    mailFrom: scanner@contoso.com\n")), "CL404"),
        ["direct send to external recipients"] = new(V(("    mailFrom: doors@contoso.com\n    recipients: [internal]\n", "    mailFrom: doors@contoso.com\n    recipients: [internal, external]\n")), "CL405"),
    };

    public static TheoryData<string> Names() => [.. Scenarios.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_FindingsAsPinned(string name)
    {
        var scenario = Scenarios[name];
        var document = DesiredStateLoader.Load("org.yaml", scenario.Text);
        Assert.True(document.State is not null, string.Join("\n", document.Problems));
        var findings = Linter.Lint(document, RuleFixtureTests.Settings).ToList();
        var text = new StringBuilder().Append("# ").Append(name).Append('\n');
        foreach (var finding in findings)
        {
            text.Append($"{finding.Span.Line}:{finding.Span.Column} {finding.Severity} {finding.RuleId}: {finding.Message}\n");
        }

        var mustNot = scenario.Expected.StartsWith('!');
        var id = scenario.Expected.TrimStart('!');
        Assert.True(mustNot != findings.Any(f => f.RuleId == id), $"{scenario.Expected} expected:\n{text}");
        WholeOutputSnapshot.Match(text.ToString(), ScenarioSnapshot.Named(name));
    }
}
