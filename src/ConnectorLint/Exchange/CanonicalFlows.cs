using System.Net;
using ConnectorLint.Model;

namespace ConnectorLint.Exchange;

/// <summary>One of the flows every organization lives by, named so that two versions of a file can be compared flow by flow.</summary>
public sealed record CanonicalFlow(string Name, FlowTrace Trace);

/// <summary>
/// The canonical flows of topologies.md, traced through one desired state: internet mail to each
/// accepted domain; on-premises and cloud mailboxes to the internet and to each other; partners in
/// and out; every entry of `senders` to the recipients it must reach. A flow the file gives no
/// ground for (no on-premises servers, no partner) is not made up.
/// </summary>
public static class CanonicalFlows
{
    /// <summary>An internet server (TEST-NET-2) and an internet recipient, the same on both sides of a comparison.</summary>
    public static readonly IPAddress InternetServer = IPAddress.Parse("198.51.100.7");

    public const string InternetSender = "someone@fabrikam.example";

    public static IReadOnlyList<CanonicalFlow> Of(MailFlowSimulator simulator)
    {
        var state = simulator.Topology.State;
        var flows = new List<CanonicalFlow>();
        var domains = state.AcceptedDomains.Where(d => !d.DomainName.Value.Contains('*', StringComparison.Ordinal)).ToList();
        var home = domains.FirstOrDefault()?.DomainName.Value ?? "contoso.com";
        var mailbox = "user@" + home;

        // Partners, and a filtering service in front, deliver to the tenant's own endpoint, not to the MX.
        var partners = state.InboundConnectors.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.Partner && !c.SenderDomains.IsEmpty).ToList();
        foreach (var domain in domains.Where(d => d.DomainType.Value != DomainType.ExternalRelay && !d.Mx.IsDefaultOrEmpty))
        {
            var name = domain.DomainName.Value;
            if (ExchangeOnlineEndpoints.IsMicrosoftManaged(name) && simulator.RestrictingPartner(DomainPattern.DomainOf(InternetSender), InternetServer) is not null)
            {
                // Behind a gateway that locks the tenant down, mail straight to the Microsoft-managed domains
                // (whose MX Microsoft publishes) is refused on purpose: it is no flow the organization lives by.
                continue;
            }

            var mx = domain.Mx.OrderBy(m => m.Preference.Value).First().Exchange.Value;
            var inFront = ExchangeOnlineEndpoints.Parse(mx) is null && !ExchangeOnlineEndpoints.IsRetired(mx) && simulator.FindServer(Net.CertificateName.Normalize(mx)) is null;
            var service = inFront ? partners.FirstOrDefault(p => !p.SenderIPAddresses.IsEmpty && p.SenderDomains.Any(d => d.Value == "*")) : null;
            flows.Add(service is null
                ? new CanonicalFlow($"internet -> {name}", simulator.Trace(new FlowMessage(InternetServer, mx, 25, false, true, InternetSender, "user@" + name)))
                : new CanonicalFlow($"internet -> {name} (through {Net.CertificateName.Normalize(mx)})",
                    simulator.Trace(new FlowMessage(service.SenderIPAddresses[0].Value.FirstAddress, EopEndpoint(name, simulator), 25, false, true, InternetSender, "user@" + name, CertificateOf(service)))));
        }

        var onPremises = state.OnPremises?.Servers.Any(s => !s.IsEdge) == true;
        if (onPremises)
        {
            // Mail leaves from every server; servers that share site, egress and certificates leave alike,
            // so one of each group is traced. With one group the flows keep their plain names.
            var groups = ServerGroups(state);
            foreach (var server in groups)
            {
                var from = groups.Count == 1 ? "on-premises mailbox" : $"on-premises mailbox ({server.Name.Value})";
                flows.Add(new CanonicalFlow($"{from} -> internet", simulator.TraceFromMailbox(MailboxOrigin.OnPremises, mailbox, MailFlowSimulator.ExternalRecipient, serverName: server.Name.Value)));
                flows.Add(new CanonicalFlow($"{from} -> cloud mailbox", simulator.TraceFromMailbox(MailboxOrigin.OnPremises, mailbox, "user@" + CoexistenceDomain(state), serverName: server.Name.Value)));
            }
        }

        flows.Add(new CanonicalFlow("cloud mailbox -> internet", simulator.TraceFromMailbox(MailboxOrigin.Cloud, mailbox, MailFlowSimulator.ExternalRecipient)));

