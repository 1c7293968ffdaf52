using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Model;

namespace ConnectorLint.Rules;

/// <summary>CL2xx: on-premises send connectors that relay through EOP.</summary>
public static class SendConnectorRules
{
    public static readonly Rule DnsRouted = new(
        new("CL201", "The internet send connector does not route through a smart host", Severity.Error, "sendConnectors", "550 5.4.1 Relay Access Denied"),
        CheckDnsRouted);

    public static readonly Rule WrongSmartHost = new(
        new("CL202", "A smart host of a connector to EOP is not the EOP MX host of an accepted domain", Severity.Error, "sendConnectors", "550 5.4.1 Relay Access Denied"),
        CheckSmartHost);

    public static readonly Rule NoTls = new(
        new("CL203", "A connector to EOP does not require TLS with certificate validation", Severity.Error, "sendConnectors", "rejection by the Force-TLS inbound connector"),
        CheckTls);

    public static readonly Rule TlsDomain = new(
        new("CL204", "Domain validation without the EOP TLS domain", Severity.Error, "sendConnectors", "TLS failure to EOP"),
        CheckTlsDomain);

    public static readonly Rule NoCertificate = new(
        new("CL205", "A connector to EOP presents no certificate while EOP attributes by certificate", Severity.Error, "sendConnectors", "550 5.7.64 TenantAttribution"),
        CheckCertificatePresented);

    public static readonly Rule PortOrAuth = new(
        new("CL206", "A connector to EOP uses another port than 25 or smart-host authentication", Severity.Warning, "sendConnectors", "connection refused by EOP"),
        CheckPortAndAuth);

    public static readonly Rule CertificateExpiry = new(
        new("CL207", "The connector's certificate has expired or expires soon", Severity.Error, "sendConnectors", "550 5.7.64 TenantAttribution after the renewal"),
        CheckExpiry);

    public static readonly Rule EdgeSubscriptionWithoutEdge = new(
        new("CL209", "A send connector routes through an Edge subscription from a server that is not an Edge server", Severity.Error, "sendConnectors", "mail for the organization has nowhere to go and waits in the queue"),
        CheckEdgeSubscription);

    public static readonly Rule NoSourceServers = new(
        new("CL208", "An enabled send connector has no source transport servers", Severity.Error, "sendConnectors", "nothing sends through the connector"),
        CheckSourceServers);

