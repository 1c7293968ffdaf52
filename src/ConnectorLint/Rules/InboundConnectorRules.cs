using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Rules;

/// <summary>CL3xx: Exchange Online inbound connectors that attribute on-premises mail.</summary>
public static class InboundConnectorRules
{
    public static readonly Rule Missing = new(
        new("CL301", "The organization relays through EOP without an enabled onPremises inbound connector", Severity.Error, "inboundConnectors", "550 5.4.1 Relay Access Denied"),
        CheckMissing);

    public static readonly Rule DisabledOrPartner = new(
        new("CL302", "The inbound connector meant for on-premises is disabled or of type partner", Severity.Error, "inboundConnectors", "550 5.4.1 Relay Access Denied"),
        CheckDisabledOrPartner);

    public static readonly Rule NoForceTls = new(
        new("CL303", "An onPremises inbound connector does not force TLS", Severity.Error, "inboundConnectors", "unprotected, unattributable relay"),
        CheckForceTls);

    public static readonly Rule NoAttribution = new(
        new("CL304", "An inbound connector has neither a certificate name nor sender addresses", Severity.Error, "inboundConnectors", "no attribution: 550 5.7.64 TenantAttribution"),
        CheckAttribution);

    public static readonly Rule CertificateNameMismatch = new(
        new("CL305", "tlsSenderCertificateName matches no name of the certificate the send connector presents", Severity.Error, "inboundConnectors", "550 5.7.64 TenantAttribution"),
        CheckCertificateName);

    public static readonly Rule EgressNotListed = new(
        new("CL306", "An egress address is not in the inbound connector's senderIPAddresses", Severity.Error, "inboundConnectors", "550 5.7.64 TenantAttribution"),
        CheckEgress);

    public static readonly Rule SenderDomainsNotCovered = new(
        new("CL307", "senderDomains does not cover the on-premises sender domains", Severity.Error, "inboundConnectors", "550 5.4.1 Relay Access Denied"),
        CheckSenderDomains);

    public static readonly Rule SenderAddressRange = new(
        new("CL308", "senderIPAddresses holds a block wider than /24, an IPv6 or a private address", Severity.Error, "inboundConnectors", "the connector cannot be saved, or attributes strangers", SecuritySeverity: "7.0"),
        CheckSenderAddresses);

    public static readonly Rule RestrictedPartnerBehindEopMx = new(
        new("CL310", "The MX points at Exchange Online while a partner connector takes mail only from a filtering service's addresses", Severity.Error, "inboundConnectors", "550 5.7.51 TenantInboundAttribution"),
        CheckRestrictedPartnerBehindEopMx);

    public static readonly Rule OutboundTlsDomain = new(
        new("CL311", "The outbound connector to on-premises validates a name the on-premises certificate does not carry", Severity.Error, "outboundConnectors", "mail to on-premises mailboxes queues in Exchange Online and expires (4.4.7)"),
        CheckOutboundTlsDomain);

    public static readonly Rule SharedAttribution = new(
        new("CL312", "An onPremises inbound connector attributes by addresses or a certificate name that others can use", Severity.Error, "inboundConnectors", "anyone on those addresses, or with that certificate, relays as the organization to anyone", SecuritySeverity: "9.0"),
        CheckSharedAttribution);

    public static readonly Rule OnPremisesWithoutServers = new(
        new("CL313", "An outbound connector routes to on-premises while the file has no on-premises server", Severity.Error, "outboundConnectors", "mail routed to on-premises waits in Exchange Online's queue and is returned (4.4.7)"),
        CheckOnPremisesWithoutServers);

    public static readonly Rule TreatAsInternal = new(
        new("CL309", "treatMessagesAsInternal on a connector that cannot have it", Severity.Error, "inboundConnectors", "Set-InboundConnector refuses the combination"),
        CheckTreatAsInternal);