        // A shared namespace: the recipients the other system holds, from the internet and from the cloud.
        foreach (var shared in domains.Where(d => d.RecipientsElsewhere is not null && !d.Mx.IsDefaultOrEmpty))
        {
            var recipient = "elsewhere@" + shared.DomainName.Value;
            var where = $"{shared.RecipientsElsewhere!.Value.Value} mailbox ({shared.DomainName.Value})";
            var mx = shared.Mx.OrderBy(m => m.Preference.Value).First().Exchange.Value;
            flows.Add(new CanonicalFlow($"internet -> {where}",
                simulator.Trace(new FlowMessage(InternetServer, mx, 25, false, true, InternetSender, recipient, RecipientElsewhere: true))));
            flows.Add(new CanonicalFlow($"cloud mailbox -> {where}", simulator.TraceFromMailbox(MailboxOrigin.Cloud, mailbox, recipient, recipientElsewhere: true)));
        }
        if (onPremises)
        {
            flows.Add(new CanonicalFlow("cloud mailbox -> on-premises mailbox", simulator.TraceFromMailbox(MailboxOrigin.Cloud, mailbox, mailbox, recipientOnPremises: true)));
        }

        foreach (var partner in partners.Where(p => p.SenderDomains.Any(d => d.Value != "*")))
        {
            var from = "someone@" + partner.SenderDomains.First(d => d.Value != "*").Value.TrimStart('*', '.');
            var client = partner.SenderIPAddresses.IsEmpty ? InternetServer : partner.SenderIPAddresses[0].Value.FirstAddress;
            flows.Add(new CanonicalFlow($"partner '{partner.Name.Value}' -> {home}",
                simulator.Trace(new FlowMessage(client, EopEndpoint(home, simulator), 25, false, true, from, mailbox, CertificateOf(partner)))));
        }

        foreach (var partner in state.OutboundConnectors.Where(c => c.ConnectorType.Value == ConnectorType.Partner && !c.RecipientDomains.IsEmpty
            && !DomainPattern.Parse(c.RecipientDomains[0].Value).IsEverything))
        {
            var to = "someone@" + partner.RecipientDomains[0].Value.TrimStart('*', '.');
            flows.Add(new CanonicalFlow($"cloud mailbox -> partner '{partner.Name.Value}'", simulator.TraceFromMailbox(MailboxOrigin.Cloud, mailbox, to)));
        }

        foreach (var sender in state.Senders)
        {
            if (sender.Recipients.IsEmpty || sender.Recipients.Any(r => r.Value == "internal"))
            {
                flows.Add(new CanonicalFlow($"sender '{sender.Name.Value}' -> internal recipient", simulator.Trace(MailFlowSimulator.ForSender(sender, simulator.InternalRecipient))));
            }

            if (sender.MustReachExternal)
            {
                flows.Add(new CanonicalFlow($"sender '{sender.Name.Value}' -> internet", simulator.Trace(MailFlowSimulator.ForSender(sender, MailFlowSimulator.ExternalRecipient))));
            }
        }

        return flows;
    }

    /// <summary>
    /// One Mailbox server of each group that leaves alike: the same AD site, public egress addresses and
    /// certificates held, in file order. A second forest, a second site or a server without the renewed
    /// certificate is a group of its own.
    /// </summary>
    private static List<Server> ServerGroups(DesiredState state) =>
        [.. state.OnPremises!.Servers.Where(s => !s.IsEdge)
            .GroupBy(s => string.Join("|",
                s.Site?.Value.ToLowerInvariant() ?? "",
                string.Join(",", s.EgressIPAddresses.Select(a => a.Value.Text).Order(StringComparer.Ordinal)),
                s.Certificates.IsDefault ? "*" : string.Join(",", s.Certificates.Select(c => c.Value.ToLowerInvariant()).Order(StringComparer.Ordinal))))
            .Select(g => g.First())];

    /// <summary>The Exchange Online endpoint of a domain (contoso-com.mail.protection.outlook.com), where partners and services in front deliver.</summary>
    private static string EopEndpoint(string domain, MailFlowSimulator simulator) =>
        $"{ExchangeOnlineEndpoints.TokenFor(domain)}.{ExchangeOnlineEndpoints.MxSuffix(simulator.Topology.Cloud)}";

    /// <summary>The certificate name a partner presents, when its connector names one that is not a wildcard.</summary>
    private static string? CertificateOf(InboundConnector partner) =>
        partner.TlsSenderCertificateName is { } name && !Net.CertificateName.IsWildcard(name.Value) ? name.Value : null;

    /// <summary>The hybrid coexistence domain, tenant.mail.onmicrosoft.com: where on-premises sends cloud mailboxes' mail.</summary>
    private static string CoexistenceDomain(DesiredState state) =>
        state.AcceptedDomains.Select(d => d.DomainName.Value).FirstOrDefault(d => d.EndsWith(".mail.onmicrosoft.com", StringComparison.OrdinalIgnoreCase))
        ?? $"{state.Tenant.Name.Value.ToLowerInvariant()}.mail.onmicrosoft.com";
}
