using System.Runtime.CompilerServices;
using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Exchange;

/// <summary>
/// Facts about the organization that several rules share, derived once per file: which send
/// connectors reach EOP, which inbound connectors are meant for on-premises, the egress addresses.
/// </summary>
public sealed class MailFlowTopology
{
    private static readonly ConditionalWeakTable<DesiredState, MailFlowTopology> PerDocument = new();

    /// <summary>The document's routing model, computed once and read by rules, trace, review, plan and drift alike.</summary>
    public static MailFlowTopology Of(DesiredState state) => PerDocument.GetValue(state, s => new MailFlowTopology(s));

    public MailFlowTopology(DesiredState state)
    {
        State = state;
        Cloud = state.Tenant.Cloud.Value;
        InternetConnectors = state.SendConnectors
            .Where(c => c.Enabled.Value && c.AddressSpaces.Any(a => DomainPattern.Parse(a.Value).IsEverything))
            .ToList();
        // "Relays through EOP" is a property of a connector: its smart hosts are EOP endpoints. A `*`
        // connector on DNS routing is right in the wizard's classic setup, centralized transport and Edge.
        ConnectorsToEop = state.SendConnectors
            .Where(c => c.Enabled.Value && c.SmartHosts.Any(h => ExchangeOnlineEndpoints.Parse(h.Value) is not null || ExchangeOnlineEndpoints.IsRetired(h.Value)))
            .ToList();
        RelaysThroughEop = ConnectorsToEop.Count > 0;
        InternetRelaysThroughEop = InternetConnectors.Any(ConnectorsToEop.Contains);

        // Centralized mail transport sends everything via on-premises; a `*` outbound connector to a
        // smart host (a filtering service in front) sends it there. Otherwise Exchange Online itself
        // delivers cloud mailboxes' internet mail, from its own addresses.
        var centralized = state.OutboundConnectors.Any(c => c.Enabled.Value && c.RouteAllMessagesViaOnPremises is { Value: true });
        var throughSmartHost = state.OutboundConnectors.Any(c => c.Enabled.Value && c.IsTransportRuleScoped is not { Value: true }
            && c.UseMxRecord is not { Value: true } && !c.SmartHosts.IsEmpty && c.RecipientDomains.Any(d => DomainPattern.Parse(d.Value).IsEverything));
        ExchangeOnlineDeliversToInternet = !centralized && !throughSmartHost;

        OnPremisesCertificateNames = ConnectorsToEop
            .Select(state.CertificateOf)
            .OfType<Certificate>()
            .SelectMany(c => c.Names)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        OnPremisesInbound = state.InboundConnectors.Where(IsMeantForOnPremises).ToList();
        domainIndex = new Dictionary<string, AcceptedDomain>(StringComparer.Ordinal);
        foreach (var accepted in state.AcceptedDomains.Where(d => d.DomainName.Value != "*"))
        {
            domainIndex.TryAdd(accepted.DomainName.Value.TrimEnd('.').ToLowerInvariant(), accepted);
        }
    }

    public DesiredState State { get; }

    public Cloud Cloud { get; }

    /// <summary>Enabled send connectors with the "*" address space.</summary>
    public IReadOnlyList<SendConnector> InternetConnectors { get; }

    /// <summary>Enabled send connectors whose smart hosts are EOP endpoints.</summary>
    public IReadOnlyList<SendConnector> ConnectorsToEop { get; }

    /// <summary>Some on-premises mail goes to EOP through a connector (the wizard's coexistence connector counts).</summary>
    public bool RelaysThroughEop { get; }

    /// <summary>A `*` connector relays through EOP: on-premises internet mail leaves through Exchange Online.</summary>
    public bool InternetRelaysThroughEop { get; }

    /// <summary>Exchange Online delivers its mailboxes' internet mail itself (neither centralized transport nor a `*` outbound smart host).</summary>
    public bool ExchangeOnlineDeliversToInternet { get; }

    /// <summary>Subject CN and SANs of the certificates the connectors to EOP present.</summary>
    public IReadOnlyList<string> OnPremisesCertificateNames { get; }

    /// <summary>Inbound connectors for on-premises mail: of that type, or matching its certificate or addresses.</summary>
    public IReadOnlyList<InboundConnector> OnPremisesInbound { get; }

    public IEnumerable<Located<IpRange>> EgressAddresses(SendConnector connector) =>
        connector.SourceTransportServers
            .Select(s => State.FindServer(s.Value))
            .OfType<Server>()
            .SelectMany(s => s.EgressIPAddresses);