    /// <summary>
    /// Microsoft's guidance for on-premises connectors (message center MC1226222): an onPremises
    /// connector grants whoever matches it the right to send as the organization to anyone. Matching
    /// on addresses other tenants send from (Exchange Online's own, a filtering service's shared
    /// ones), or on a certificate name the organization does not own, hands that right to strangers.
    /// </summary>
    private static IEnumerable<Diagnostic> CheckSharedAttribution(RuleContext context)
    {
        var topology = context.Topology;
        const string fix = "Attribute the connector by the organization's own public egress addresses or by a certificate name in one of its own accepted domains, and remove";
        var others = context.State.InboundConnectors
            .Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.Partner)
            .SelectMany(c => c.SenderIPAddresses.Select(r => (Range: r.Value, Owner: $"partner connector '{c.Name.Value}'")))
            .Concat(context.State.InboundConnectors.Where(c => !c.EfSkipIPs.IsDefaultOrEmpty).SelectMany(c => c.EfSkipIPs.Select(r => (Range: r.Value, Owner: $"the filtering service whose hops connector '{c.Name.Value}' skips (efSkipIPs)"))))
            .Concat(ExchangeOnlineEndpoints.SharedSendingRanges(topology.Cloud).Select(r => (Range: r, Owner: "Exchange Online, which sends every tenant's mail from them")))
            .ToList();
        foreach (var connector in TenantAttribution.Candidates(context.State))
        {
            foreach (var address in connector.SenderIPAddresses)
            {
                if (others.FirstOrDefault(o => o.Range.Overlaps(address.Value)) is { Owner: { } owner } shared)
                {
                    yield return new Diagnostic(address.Span,
                        $"onPremises inbound connector '{connector.Name.Value}' attributes mail from {address.Value.Text}, which belongs to {owner} ({shared.Range.Text}); anyone sending from there relays through this connector as the organization, to any recipient. {fix} {address.Value.Text}.");
                }
            }

            if (connector.TlsSenderCertificateName is not { } name)
            {
                continue;
            }

            var domain = name.Value.TrimStart('*', '.');
            var stranger = ExchangeOnlineEndpoints.IsMicrosoftName(domain) ? "a Microsoft name that every Microsoft 365 tenant's mail presents"
                : topology.PartnerOwning(domain) is { } partner ? $"a domain of the partner named by {partner.Connector}"
                : null;
            if (stranger is not null)
            {
                yield return new Diagnostic(name.Span,
                    $"onPremises inbound connector '{connector.Name.Value}' attributes by the certificate name '{name.Value}', {stranger}; whoever presents it relays through this connector as the organization, to any recipient. {fix} '{name.Value}'; never make that domain an accepted domain.");
            }
        }
    }

    /// <summary>
    /// After the last Exchange server is decommissioned ("How and when to decommission your on-premises
    /// Exchange servers in a hybrid deployment"), the wizard's connector to on-premises and centralized
    /// mail transport send mail to a host that is gone.
    /// </summary>
    private static IEnumerable<Diagnostic> CheckOnPremisesWithoutServers(RuleContext context)
    {
        if (context.State.OnPremises is { Servers.IsDefaultOrEmpty: false })
        {
            yield break;
        }

        // The hybrid's own connector: it carries Exchange's hybrid mail (cloudServicesMailEnabled, as the
        // wizard sets it) or routes an authoritative domain's mailboxes on premises. An onPremises
        // connector to another system of a shared namespace (an internalRelay domain) is not a leftover.
        bool ToExchange(OutboundConnector c) =>
            c.RouteAllMessagesViaOnPremises is { Value: true }
            || (c.ConnectorType.Value == ConnectorType.OnPremises
                && (c.CloudServicesMailEnabled is { Value: true }
                    || c.RecipientDomains.Any(d => context.Topology.AcceptedDomainFor(d.Value.TrimStart('*', '.')) is { DomainType.Value: DomainType.Authoritative, RecipientsElsewhere: null })));
        foreach (var connector in context.State.OutboundConnectors.Where(c => c.Enabled.Value && ToExchange(c)))
        {
            var what = connector.RouteAllMessagesViaOnPremises is { Value: true } ? "every message for the internet (routeAllMessagesViaOnPremises)" : $"mail for {string.Join(", ", connector.RecipientDomains.Select(d => d.Value))}";
            var to = connector.UseMxRecord is { Value: true } || connector.SmartHosts.IsEmpty ? "by MX" : $"to {string.Join(", ", connector.SmartHosts.Select(h => h.Value))}";
            yield return new Diagnostic(connector.RouteAllMessagesViaOnPremises?.Span ?? connector.Name.Span,
                $"outbound connector '{connector.Name.Value}' sends {what} to on-premises {to}, but the file has no on-premises Exchange server; if the last one was decommissioned, that mail waits in Exchange Online's queue and is returned (4.4.7). Disable or remove the connector (and routeAllMessagesViaOnPremises) once no mailbox is on premises, or describe the servers under onPremises.servers.");
        }
    }

    private static IEnumerable<Diagnostic> CheckRestrictedPartnerBehindEopMx(RuleContext context)
    {
        // Any internet sender: a domain no accepted domain covers, from an address no connector lists.
        const string anySender = "sender.example";
        if (context.Simulator.RestrictingPartner(anySender, null) is not { } partner)
        {
            yield break;
        }

        // Microsoft publishes the MX of its managed domains (contoso.mail.onmicrosoft.com): no admin can
        // point it at the filtering service, and the hybrid routes through it from inside only.
        foreach (var domain in context.State.AcceptedDomains.Where(d => !d.DomainName.Value.StartsWith('*') && !ExchangeOnlineEndpoints.IsMicrosoftManaged(d.DomainName.Value)))
        {
            foreach (var mx in domain.Mx.Where(m => ExchangeOnlineEndpoints.Parse(m.Exchange.Value) is not null))
            {
                yield return new Diagnostic(mx.Exchange.Span,
                    $"the MX of '{domain.DomainName.Value}' is Exchange Online, so internet mail arrives from the senders' own servers; but partner connector '{partner.Name.Value}' accepts mail from every sender domain only from {string.Join(", ", partner.SenderIPAddresses.Select(r => r.Value.Text))} (restrictDomainsToIPAddresses), and EOP rejects the rest with 550 5.7.51 TenantInboundAttribution. Point the MX back at the filtering service, or turn the restriction off.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckOutboundTlsDomain(RuleContext context)
    {
        foreach (var outbound in context.State.OutboundConnectors.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises
                     && c.TlsSettings is { Value: TlsAuthLevel.DomainValidation } && c.TlsDomain is not null))
        {
            if (context.Simulator.OnPremisesTarget(outbound) is not { } server
                || context.Simulator.PresentedOnPremises(server) is not { } certificate)
            {
                continue;
            }

            var tlsDomain = outbound.TlsDomain!.Value;
            if (!certificate.Names.Any(n => CertificateName.Matches(tlsDomain.Value, n)))
            {
                yield return new Diagnostic(tlsDomain.Span,
                    $"outbound connector '{outbound.Name.Value}' validates the name '{tlsDomain.Value}', but {server.Name.Value} presents '{certificate.Name.Value}' ({string.Join(", ", certificate.Names)}); the TLS handshake fails and mail to on-premises mailboxes queues in Exchange Online until it expires (4.4.7). Set tlsDomain to one of those names.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckMissing(RuleContext context)
    {
        var topology = context.Topology;
        if (!topology.RelaysThroughEop || context.State.InboundConnectors.Any(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises))
        {
            yield break;
        }

        // A disabled or partner connector meant for on-premises is CL302's finding.
        if (topology.OnPremisesInbound.Count > 0)
        {
            yield break;
        }

        var connector = topology.ConnectorsToEop[0];
        var span = context.State.ExchangeOnline?.Span ?? context.State.Span;
        yield return new Diagnostic(span,
            $"send connector '{connector.Name.Value}' relays on-premises mail through EOP, but exchangeOnline has no enabled inbound connector of type onPremises; EOP does not know the mail is yours and answers 550 5.4.1 Relay Access Denied. Add one with connectorType: onPremises, requireTls: true and tlsSenderCertificateName or senderIPAddresses.");
    }

    private static IEnumerable<Diagnostic> CheckDisabledOrPartner(RuleContext context)
    {
        if (!context.Topology.RelaysThroughEop)
        {
            yield break;
        }

        foreach (var connector in context.Topology.OnPremisesInbound)
        {
            if (!connector.Enabled.Value)
            {
                yield return new Diagnostic(connector.Enabled.Span,
                    $"inbound connector '{connector.Name.Value}' carries the on-premises certificate name or addresses but is disabled; relayed mail ends in 550 5.4.1 Relay Access Denied. Set enabled: true.");
            }

            if (connector.ConnectorType.Value == ConnectorType.Partner)
            {
                yield return new Diagnostic(connector.ConnectorType.Span,
                    $"inbound connector '{connector.Name.Value}' matches the on-premises side but is of type partner, which does not relay to external recipients; mail ends in 550 5.4.1 Relay Access Denied. Set connectorType: onPremises.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckForceTls(RuleContext context)
    {
        // Certificate attribution needs TLS, and the hybrid connector carries it; a relay connector
        // that matches a device by its address may leave TLS optional (Microsoft's option 3).
        foreach (var connector in context.State.InboundConnectors.Where(c => c.ConnectorType.Value == ConnectorType.OnPremises && c.RequireTls is not { Value: true }
                     && (c.TlsSenderCertificateName is not null || c.CloudServicesMailEnabled is { Value: true })))
        {
            var why = connector.TlsSenderCertificateName is not null
                ? "it attributes by certificate, which EOP can only see over TLS"
                : "it carries hybrid mail (cloudServicesMailEnabled), which the Hybrid Configuration Wizard always protects with TLS";
            yield return new Diagnostic(connector.RequireTls?.Span ?? connector.Name.Span,
                $"onPremises inbound connector '{connector.Name.Value}' does not force TLS (requireTls is {(connector.RequireTls is null ? "not set" : "false")}), yet {why}. Set requireTls: true.");
        }
    }

    private static IEnumerable<Diagnostic> CheckAttribution(RuleContext context)
    {
        foreach (var connector in context.State.InboundConnectors.Where(c => c.TlsSenderCertificateName is null && c.SenderIPAddresses.IsEmpty))
        {
            yield return new Diagnostic(connector.Name.Span,
                $"inbound connector '{connector.Name.Value}' has neither tlsSenderCertificateName nor senderIPAddresses, so no mail can be attributed to it; EOP answers 550 5.7.64 TenantAttribution. Set tlsSenderCertificateName to the on-premises certificate's name.");
        }
    }

    /// <summary>
    /// Each connection to EOP is judged against the connector EOP would attribute it to, or, when none
    /// does, the nearest one (<see cref="TenantAttribution.Attribute"/>): a second onPremises connector
    /// for another forest or a relaying application is never a reason to report this one.
    /// </summary>
    private static IEnumerable<Diagnostic> CheckCertificateName(RuleContext context)
    {
        var reported = new HashSet<(InboundConnector, SendConnector)>();
        foreach (var connection in context.Topology.EopConnections)
        {
            if (connection.Decision.Connector is not null || connection.Certificate is not { } certificate
                || connection.Decision.Nearest is not { TlsSenderCertificateName: { } expected } inbound
                || TenantAttribution.CertificateSatisfies(expected.Value, certificate)
                || !reported.Add((inbound, connection.Connector)))
            {
                continue;
            }

            var names = string.Join(", ", certificate.Names);
            yield return new Diagnostic(expected.Span,
                $"inbound connector '{inbound.Name.Value}' expects a certificate named '{expected.Value}', but send connector '{connection.Connector.Name.Value}' presents '{certificate.Name.Value}' with the names {names}; EOP answers 550 5.7.64 TenantAttribution. Set tlsSenderCertificateName to one of those names, or present a certificate that carries '{expected.Value}'.");
        }
    }

    private static IEnumerable<Diagnostic> CheckEgress(RuleContext context)
    {
        foreach (var connection in context.Topology.EopConnections)
        {
            if (connection.Decision.Connector is not null || connection.Egress is not { } address
                || connection.Decision.Nearest is not { SenderIPAddresses.IsEmpty: false } inbound
                || inbound.SenderIPAddresses.Any(r => r.Value.Contains(address.Value)))
            {
                continue;
            }

            var listed = string.Join(", ", inbound.SenderIPAddresses.Select(r => r.Value.Text));
            yield return new Diagnostic(address.Span,
                $"{address.Value} (egress of {connection.Server!.Name.Value}, used by send connector '{connection.Connector.Name.Value}') is not in senderIPAddresses of inbound connector '{inbound.Name.Value}' ({listed}); EOP cannot attribute the mail and answers 550 5.7.64 TenantAttribution. Add {address.Value} to senderIPAddresses.");
        }
    }

    private static IEnumerable<Diagnostic> CheckSenderDomains(RuleContext context)
    {
        var topology = context.Topology;
        if (!topology.RelaysThroughEop)
        {
            yield break;
        }

        var domains = context.State.AcceptedDomains
            .Where(d => d.DomainType.Value != DomainType.ExternalRelay && !d.DomainName.Value.StartsWith('*'))
            .Select(d => d.DomainName.Value.TrimEnd('.').ToLowerInvariant())
            .Concat(context.State.Senders.Where(s => s.SubmitTo.Value == SubmitTo.OnPremises && s.MailFrom is not null).Select(s => DomainPattern.DomainOf(s.MailFrom!.Value.Value)))
            .Distinct()
            .ToList();
        // The connectors the on-premises servers' connections reach (attributed, or nearest when none
        // attributes): a connector for a relaying application carries that application's domains only.
        var reached = topology.EopConnections.Select(c => c.Decision.Connector).OfType<InboundConnector>().Distinct().ToList();
        if (reached.Count == 0)
        {
            reached = [.. topology.EopConnections.Select(c => c.Decision.Nearest).OfType<InboundConnector>().Distinct()];
        }

        foreach (var connector in reached.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises))
        {
            var senderDomains = topology.SenderDomainsOf(connector);
            var missing = domains.Where(d => !senderDomains.Covers(d)).ToList();
            if (missing.Count > 0)
            {
                yield return new Diagnostic(connector.SenderDomainsSpan ?? connector.Name.Span,
                    $"inbound connector '{connector.Name.Value}' accepts sender domains {(connector.SenderDomains.IsEmpty ? "(none)" : string.Join(", ", connector.SenderDomains.Select(s => s.Value)))}, which do not cover {string.Join(", ", missing)}; on-premises mail from them is refused with 550 5.4.1 Relay Access Denied. Add them, or use senderDomains: [\"*\"].");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckSenderAddresses(RuleContext context)
    {
        foreach (var connector in context.State.InboundConnectors)
        {
            foreach (var range in connector.SenderIPAddresses)
            {
                var value = range.Value;
                string? problem = value.Kind == Net.IpRangeKind.Range ? "is an a-b range; New-InboundConnector takes an address or a CIDR block only and refuses it"
                    : !value.IsIPv4 ? "is IPv6; EOP accepts IPv4 addresses only"
                    : value.EffectivePrefixLength < 24 ? $"is wider than /24 ({value.Size} addresses); EOP accepts /24 to /32"
                    : AddressScope.PrivateBlocks.Any(b => b.Overlaps(value)) ? "is a private address; EOP sees your public egress address, never this one"
                    : null;
                if (problem is not null)
                {
                    yield return new Diagnostic(range.Span,
                        $"senderIPAddresses entry '{value.Text}' of inbound connector '{connector.Name.Value}' {problem}. List the public IPv4 egress addresses of the on-premises servers.");
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckTreatAsInternal(RuleContext context)
    {
        foreach (var connector in context.State.InboundConnectors.Where(c => c.TreatMessagesAsInternal is { Value: true }))
        {
            var span = connector.TreatMessagesAsInternal!.Value.Span;
            if (connector.ConnectorType.Value != ConnectorType.OnPremises)
            {
                yield return new Diagnostic(span,
                    $"inbound connector '{connector.Name.Value}' is of type partner; treatMessagesAsInternal is only for onPremises connectors and the cmdlet refuses it. Remove it.");
            }
            else if (connector.CloudServicesMailEnabled is { Value: true })
            {
                yield return new Diagnostic(span,
                    $"inbound connector '{connector.Name.Value}' sets both treatMessagesAsInternal and cloudServicesMailEnabled; the cmdlet refuses the combination. Keep cloudServicesMailEnabled (hybrid) and drop treatMessagesAsInternal.");
            }
        }
    }
}