    private static IEnumerable<Diagnostic> CheckDnsRouted(RuleContext context)
    {
        var topology = context.Topology;
        foreach (var connector in topology.InternetConnectors.Where(c => !topology.ConnectorsToEop.Contains(c)))
        {
            var smartHost = context.State.AcceptedDomains.SelectMany(d => d.Mx).FirstOrDefault(m => ExchangeOnlineEndpoints.Parse(m.Exchange.Value) is not null)?.Exchange.Value
                ?? "<domain-token>." + ExchangeOnlineEndpoints.MxSuffix(topology.Cloud);
            if (!connector.UsesDnsRouting && connector.SmartHosts.IsEmpty)
            {
                yield return new Diagnostic(connector.DnsRoutingEnabled?.Span ?? connector.Name.Span,
                    $"send connector '{connector.Name.Value}' for '*' has DNS routing turned off and no smartHosts, so internet mail has nowhere to go (Exchange will not save such a connector). Set dnsRoutingEnabled: true, or add smartHosts{(topology.InternetRelaysThroughEop ? $": [{smartHost}]" : "")}.");
            }
            else if (topology.InternetRelaysThroughEop && connector.UsesDnsRouting)
            {
                var other = topology.InternetConnectors.First(topology.ConnectorsToEop.Contains);
                yield return new Diagnostic(connector.DnsRoutingEnabled?.Span ?? connector.Name.Span,
                    $"send connector '{other.Name.Value}' relays internet mail through EOP, but send connector '{connector.Name.Value}' for '*' looks up MX records instead; Exchange spreads internet mail over both, and the share sent directly bypasses EOP and the SPF the organization publishes for it. Set dnsRoutingEnabled: false and smartHosts: [{smartHost}], or disable one of them.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckSmartHost(RuleContext context)
    {
        var topology = context.Topology;
        var known = context.State.AcceptedDomains.SelectMany(d => d.Mx)
            .Where(m => ExchangeOnlineEndpoints.Parse(m.Exchange.Value) is not null)
            .Select(m => m.Exchange.Value)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var connector in topology.ConnectorsToEop)
        {
            // A retired FOPE host is CL104's finding, said more precisely there.
            foreach (var host in connector.SmartHosts.Where(h => !ExchangeOnlineEndpoints.IsRetired(h.Value) && !topology.IsEopMxOfAcceptedDomain(h.Value)))
            {
                var hint = known.Count == 0 ? "no accepted domain has an EOP MX record" : $"use {string.Join(" or ", known)}";
                yield return new Diagnostic(host.Span,
                    $"send connector '{connector.Name.Value}' relays to '{host.Value}', which is not the EOP MX host of any accepted domain in this file; EOP answers 550 5.4.1 Relay Access Denied. The smart host must be the domain's EOP MX host: {hint}.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckTls(RuleContext context)
    {
        foreach (var connector in context.Topology.ConnectorsToEop)
        {
            if (connector.RequireTls is not { Value: true })
            {
                yield return new Diagnostic(connector.RequireTls?.Span ?? connector.Name.Span,
                    $"send connector '{connector.Name.Value}' to EOP does not require TLS; the on-premises inbound connector forces TLS and rejects the session. Set requireTls: true.");
            }

            if (connector.TlsAuthLevel is not { } level)
            {
                yield return new Diagnostic(connector.Name.Span,
                    $"send connector '{connector.Name.Value}' to EOP has no tlsAuthLevel, so EOP's certificate is not validated. Set tlsAuthLevel: domainValidation with tlsDomain: {ExchangeOnlineEndpoints.TlsDomain(context.Topology.Cloud)}.");
            }
            else if (level.Value == TlsAuthLevel.EncryptionOnly)
            {
                yield return new Diagnostic(level.Span,
                    $"send connector '{connector.Name.Value}' to EOP uses tlsAuthLevel: encryptionOnly, so any certificate is accepted. Set tlsAuthLevel: domainValidation with tlsDomain: {ExchangeOnlineEndpoints.TlsDomain(context.Topology.Cloud)}.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckTlsDomain(RuleContext context)
    {
        var expected = ExchangeOnlineEndpoints.TlsDomain(context.Topology.Cloud);
        var toEop = context.Topology.ConnectorsToEop.ToHashSet();
        foreach (var connector in context.State.SendConnectors.Where(c => c.Enabled.Value))
        {
            if (connector.TlsAuthLevel is { Value: TlsAuthLevel.DomainValidation } level && connector.TlsDomain is null)
            {
                yield return new Diagnostic(level.Span,
                    $"send connector '{connector.Name.Value}' uses tlsAuthLevel: domainValidation without tlsDomain, so the TLS handshake has no name to validate and fails. Add tlsDomain: {(toEop.Contains(connector) ? expected : "<the remote certificate's name>")}.");
            }
            else if (toEop.Contains(connector) && connector.TlsDomain is { } domain)
            {
                if (!ExchangeOnlineEndpoints.TlsDomainValidates(domain.Value, context.Topology.Cloud))
                {
                    yield return new Diagnostic(domain.Span,
                        $"send connector '{connector.Name.Value}' to EOP validates the name '{domain.Value}', but EOP presents {expected}; the TLS handshake fails and the mail waits in the queue until it expires (550 4.4.7). Set tlsDomain: {expected}.");
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckCertificatePresented(RuleContext context)
    {
        var byCertificate = context.Topology.OnPremisesInbound.Where(c => c.Enabled.Value && c.TlsSenderCertificateName is not null).ToList();
        if (byCertificate.Count == 0)
        {
            yield break;
        }

        foreach (var connector in context.Topology.ConnectorsToEop.Where(c => !c.PresentsCertificate))
        {
            yield return new Diagnostic(connector.Name.Span,
                $"send connector '{connector.Name.Value}' presents no certificate (tlsCertificate is not set), but inbound connector '{byCertificate[0].Name.Value}' attributes on-premises mail by the certificate name '{byCertificate[0].TlsSenderCertificateName!.Value.Value}'; EOP answers 550 5.7.64 TenantAttribution. Set tlsCertificate to the certificate carrying that name.");
        }

        // A source server that does not hold the connector's certificate presents none: the renewal
        // installed on the Exchange 2019 servers only, with the 2016 servers still sending.
        var reported = new HashSet<(Server, SendConnector)>();
        foreach (var connection in context.Topology.EopConnections)
        {
            if (connection.Decision.Connector is not null || connection.Certificate is not null || connection.Server is not { } server
                || context.State.CertificateOf(connection.Connector) is not { } wanted
                || connection.Decision.Nearest is not { TlsSenderCertificateName: { } expected } inbound
                || !reported.Add((server, connection.Connector)))
            {
                continue;
            }

            yield return new Diagnostic(server.CertificatesSpan ?? server.Name.Span,
                $"server '{server.Name.Value}' does not hold certificate '{wanted.Name.Value}', which send connector '{connection.Connector.Name.Value}' presents; mail that leaves from {server.Name.Value} presents no certificate, and inbound connector '{inbound.Name.Value}' attributes by the certificate name '{expected.Value}': EOP answers 550 5.7.64 TenantAttribution. Install the certificate on {server.Name.Value} and enable it for SMTP (Import-ExchangeCertificate, then Enable-ExchangeCertificate -Services SMTP), or remove {server.Name.Value} from the connector's sourceTransportServers while another server still sends.");
        }
    }

    private static IEnumerable<Diagnostic> CheckPortAndAuth(RuleContext context)
    {
        foreach (var connector in context.Topology.ConnectorsToEop)
        {
            if (connector.Port is { } port && port.Value != 25)
            {
                yield return new Diagnostic(port.Span,
                    $"send connector '{connector.Name.Value}' reaches EOP on port {port.Value}; EOP accepts connector traffic on port 25 only, so the connection is refused. Set port: 25.");
            }

            if (connector.SmartHostAuthMechanism is { } auth && auth.Value is not ("none" or "externalAuthoritative"))
            {
                yield return new Diagnostic(auth.Span,
                    $"send connector '{connector.Name.Value}' authenticates to EOP with {auth.Value}; EOP does not offer SMTP AUTH to connectors and attributes by certificate or address. Set smartHostAuthMechanism: none.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckExpiry(RuleContext context)
    {
        var today = context.Settings.Today;
        var warningDays = context.Settings.CertificateExpiryWarningDays;
        var users = context.State.SendConnectors
            .Where(c => c.Enabled.Value && c.PresentsCertificate)
            .GroupBy(c => context.State.CertificateOf(c))
            .Where(g => g.Key is not null);
        foreach (var group in users)
        {
            var certificate = group.Key!;
            var notAfter = certificate.NotAfter;
            var connectors = string.Join(", ", group.Select(c => $"'{c.Name.Value}'"));
            var days = Model.CertificateExpiry.DaysLeft(notAfter.Value, today);
            var state = Model.CertificateExpiry.Judge(notAfter.Value, today, warningDays);
            if (state == ExpiryState.Expired)
            {
                yield return new Diagnostic(notAfter.Span,
                    $"certificate '{certificate.Name.Value}' ({certificate.Subject.Value}) expired on {notAfter.Value:yyyy-MM-dd}; send connector {connectors} cannot present it and EOP answers 550 5.7.64 TenantAttribution. Renew it, and check that the new certificate still carries the name the inbound connector expects.");
            }
            else if (state == ExpiryState.ExpiresSoon)
            {
                yield return new Diagnostic(notAfter.Span,
                    $"certificate '{certificate.Name.Value}' ({certificate.Subject.Value}) expires on {notAfter.Value:yyyy-MM-dd}, in {days} day(s); send connector {connectors} uses it. Renew it before then, keeping the subject name the inbound connector expects.",
                    Severity.Warning);
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckSourceServers(RuleContext context)
    {
        foreach (var connector in context.State.SendConnectors.Where(c => c.Enabled.Value && c.SourceTransportServers.IsEmpty))
        {
            yield return new Diagnostic(connector.SourceTransportServersSpan ?? connector.Name.Span,
                $"send connector '{connector.Name.Value}' is enabled but has no sourceTransportServers, so no server sends through it. List the servers, e.g. sourceTransportServers: [{context.State.OnPremises?.Servers.FirstOrDefault()?.Name.Value ?? "EX01"}].");
        }
    }

    /// <summary>
    /// The smart host "--" is the Edge subscription's routing: EdgeSync writes it on the Edge server's
    /// "EdgeSync - Inbound to" connector, which hands mail to the subscribed site's Mailbox servers. On
    /// any other server it names nothing ("Edge Subscriptions").
    /// </summary>
    private static IEnumerable<Diagnostic> CheckEdgeSubscription(RuleContext context)
    {
        foreach (var connector in context.State.SendConnectors.Where(c => c.Enabled.Value))
        {
            if (connector.SmartHosts.FirstOrDefault(h => h.Value.Trim() == "--") is not { Value: not null } subscription)
            {
                continue;
            }

            var notEdge = connector.SourceTransportServers
                .Select(s => (Name: s.Value, Server: context.State.FindServer(s.Value)))
                .Where(s => s.Server is not { IsEdge: true })
                .Select(s => s.Name)
                .ToList();
            if (notEdge.Count > 0)
            {
                yield return new Diagnostic(subscription.Span,
                    $"send connector '{connector.Name.Value}' routes through an Edge subscription (smart host \"--\"), but {string.Join(", ", notEdge)} {(notEdge.Count == 1 ? "is" : "are")} not an Edge server (serverRole: edge); from there \"--\" reaches no server, and the mail waits in the queue until it expires. Only an Edge server's EdgeSync connector carries \"--\": mark the Edge server serverRole: edge, or give this connector its real smart host.");
            }
        }
    }
}