    /// <summary>
    /// Every connection the organization's servers make to EOP: per send connector to EOP, per source
    /// server, per public egress address (or one with no known address), with EOP's decision.
    /// </summary>
    public IReadOnlyList<EopConnection> EopConnections => eopConnections ??= ConnectionsToEop();

    private IReadOnlyList<EopConnection>? eopConnections;

    /// <summary>
    /// EOP's decision for mail that a send connector relays from a server: the very decision of
    /// <see cref="EopConnections"/> that the rules read. Only when a connector is narrowed to some
    /// sender domains (associatedAcceptedDomains) does the sender's domain take part, and the decision
    /// is made for it with the same function and tie-break.
    /// </summary>
    public AttributionDecision AttributionFor(SendConnector connector, Server server, IpRange? egress, Certificate? presented, string senderDomain)
    {
        var candidates = attributionCandidates ??= [.. TenantAttribution.Candidates(State)];
        if (candidates.All(c => c.AssociatedAcceptedDomains.IsDefaultOrEmpty)
            && EopConnections.FirstOrDefault(c => c.Connector == connector && c.Server == server && c.Certificate == presented
                && (c.Egress is { } address ? egress is { } e && address.Value.Equals(e) : egress is null)) is { } known)
        {
            return known.Decision;
        }

        return TenantAttribution.Attribute(candidates, egress, presented, senderDomain, connector.Fqdn?.Value);
    }

    private List<InboundConnector>? attributionCandidates;

    private List<EopConnection> ConnectionsToEop()
    {
        var candidates = TenantAttribution.Candidates(State).ToList();
        var connections = new List<EopConnection>();
        foreach (var connector in ConnectorsToEop)
        {
            var certificate = State.CertificateOf(connector);
            foreach (var server in connector.SourceTransportServers.Select(s => State.FindServer(s.Value)).OfType<Server>())
            {
                // A server presents only a certificate it holds: the renewal installed on the new
                // servers only leaves the old ones presenting none.
                var presented = certificate is not null && server.Holds(certificate) ? certificate : null;
                // EOP sees the public address; a private one never reaches it.
                var egress = server.EgressIPAddresses.Where(a => !a.Value.IsEntirelyPrivate).Select(a => (Located<IpRange>?)a).ToList();
                foreach (var address in egress.Count > 0 ? egress : [null])
                {
                    var decision = TenantAttribution.Attribute(candidates, address?.Value, presented, claimedName: connector.Fqdn?.Value);
                    connections.Add(new EopConnection(connector, server, address, presented, decision));
                }
            }
        }

        return connections;
    }

    public IEnumerable<(Server Server, Located<IpRange> Address)> EgressOf(SendConnector connector) =>
        connector.SourceTransportServers
            .Select(s => State.FindServer(s.Value))
            .OfType<Server>()
            .SelectMany(s => s.EgressIPAddresses.Select(a => (s, a)));

    public bool IsMeantForOnPremises(InboundConnector connector)
    {
        if (connector.ConnectorType.Value == ConnectorType.OnPremises)
        {
            return true;
        }

        if (connector.TlsSenderCertificateName is { } name && OnPremisesCertificateNames.Any(n => TenantAttribution.NameSatisfies(name.Value, n)))
        {
            return true;
        }

        return ConnectorsToEop.SelectMany(EgressAddresses).Any(egress => connector.SenderIPAddresses.Any(r => r.Value.Overlaps(egress.Value)));
    }

    /// <summary>
    /// Is this host the EOP MX host of an accepted domain in this file: one an MX names, or the tenant's
    /// endpoint for a verified accepted domain of its cloud whatever that domain's MX (the wizard's
    /// contoso-com.mail.protection.outlook.com under centralized transport with the MX on premises)?
    /// </summary>
    public bool IsEopMxOfAcceptedDomain(string host) =>
        TenantEndpoint == CertificateName.Normalize(host)
        || State.AcceptedDomains.SelectMany(d => d.Mx).Any(mx =>
            CertificateName.Normalize(mx.Exchange.Value) == CertificateName.Normalize(host) && ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is not null)
        || (ExchangeOnlineEndpoints.Parse(host) is { Dnssec: false } endpoint && ExchangeOnlineEndpoints.SameCloudEndpoints(endpoint.Cloud, Cloud)
            && State.AcceptedDomains.Any(d => d.Verified.Value && !d.DomainName.Value.StartsWith('*') && ExchangeOnlineEndpoints.TokenBelongsTo(endpoint.Token, d.DomainName.Value)));

