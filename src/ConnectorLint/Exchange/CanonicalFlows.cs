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

        foreach (var domain in domains.Where(d => d.DomainType.Value != DomainType.ExternalRelay && !d.Mx.IsDefaultOrEmpty))
        {
            var mx = domain.Mx.OrderBy(m => m.Preference.Value).First().Exchange.Value;
            flows.Add(new CanonicalFlow($"internet -> {domain.DomainName.Value}",
                simulator.Trace(new FlowMessage(InternetServer, mx, 25, false, true, InternetSender, "user@" + domain.DomainName.Value))));
        }

        var onPremises = state.OnPremises?.Servers.Any(s => !s.IsEdge) == true;
        if (onPremises)
        {
            flows.Add(new CanonicalFlow("on-premises mailbox -> internet", simulator.TraceFromMailbox(MailboxOrigin.OnPremises, mailbox, MailFlowSimulator.ExternalRecipient)));
            flows.Add(new CanonicalFlow("on-premises mailbox -> cloud mailbox", simulator.TraceFromMailbox(MailboxOrigin.OnPremises, mailbox, "user@" + CoexistenceDomain(state))));
        }

        flows.Add(new CanonicalFlow("cloud mailbox -> internet", simulator.TraceFromMailbox(MailboxOrigin.Cloud, mailbox, MailFlowSimulator.ExternalRecipient)));
        if (onPremises)
        {
            flows.Add(new CanonicalFlow("cloud mailbox -> on-premises mailbox", simulator.TraceFromMailbox(MailboxOrigin.Cloud, mailbox, mailbox, recipientOnPremises: true)));
        }

        foreach (var partner in state.InboundConnectors.Where(c => c.ConnectorType.Value == ConnectorType.Partner && !c.SenderDomains.IsEmpty))
        {
            var from = "someone@" + partner.SenderDomains[0].Value.TrimStart('*', '.');
            var client = partner.SenderIPAddresses.IsEmpty ? InternetServer : partner.SenderIPAddresses[0].Value.FirstAddress;
            var certificate = partner.TlsSenderCertificateName is { } name && !Net.CertificateName.IsWildcard(name.Value) ? name.Value : null;
            var mx = domains.FirstOrDefault(d => !d.Mx.IsDefaultOrEmpty)?.Mx.OrderBy(m => m.Preference.Value).First().Exchange.Value ?? simulator.Topology.TenantEndpoint;
            flows.Add(new CanonicalFlow($"partner '{partner.Name.Value}' -> {home}",
                simulator.Trace(new FlowMessage(client, mx, 25, false, true, from, mailbox, certificate))));
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

    /// <summary>The hybrid coexistence domain, tenant.mail.onmicrosoft.com: where on-premises sends cloud mailboxes' mail.</summary>
    private static string CoexistenceDomain(DesiredState state) =>
        state.AcceptedDomains.Select(d => d.DomainName.Value).FirstOrDefault(d => d.EndsWith(".mail.onmicrosoft.com", StringComparison.OrdinalIgnoreCase))
        ?? $"{state.Tenant.Name.Value.ToLowerInvariant()}.mail.onmicrosoft.com";
}
