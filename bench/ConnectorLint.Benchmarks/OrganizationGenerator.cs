using System.Text;

namespace ConnectorLint.Benchmarks;

/// <summary>
/// Large, valid organizations, deterministic from a seed: N accepted domains with MX, SPF and DMARC,
/// M send connectors, K senders; and the zone file that says the same thing, for drift.
/// </summary>
public static class OrganizationGenerator
{
    /// <param name="listEveryDomain">
    /// The Hybrid Configuration Wizard's lists: the onPremises inbound connector's senderDomains and an
    /// onPremises outbound connector's recipientDomains name every accepted domain, instead of "*".
    /// </param>
    public static string Yaml(int domains, int connectors, int senders, int seed = 1, bool listEveryDomain = false)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(domains * 260);
        builder.Append("apiVersion: connectorlint/v1\ntenant:\n  name: bench\n  cloud: commercial\nacceptedDomains:\n");
        for (var i = 0; i < domains; i++)
        {
            var domain = Domain(i);
            var token = domain.Replace('.', '-');
            var block = random.Next(1, 250);
            builder.Append($"  - domainName: {domain}\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: {token}.mail.protection.outlook.com\n        preference: 0\n");
            builder.Append($"    spf: \"v=spf1 ip4:203.0.113.24/29 ip4:198.51.{block}.0/24 include:spf.protection.outlook.com -all\"\n");
            builder.Append($"    dmarc: \"v=DMARC1; p=reject; rua=mailto:dmarc@{domain}\"\n");
        }

        builder.Append("onPremises:\n  servers:\n    - name: EX01\n      fqdn: ex01.bench0.example\n      egressIPAddresses: [203.0.113.25]\n");
        builder.Append("  certificates:\n    - name: smtp\n      subject: CN=mail.bench0.example\n      subjectAlternativeNames: [mail.bench0.example]\n      notAfter: 2030-01-01\n");
        builder.Append("  sendConnectors:\n");
        builder.Append($"    - name: Outbound to Office 365\n      addressSpaces: [\"*\"]\n      dnsRoutingEnabled: false\n      smartHosts: [{Domain(0).Replace('.', '-')}.mail.protection.outlook.com]\n      port: 25\n      requireTls: true\n      tlsAuthLevel: domainValidation\n      tlsDomain: mail.protection.outlook.com\n      tlsCertificate: smtp\n      sourceTransportServers: [EX01]\n");
        for (var i = 1; i < connectors; i++)
        {
            builder.Append($"    - name: Partner {i}\n      addressSpaces: [\"partner{i}.example\"]\n      dnsRoutingEnabled: false\n      smartHosts: [gateway.partner{i}.example]\n      port: 25\n      requireTls: true\n      tlsAuthLevel: certificateValidation\n      sourceTransportServers: [EX01]\n");
        }

        builder.Append("  receiveConnectors:\n    - name: Scanner relay\n      server: EX01\n      bindings: [\"0.0.0.0:25\"]\n      remoteIPRanges: [10.20.0.0/24]\n      permissionGroups: [anonymousUsers]\n      authMechanism: [tls]\n      anonymousRelay: true\n");
        // As import writes a long list: one item per line.
        var every = string.Concat(Enumerable.Range(0, domains).Select(i => $"\n        - {Domain(i)}"));
        var senderDomains = listEveryDomain ? every : " [\"*\"]";
        builder.Append($"exchangeOnline:\n  inboundConnectors:\n    - name: From on-premises\n      connectorType: onPremises\n      senderDomains:{senderDomains}\n      senderIPAddresses: [203.0.113.25]\n      requireTls: true\n      tlsSenderCertificateName: mail.bench0.example\n      cloudServicesMailEnabled: true\n");
        if (listEveryDomain)
        {
            builder.Append($"  outboundConnectors:\n    - name: To on-premises\n      connectorType: onPremises\n      recipientDomains:{every}\n      useMxRecord: false\n      smartHosts: [mail.bench0.example]\n      tlsSettings: domainValidation\n      tlsDomain: mail.bench0.example\n");
        }

        builder.Append("senders:\n");
        for (var i = 0; i < senders; i++)
        {
            builder.Append($"  - name: Device {i}\n    sourceIPAddress: 10.20.0.{1 + (i % 250)}\n    submitTo: onPremises\n    host: ex01.bench0.example\n    port: 25\n    authenticated: false\n    startTls: false\n    mailFrom: device{i}@{Domain(i % Math.Max(1, domains))}\n    recipients: [internal, external]\n");
        }

        return builder.ToString();
    }

    /// <summary>The zone data that matches <see cref="Yaml"/>: one zone "example" holding every domain.</summary>
    public static string Zone(int domains, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(domains * 200);
        builder.Append("$TTL 300\n$ORIGIN example.\n@ IN SOA ns.example. hostmaster.example. ( 1 3600 600 86400 300 )\n@ IN NS ns.example.\nns IN A 127.0.0.1\n");
        for (var i = 0; i < domains; i++)
        {
            var domain = Domain(i);
            var token = domain.Replace('.', '-');
            var block = random.Next(1, 250);
            builder.Append($"{domain}. IN MX 0 {token}.mail.protection.outlook.com.\n");
            builder.Append($"{domain}. IN TXT \"v=spf1 ip4:203.0.113.24/29 ip4:198.51.{block}.0/24 include:spf.protection.outlook.com -all\"\n");
            builder.Append($"_dmarc.{domain}. IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@{domain}\"\n");
        }

        return builder.ToString();
    }

    /// <summary>The EOP side of the generated organization: the MX hosts and Microsoft's SPF include.</summary>
    public static string OutlookZone(int domains)
    {
        var builder = new StringBuilder(domains * 80);
        builder.Append("$TTL 300\n$ORIGIN outlook.com.\n@ IN SOA ns.outlook.com. hostmaster.outlook.com. ( 1 3600 600 86400 300 )\n@ IN NS ns.outlook.com.\nns IN A 127.0.0.1\n");
        builder.Append("spf.protection IN TXT \"v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 -all\"\n");
        for (var i = 0; i < domains; i++)
        {
            builder.Append($"{Domain(i).Replace('.', '-')}.mail.protection IN A 52.101.{(i / 250) % 250}.{1 + (i % 250)}\n");
        }

        return builder.ToString();
    }

    public static string Domain(int i) => $"bench{i}.example";
}