    /// <summary>
    /// Does this domain's SPF record authorise Exchange Online (its include, followed through the
    /// records the file holds, or a redirect to it)? Null when the file holds no record for it, or an
    /// include leaves the file before reaching an answer. One decision for CL113 and for trace's
    /// delivery from Exchange Online; computed once per domain.
    /// </summary>
    public bool? SpfAuthorisesExchangeOnline(string domain)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        lock (spfVerdicts)
        {
            if (spfVerdicts.TryGetValue(name, out var known))
            {
                return known;
            }
        }

        bool? verdict = null;
        if (State.FindDomain(name)?.Spf is { } spf)
        {
            var graph = DesiredStateDnsResolver.IncludeGraph(State, name, spf.Value);
            verdict = graph.Kind == Spf.SpfTargetKind.Record ? Spf.SpfIncludeGraph.Reaches(graph, ExchangeOnlineEndpoints.SpfInclude(Cloud)) : null;
        }

        lock (spfVerdicts)
        {
            spfVerdicts[name] = verdict;
        }

        return verdict;
    }

    private readonly Dictionary<string, bool?> spfVerdicts = new(StringComparer.Ordinal);

    /// <summary>The tenant's own endpoint, the MX of its Microsoft-managed domains: contoso.mail.protection.outlook.com.</summary>
    public string TenantEndpoint => $"{State.Tenant.Name.Value.ToLowerInvariant()}.{ExchangeOnlineEndpoints.MxSuffix(Cloud)}";

    /// <summary>
    /// The accepted domain that holds this domain name: the same name, or a wildcard accepted domain
    /// above it; with <paramref name="allowParent"/>, any accepted domain above it. Indexed, so that
    /// tracing every sender of a 100,000-domain organization stays linear.
    /// </summary>
    public AcceptedDomain? AcceptedDomainFor(string domain, bool allowParent = false)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        if (domainIndex.TryGetValue(name, out var exact))
        {
            return exact;
        }

        for (var dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            var parent = name[(dot + 1)..];
            if (domainIndex.TryGetValue("*." + parent, out var wildcard))
            {
                return wildcard;
            }

            // MatchSubDomains: the accepted domain also takes mail for its subdomains.
            if (domainIndex.TryGetValue(parent, out var above) && (allowParent || above.MatchSubDomains is { Value: true }))
            {
                return above;
            }
        }

        return domainIndex.GetValueOrDefault("*." + name);
    }

    /// <summary>An inbound connector's senderDomains, parsed once per document.</summary>
    public DomainSet SenderDomainsOf(InboundConnector connector) => DomainsOf(connector, connector.SenderDomains);

    /// <summary>An outbound connector's recipientDomains, parsed once per document.</summary>
    public DomainSet RecipientDomainsOf(OutboundConnector connector) => DomainsOf(connector, connector.RecipientDomains);

    private DomainSet DomainsOf(object connector, System.Collections.Immutable.ImmutableArray<Located<string>> entries)
    {
        lock (domainSets)
        {
            if (!domainSets.TryGetValue(connector, out var set))
            {
                set = new DomainSet(entries);
                domainSets[connector] = set;
            }

            return set;
        }
    }

    private readonly Dictionary<object, DomainSet> domainSets = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The partner connector (inbound or outbound) that names <paramref name="domain"/> as the
    /// partner's own: its senderDomains or recipientDomains, wildcards aside.
    /// </summary>
    public (string Connector, Located<string> Domain)? PartnerDomain(string domain)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        foreach (var inbound in State.InboundConnectors.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.Partner))
        {
            if (SenderDomainsOf(inbound).MostSpecific(name, withoutEverything: true) is { } d)
            {
                return ($"inbound connector '{inbound.Name.Value}'", d);
            }
        }

        foreach (var outbound in State.OutboundConnectors.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.Partner))
        {
            if (RecipientDomainsOf(outbound).MostSpecific(name, withoutEverything: true) is { } d)
            {
                return ($"outbound connector '{outbound.Name.Value}'", d);
            }
        }

        return null;
    }

    /// <summary>The partner connector that names <paramref name="domain"/> or a domain above it as the partner's own (gateway.fabrikam.com is fabrikam.com's).</summary>
    public (string Connector, Located<string> Domain)? PartnerOwning(string domain)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        while (true)
        {
            if (PartnerDomain(name) is { } partner)
            {
                return partner;
            }

            // Up to the registrable part, never the top-level domain alone.
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || name.IndexOf('.', dot + 1) < 0)
            {
                return null;
            }

            name = name[(dot + 1)..];
        }
    }

    private readonly Dictionary<string, AcceptedDomain> domainIndex;
}
