using System.Runtime.CompilerServices;
using System.Net;
using ConnectorLint.Model;
using ConnectorLint.Net;
using ConnectorLint.Spf;

namespace ConnectorLint.Exchange;

/// <summary>A message as an SMTP client would send it.</summary>
/// <param name="ClientCertificateName">The name on the certificate the client presents, if it presents one.</param>
/// <param name="Origin">Where a mailbox's message starts (cloud or on-premises); null for an SMTP client.</param>
/// <param name="RecipientElsewhere">The recipient, in an accepted domain, lives in the other system of a shared namespace (acceptedDomains[].recipientsElsewhere).</param>
public sealed record FlowMessage(IPAddress Client, string Host, int Port, bool Authenticated, bool StartTls, string MailFrom, string RcptTo,
    string? ClientCertificateName = null, MailboxOrigin? Origin = null, bool RecipientElsewhere = false);

public enum MailboxOrigin { Cloud, OnPremises }

/// <summary>One hop: where the message was, who decided, where that is in the file, and what it decided.</summary>
public sealed record FlowHop(HopStage Stage, string Decider, SourceSpan? Location, string Decision);

/// <summary>
/// Delivered; the NDR with its enhanced status code and the hop that gives it; or outside: the message
/// left what the file describes (a smart host, a gateway, a server the file does not have), and what
/// becomes of it there is unknown, neither a delivery nor a made-up NDR.
/// </summary>
public sealed record FlowOutcome(bool Delivered, string? Code, string Text, string? RefusingHop)
{
    /// <summary>Where the message went when it left the file (<see cref="Outside"/>); null otherwise.</summary>
    public string? LeftTo { get; init; }

    /// <summary>The message is refused with an NDR.</summary>
    public bool Bounced => !Delivered && LeftTo is null;

    /// <summary>delivered, bounce or outside, as trace's JSON says it.</summary>
    public string Kind => Delivered ? "delivered" : LeftTo is not null ? "outside" : "bounce";

    public static FlowOutcome Deliver(string text) => new(true, null, text, null);

    /// <summary>The NDR that refuses the message, from <see cref="NdrCatalog"/>; null unless it bounced.</summary>
    public Ndr? Ndr { get; init; }

    /// <param name="detail">What follows the NDR's own text in this case, with its separator (": ...", " (...)").</param>
    public static FlowOutcome Bounce(Ndr ndr, string hop, string? detail = null) => new(false, ndr.Code, ndr.Text + detail, hop) { Ndr = ndr };

    public static FlowOutcome Outside(string text, string leftTo) => new(false, null, text, null) { LeftTo = leftTo };
}

public sealed record FlowTrace(FlowMessage Message, IReadOnlyList<FlowHop> Hops, FlowOutcome Outcome);

/// <summary>
/// Walks a message through the desired state as Exchange would: the receive connector that takes
/// the connection (bindings and port, most specific remote range), its relay decision, the send
/// connector for the recipient (address space, cost), the smart host, the EOP inbound connector that
/// attributes it, and the outcome, as an admin steps through EHLO, AUTH, MAIL FROM, RCPT TO; and for
/// mailboxes in Exchange Online, the outbound connectors, centralized transport and EOP's own delivery.
/// Rules read its decisions through RuleContext.Simulator, so lint and trace never disagree.
/// </summary>
public sealed class MailFlowSimulator(DesiredState state, MailFlowTopology? sharedTopology = null)
{
    public const string ClientSubmissionHost = "smtp.office365.com";

    private static readonly ConditionalWeakTable<DesiredState, MailFlowSimulator> PerDocument = new();

    private readonly MailFlowTopology topology = sharedTopology ?? MailFlowTopology.Of(state);

    private IReadOnlyList<CanonicalFlow>? canonicalFlows;

    public MailFlowTopology Topology => topology;

    /// <summary>
    /// The document's simulator, made once and shared by everything that asks of the same document
    /// (rules, trace, review, plan, graph), over the document's one routing model.
    /// </summary>
    public static MailFlowSimulator Of(DesiredState state) => PerDocument.GetValue(state, s => new MailFlowSimulator(s, MailFlowTopology.Of(s)));

    /// <summary>The canonical flows of the document, traced once (<see cref="Exchange.CanonicalFlows"/>).</summary>
    public IReadOnlyList<CanonicalFlow> CanonicalFlows => canonicalFlows ??= Exchange.CanonicalFlows.Of(this);

    /// <summary>The message an application or device of the file sends to a recipient.</summary>
    public static FlowMessage ForSender(Sender sender, string recipient)
    {
        // No host for direct send or connector relay means the tenant MX, which Trace looks up.
        var host = sender.Host?.Value ?? (sender.SubmitTo.Value == SubmitTo.ClientSubmission ? ClientSubmissionHost : "");
        var port = sender.Port?.Value ?? (sender.SubmitTo.Value == SubmitTo.ClientSubmission ? 587 : 25);
        return new FlowMessage(sender.SourceIPAddress.Value.FirstAddress, host, port, sender.Authenticated?.Value ?? false,
            sender.StartTls?.Value ?? false, sender.MailFrom?.Value ?? "", recipient, sender.CertificateName?.Value);
    }

    /// <summary>A recipient the organization hosts, and one it does not, for tracing senders.</summary>
    public string InternalRecipient => "user@" + (state.AcceptedDomains.FirstOrDefault(d => !d.DomainName.Value.StartsWith('*'))?.DomainName.Value ?? "contoso.com");

    public const string ExternalRecipient = "user@recipient.example";

    /// <summary>A message a mailbox sends: in Exchange Online, or on an on-premises mailbox server.</summary>
    /// <param name="recipientOnPremises">The recipient, in an accepted domain, has its mailbox on premises (hybrid, shared namespace).</param>
    /// <param name="serverName">For an on-premises mailbox, the server it leaves from (default: the first Mailbox server).</param>
    /// <param name="recipientElsewhere">The recipient lives in the other system of a shared namespace.</param>
    public FlowTrace TraceFromMailbox(MailboxOrigin origin, string mailFrom, string rcptTo, bool recipientOnPremises = false, string? serverName = null, bool recipientElsewhere = false)
    {
        var hops = new List<FlowHop>();
        if (origin == MailboxOrigin.Cloud)
        {
            var message = new FlowMessage(IPAddress.None, "Exchange Online", 25, true, true, mailFrom, rcptTo, Origin: origin, RecipientElsewhere: recipientElsewhere);
            return new FlowTrace(message, hops, recipientOnPremises ? ToOnPremisesMailbox(message, hops) : FromExchangeOnline(message, hops));
        }

        var server = serverName is null ? state.OnPremises?.Servers.FirstOrDefault(s => !s.IsEdge) : state.FindServer(serverName);
        var onPremises = new FlowMessage(IPAddress.None, server?.Fqdn.Value ?? "", 25, true, true, mailFrom, rcptTo, Origin: origin);
        if (server is null)
        {
            hops.Add(new FlowHop(HopStage.Mailbox, "on-premises", state.OnPremises?.Span, "the file describes no on-premises mailbox server"));
            return new FlowTrace(onPremises, hops, FlowOutcome.Bounce(NdrCatalog.UnableToRoute, "on-premises", ": no on-premises mailbox server"));
        }

        hops.Add(new FlowHop(HopStage.Mailbox, server.Name.Value, server.Span, $"the mailbox server {server.Name.Value} submits the message to transport"));
        return new FlowTrace(onPremises, hops, RouteFromOnPremises(onPremises, server, hops));
    }

    /// <summary>
    /// Exchange Online's routing of a cloud mailbox's message: its own domains stay inside; for other
    /// recipients, a connector that covers the domain (or, under centralized mail transport, the one
    /// that routes everything via on-premises), else delivery by MX with the tenant's SPF.
    /// </summary>
    private FlowOutcome FromExchangeOnline(FlowMessage message, List<FlowHop> hops)
    {
        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        var centralized = state.OutboundConnectors.FirstOrDefault(c => c.Enabled.Value && c.RouteAllMessagesViaOnPremises is { Value: true });
        if (IsAccepted(recipientDomain, out var accepted) && accepted!.DomainType.Value == DomainType.Authoritative)
        {
            if (message.RecipientElsewhere && accepted.HasUnknownRecipientsElsewhere)
            {
                hops.Add(new FlowHop(HopStage.ExchangeOnline, $"accepted domain '{accepted.DomainName.Value}'", accepted.DomainType.Span,
                    $"{recipientDomain} is authoritative, so Exchange Online looks for the recipient in this tenant; the recipient lives in {accepted.RecipientsElsewhere!.Value.Value} and the directory does not know it"));
                return FlowOutcome.Bounce(NdrCatalog.RecipientNotFound, "Exchange Online");
            }

            if (topology.PartnerDomain(recipientDomain) is { } partner)
            {
                hops.Add(new FlowHop(HopStage.ExchangeOnline, $"accepted domain '{accepted.DomainName.Value}'", accepted.DomainName.Span,
                    $"{recipientDomain} is authoritative here, so Exchange Online looks for the recipient in this tenant; the partner's mailboxes ({partner.Connector}) are not"));
                return FlowOutcome.Bounce(NdrCatalog.RecipientNotFound, "Exchange Online");
            }

            hops.Add(new FlowHop(HopStage.ExchangeOnline, $"accepted domain '{accepted.DomainName.Value}'", accepted.DomainName.Span, "the recipient is in this organization"));
            return FlowOutcome.Deliver($"delivered to {message.RcptTo} inside the organization");
        }

        var connector = centralized ?? state.OutboundConnectors
            .Where(c => c.Enabled.Value && c.IsTransportRuleScoped is not { Value: true })
            .Select(c => (Connector: c, Specificity: topology.RecipientDomainsOf(c).Specificity(recipientDomain)))
            .Where(p => p.Specificity >= 0)
            .OrderByDescending(p => p.Specificity)
            .Select(p => p.Connector)
            .FirstOrDefault();
        if (connector is null)
        {
            return DeliverFromExchangeOnline(message, hops);
        }

        var smartHost = connector.SmartHosts.FirstOrDefault();
        hops.Add(new FlowHop(HopStage.ExoOutbound, $"outbound connector '{connector.Name.Value}'", connector.Name.Span,
            centralized is not null ? "routeAllMessagesViaOnPremises: every message for the internet goes to on-premises first"
            : $"recipientDomains covers {recipientDomain}; {(connector.UseMxRecord is { Value: true } || smartHost.Value is null ? "delivers by MX" : $"relays to smart host {smartHost.Value}")}"));
        if (connector.UseMxRecord is { Value: true } || smartHost.Value is null)
        {
            return DeliverFromExchangeOnline(message, hops);
        }

        if (OnPremisesTarget(connector) is not { } server)
        {
            hops.Add(new FlowHop(HopStage.SmartHost, smartHost.Value, smartHost.Span, "a smart host this file does not describe (a partner or a filtering service)"));
            return FlowOutcome.Outside($"handed to smart host {smartHost.Value}; what happens there is outside this file", smartHost.Value);
        }

        return ToOnPremisesFromExchangeOnline(message, connector, server, hops);
    }

    /// <summary>
    /// A cloud mailbox writing to an on-premises mailbox of the shared namespace: Exchange Online
    /// hands it to the onPremises outbound connector that covers the domain, which must pass its TLS
    /// check against the certificate on-premises offers.
    /// </summary>
    private FlowOutcome ToOnPremisesMailbox(FlowMessage message, List<FlowHop> hops)
    {
        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        var connector = state.OutboundConnectors
            .Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises && c.IsTransportRuleScoped is not { Value: true })
            .FirstOrDefault(c => topology.RecipientDomainsOf(c).Covers(recipientDomain));
        if (connector is null)
        {
            var scoped = state.OutboundConnectors.FirstOrDefault(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises
                && topology.RecipientDomainsOf(c).Covers(recipientDomain));
            hops.Add(scoped is null
                ? new FlowHop(HopStage.ExoOutbound, "Exchange Online", state.ExchangeOnline?.Span, $"no enabled onPremises outbound connector covers {recipientDomain}")
                : new FlowHop(HopStage.ExoOutbound, $"outbound connector '{scoped.Name.Value}'", scoped.IsTransportRuleScoped?.Span ?? scoped.Name.Span,
                    $"covers {recipientDomain} but is scoped to transport rules (isTransportRuleScoped): only mail that a transport rule routes to it uses it"));
            // With no connector, Exchange Online routes the mail user's address by the domain's MX: when
            // that is Exchange Online itself, the message loops until its hop count runs out ("Fix email
            // delivery issues for error code 5.4.14 in Exchange Online"); otherwise it leaves by the internet.
            var mx = topology.AcceptedDomainFor(recipientDomain)?.Mx.OrderBy(m => m.Preference.Value).FirstOrDefault();
            return mx is not null && ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is null
                ? FlowOutcome.Outside($"delivered by the MX of {recipientDomain}, {mx.Exchange.Value}, over the internet; what happens there is outside this file", mx.Exchange.Value)
                : FlowOutcome.Bounce(NdrCatalog.HopCountExceeded, "Exchange Online", $": {recipientDomain}'s MX is Exchange Online itself, so the message comes back to it");
        }

        var server = OnPremisesTarget(connector);
        // With useMxRecord on, smart hosts left in the file are not used (OnPremisesTarget ignores them too).
        var target = connector.UseMxRecord is { Value: true } || connector.SmartHosts.IsEmpty ? "the MX" : connector.SmartHosts[0].Value;
        hops.Add(new FlowHop(HopStage.ExoOutbound, $"outbound connector '{connector.Name.Value}'", connector.Name.Span,
            $"the recipient's mailbox is on premises; relays to {target}"));
        if (server is null)
        {
            return FlowOutcome.Outside($"handed to {target}; what happens there is outside this file", target);
        }

        if (connector.TlsSettings is { Value: TlsAuthLevel.DomainValidation } && connector.TlsDomain is { } tlsDomain
            && PresentedOnPremises(server) is { } certificate && !certificate.Names.Any(n => CertificateName.Matches(tlsDomain.Value, n)))
        {
            hops.Add(new FlowHop(HopStage.Tls, $"outbound connector '{connector.Name.Value}'", tlsDomain.Span,
                $"{server.Name.Value} presents '{certificate.Name.Value}' ({string.Join(", ", certificate.Names)}), which does not carry '{tlsDomain.Value}'"));
            return FlowOutcome.Bounce(NdrCatalog.MessageExpired, $"outbound connector '{connector.Name.Value}'", ": the TLS connection to on-premises fails domain validation");
        }

        var (receive, _) = HybridReceiveOn(server);
        hops.Add(new FlowHop(HopStage.OnPremisesReceive, receive is null ? $"Default Frontend {server.Name.Value}" : $"receive connector '{receive.Name.Value}'", receive?.Name.Span ?? server.Span,
            $"takes the mail for {recipientDomain}, a domain of this organization"));
        return RouteFromOnPremises(message, server, hops);
    }

    /// <summary>Exchange Online's own delivery: the recipient's MX, and the tenant's SPF at the receiver.</summary>
    private FlowOutcome DeliverFromExchangeOnline(FlowMessage message, List<FlowHop> hops)
    {
        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        if (message.RecipientElsewhere && topology.AcceptedDomainFor(recipientDomain) is { } relay && LoopsBackToExchangeOnline(relay))
        {
            // A relay domain with no connector: delivery by MX finds Exchange Online itself ("Fix email
            // delivery issues for error code 5.4.14 in Exchange Online").
            hops.Add(new FlowHop(HopStage.ExoOutbound, $"accepted domain '{relay.DomainName.Value}'", relay.DomainType.Span,
                $"{recipientDomain} is {(relay.DomainType.Value == DomainType.InternalRelay ? "internalRelay" : "externalRelay")} and no enabled outbound connector covers it, so Exchange Online delivers by MX, and the MX is Exchange Online itself"));
            return FlowOutcome.Bounce(NdrCatalog.HopCountExceeded, "Exchange Online", $": {recipientDomain}'s MX is Exchange Online itself");
        }

        var senderDomain = DomainPattern.DomainOf(message.MailFrom);
        var include = ExchangeOnlineEndpoints.SpfInclude(topology.Cloud);
        hops.Add(new FlowHop(HopStage.ExoOutbound, "Exchange Online Protection", null, $"delivers to {DomainPattern.DomainOf(message.RcptTo)} by MX"));
        var authorised = topology.SpfAuthorisesExchangeOnline(senderDomain);
        if (authorised is null)
        {
            return FlowOutcome.Deliver($"delivered to {message.RcptTo}; SPF for {senderDomain} cannot be judged from this file");
        }

        hops.Add(new FlowHop(HopStage.Spf, "the recipient's mail server", state.FindDomain(senderDomain)!.Spf!.Value.Span,
            authorised.Value ? $"{senderDomain} authorises Exchange Online ({include})" : $"{senderDomain}'s SPF does not include {include}"));
        return authorised.Value
            ? FlowOutcome.Deliver($"delivered to {message.RcptTo} from Exchange Online (SPF pass)")
            : FlowOutcome.Bounce(NdrCatalog.SpfFailed, "the recipient's mail server", $": Exchange Online is not authorised to send for {senderDomain}");
    }

    /// <summary>A relay domain (internalRelay, externalRelay) whose lowest MX is this tenant's Exchange Online: delivery by MX comes back.</summary>
    public bool LoopsBackToExchangeOnline(AcceptedDomain domain) =>
        domain.DomainType.Value != DomainType.Authoritative
        && domain.Mx.OrderBy(m => m.Preference.Value).FirstOrDefault() is { } mx
        && ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is { } eop && ExchangeOnlineEndpoints.SameCloudEndpoints(eop.Cloud, topology.Cloud);

    /// <summary>
    /// Exchange Online delivering to on-premises: the receive connector that takes it must grant the
    /// relay right for hybrid mail (TlsDomainCapabilities ...:AcceptCloudServicesMail) before
    /// on-premises relays it on to the internet.
    /// </summary>
    private FlowOutcome ToOnPremisesFromExchangeOnline(FlowMessage message, OutboundConnector connector, Server server, List<FlowHop> hops)
    {
        var tlsDomain = ExchangeOnlineEndpoints.TlsDomain(topology.Cloud);
        var (receive, hybrid) = HybridReceiveOn(server);
        var name = receive is null ? $"Default Frontend {server.Name.Value}" : $"receive connector '{receive.Name.Value}'";
        hops.Add(new FlowHop(HopStage.OnPremisesReceive, name, receive?.Name.Span ?? server.Span,
            hybrid ? $"Exchange Online presents {tlsDomain}: AcceptCloudServicesMail grants it the relay right" : $"no tlsDomainCapabilities {tlsDomain}:AcceptCloudServicesMail: Exchange Online's mail is anonymous here"));
        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        if (!hybrid && !IsAccepted(recipientDomain, out _))
        {
            return RelayRefused(server, name);
        }

        return RouteFromOnPremises(message, server, hops);
    }

    /// <summary>
    /// The on-premises server an outbound connector of Exchange Online delivers to: its smart host,
    /// when the file describes that server.
    /// </summary>
    public Server? OnPremisesTarget(OutboundConnector connector) =>
        connector.UseMxRecord is { Value: true } ? null
        : connector.SmartHosts.Select(h => FindServer(CertificateName.Normalize(h.Value))).FirstOrDefault(s => s is not null);

    /// <summary>
    /// The certificate <paramref name="server"/> offers Exchange Online on port 25: the tlsCertificateName
    /// of the receive connector that takes its mail, else the one certificate of the file that
    /// carries the server's name; null when the file does not say.
    /// </summary>
    public Certificate? PresentedOnPremises(Server server)
    {
        var (receive, _) = HybridReceiveOn(server);
        if (receive?.TlsCertificateName is { } identity)
        {
            return state.FindCertificateByIdentity(identity.Value);
        }

        var names = new[] { server.Fqdn.Value, receive?.Fqdn?.Value }.OfType<string>().ToList();
        var carrying = state.OnPremises?.Certificates.Where(c => c.Names.Any(n => names.Any(h => CertificateName.Matches(n, h)))).ToList() ?? [];
        return carrying.Count == 1 ? carrying[0] : null;
    }

    /// <summary>
    /// The receive connector on <paramref name="server"/> that takes Exchange Online's mail on port 25,
    /// and whether it grants that mail the relay right: TlsDomainCapabilities
    /// mail.protection.outlook.com:AcceptCloudServicesMail, as the Hybrid Configuration Wizard sets it.
    /// </summary>
    public (ReceiveConnector? Connector, bool GrantsRelay) HybridReceiveOn(Server server)
    {
        var tlsDomain = ExchangeOnlineEndpoints.TlsDomain(topology.Cloud);
        var receive = state.ReceiveConnectors
            .Where(c => c.Enabled.Value && c.Server.Value.Equals(server.Name.Value, StringComparison.OrdinalIgnoreCase) && c.Bindings.Any(b => BindingPort(b.Value) == 25))
            .OrderByDescending(c => !c.TlsDomainCapabilities.IsDefaultOrEmpty)
            .FirstOrDefault();
        var grants = receive is not null && !receive.TlsDomainCapabilities.IsDefaultOrEmpty && receive.TlsDomainCapabilities.Any(t =>
            t.Value.StartsWith(tlsDomain + ":", StringComparison.OrdinalIgnoreCase) && t.Value.Contains("AcceptCloudServicesMail", StringComparison.OrdinalIgnoreCase));
        return (receive, grants);
    }

    public FlowTrace Trace(FlowMessage message)
    {
        var hops = new List<FlowHop>();
        if (message.Host.Length == 0)
        {
            // A device told only "the tenant MX" (direct send, connector relay) uses the MX of the domain it sends as.
            message = message with { Host = TenantMx(DomainPattern.DomainOf(message.MailFrom)) };
        }

        var host = message.Host.TrimEnd('.').ToLowerInvariant();
        FlowOutcome outcome;
        if (host == ClientSubmissionHost)
        {
            outcome = ClientSubmission(message, hops);
        }
        else if (ExchangeOnlineEndpoints.Parse(host) is not null || ExchangeOnlineEndpoints.IsRetired(host))
        {
            outcome = AtTenantMx(message, hops);
        }
        else if (FindServer(host) is { } server)
        {
            outcome = OnPremises(message, server, hops);
        }
        else
        {
            hops.Add(new FlowHop(HopStage.Client, host, null, $"'{message.Host}' is neither an on-premises server of this file, {ClientSubmissionHost}, nor an EOP endpoint"));
            outcome = FlowOutcome.Outside($"handed to '{message.Host}', which this file does not describe; what it does with the message is not known here", message.Host);
        }

        return new FlowTrace(message, hops, outcome);
    }

    /// <summary>
    /// An enabled partner inbound connector that takes mail from <paramref name="senderDomain"/> only
    /// from its senderIPAddresses (restrictDomainsToIPAddresses) or only with its certificate
    /// (restrictDomainsToCertificate), when the connection has neither: EOP rejects it. A null
    /// <paramref name="client"/> stands for any internet server, which presents no partner certificate.
    /// </summary>
    public InboundConnector? RestrictingPartner(string senderDomain, IPAddress? client, string? certificateName = null) =>
        state.InboundConnectors.FirstOrDefault(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.Partner
            && topology.SenderDomainsOf(c).Covers(senderDomain)
            && ((c.RestrictDomainsToIPAddresses is { Value: true } && !c.SenderIPAddresses.IsEmpty
                    && (client is null || !c.SenderIPAddresses.Any(r => r.Value.Contains(client))))
                || (c.RestrictDomainsToCertificate is { Value: true } && c.TlsSenderCertificateName is { } expected
                    && (certificateName is null || !TenantAttribution.NameSatisfies(expected.Value, certificateName)))));

    private string TenantMx(string senderDomain) =>
        (topology.AcceptedDomainFor(senderDomain) ?? state.AcceptedDomains.FirstOrDefault())?.Mx
            .Select(m => m.Exchange.Value).FirstOrDefault(h => ExchangeOnlineEndpoints.Parse(h) is not null)
        ?? topology.TenantEndpoint;

    /// <summary>
    /// The on-premises server a host name reaches: by its fqdn or name; a name only a certificate
    /// carries (mail.contoso.com) reaches the server when there is one.
    /// </summary>
    public Server? FindServer(string host) =>
        state.OnPremises?.Servers.FirstOrDefault(s =>
            CertificateName.Normalize(s.Fqdn.Value) == host || s.Name.Value.Equals(host, StringComparison.OrdinalIgnoreCase))
        // The name a receive connector answers with (its banner FQDN, mail.fabrikam.com) is its server's,
        // whichever server of several it is: forest B's smart host reaches forest B's server.
        ?? state.OnPremises?.ReceiveConnectors
            .Where(r => r.Enabled.Value && r.Fqdn is { } fqdn && CertificateName.Normalize(fqdn.Value) == host)
            .Select(r => state.FindServer(r.Server.Value))
            .FirstOrDefault(s => s is not null)
        ?? (state.OnPremises?.Certificates.Any(c => c.Names.Any(n => CertificateName.Matches(n, host))) == true && state.OnPremises!.Servers.Length == 1
            ? state.OnPremises.Servers[0]
            : null);

    private bool IsAccepted(string domain, out AcceptedDomain? accepted)
    {
        accepted = topology.AcceptedDomainFor(domain);
        return accepted is not null;
    }

    /// <summary>
    /// How an on-premises server refuses to relay, by the version that answers ("Allow anonymous relay
    /// on Exchange servers"): Exchange 2013 and later (and a server whose version the file does not
    /// give) with 5.7.54, Exchange 2010 with 5.7.1.
    /// </summary>
    private static FlowOutcome RelayRefused(Server server, string hop) =>
        server.Version?.Value == ExchangeVersion.Exchange2010
            ? FlowOutcome.Bounce(NdrCatalog.UnableToRelay2010, hop)
            : FlowOutcome.Bounce(NdrCatalog.UnableToRelay, hop);

    private FlowOutcome OnPremises(FlowMessage message, Server server, List<FlowHop> hops)
    {
        var port = message.Port;
        var candidates = state.ReceiveConnectors
            .Where(c => c.Enabled.Value && c.Server.Value.Equals(server.Name.Value, StringComparison.OrdinalIgnoreCase))
            .Where(c => c.Bindings.Any(b => BindingPort(b.Value) == port))
            .ToList();
        var matching = candidates
            .Select(c => (Connector: c, Range: c.RemoteIPRanges.Where(r => r.Value.Contains(message.Client)).OrderBy(r => r.Value.Size).FirstOrDefault()))
            .Where(p => p.Range.Value.Text is not null)
            .OrderBy(p => p.Range.Value.Size)
            .ToList();

        ReceiveConnector? connector = matching.FirstOrDefault().Connector;
        if (connector is null)
        {
            // Exchange's own connectors take what the file's do not: Default Frontend on 25, Client Frontend on 587.
            if (port == 25)
            {
                hops.Add(new FlowHop(HopStage.OnPremisesReceive, $"Default Frontend {server.Name.Value}", null,
                    $"no receive connector of the file on {server.Name.Value}:25 admits {message.Client}; Exchange's default connector takes it (anonymous, no relay)"));
                return DefaultFrontend(message, server, hops);
            }

            if (port == 587)
            {
                hops.Add(new FlowHop(HopStage.OnPremisesReceive, $"Client Frontend {server.Name.Value}", null, "Exchange's client submission connector takes it: authentication required"));
                if (!message.Authenticated)
                {
                    return FlowOutcome.Bounce(NdrCatalog.ClientNotAuthenticated, $"Client Frontend {server.Name.Value}");
                }

                return RouteFromOnPremises(message, server, hops);
            }

            hops.Add(new FlowHop(HopStage.OnPremisesReceive, server.Name.Value, server.Span, $"nothing listens on {server.Fqdn.Value}:{port}"));
            return FlowOutcome.Bounce(NdrCatalog.ConnectionRefused, server.Name.Value, $": no receive connector on {server.Name.Value} binds port {port}");
        }

        var range = matching.First().Range;
        hops.Add(new FlowHop(HopStage.OnPremisesReceive, $"receive connector '{connector.Name.Value}'", connector.Name.Span,
            $"takes the connection: binding port {port}, {message.Client} in {range.Value.Text} (the most specific range on {server.Name.Value})"));

        if (connector.RequireTls is { Value: true } && !message.StartTls)
        {
            return FlowOutcome.Bounce(NdrCatalog.StartTlsFirst, $"receive connector '{connector.Name.Value}'");
        }

        var anonymous = connector.PermissionGroups.Any(p => p.Value == "anonymousUsers");
        if (!message.Authenticated && !anonymous)
        {
            return FlowOutcome.Bounce(NdrCatalog.NotAuthenticated, $"receive connector '{connector.Name.Value}'");
        }

        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        if (!IsAccepted(recipientDomain, out _))
        {
            var mayRelay = message.Authenticated
                ? connector.PermissionGroups.Any(p => p.Value is "exchangeUsers" or "exchangeServers" or "partners") || connector.AnonymousRelay is { Value: true }
                : connector.AnonymousRelay is { Value: true };
            if (!mayRelay)
            {
                hops.Add(new FlowHop(HopStage.RcptTo, $"receive connector '{connector.Name.Value}'", connector.Name.Span,
                    $"{recipientDomain} is not an accepted domain and the {(message.Authenticated ? "authenticated" : "anonymous")} client has no relay right on this connector"));
                return RelayRefused(server, $"receive connector '{connector.Name.Value}'");
            }

            hops.Add(new FlowHop(HopStage.RcptTo, $"receive connector '{connector.Name.Value}'", connector.AnonymousRelay?.Span ?? connector.Name.Span,
                $"relay to {recipientDomain} allowed ({(message.Authenticated ? "authenticated" : "anonymous relay right")})"));
        }

        return RouteFromOnPremises(message, server, hops);
    }

    private FlowOutcome DefaultFrontend(FlowMessage message, Server server, List<FlowHop> hops)
    {
        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        if (!IsAccepted(recipientDomain, out _) && !message.Authenticated)
        {
            hops.Add(new FlowHop(HopStage.RcptTo, $"Default Frontend {server.Name.Value}", null, $"{recipientDomain} is not an accepted domain; anonymous clients may not relay"));
            return RelayRefused(server, $"Default Frontend {server.Name.Value}");
        }

        return RouteFromOnPremises(message, server, hops);
    }

    private static int BindingPort(string binding)
    {
        var colon = binding.LastIndexOf(':');
        return colon >= 0 && int.TryParse(binding[(colon + 1)..], out var port) ? port : 25;
    }

    private FlowOutcome RouteFromOnPremises(FlowMessage message, Server server, List<FlowHop> hops)
    {
        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        // A Microsoft-managed domain (the coexistence domain) is hosted in Exchange Online: on-premises
        // reaches it through the send connector whose address space covers it.
        if (IsAccepted(recipientDomain, out var accepted) && accepted!.DomainType.Value == DomainType.Authoritative
            && !ExchangeOnlineEndpoints.IsMicrosoftManaged(recipientDomain))
        {
            hops.Add(new FlowHop(HopStage.Routing, $"accepted domain '{accepted.DomainName.Value}'", accepted.DomainName.Span, "the recipient is in this organization"));
            return FlowOutcome.Deliver($"delivered to {message.RcptTo} inside the organization");
        }

        var connector = state.SendConnectors
            .Where(c => c.Enabled.Value)
            .Select(c => (Connector: c, Space: c.AddressSpaces.Select(a => DomainPattern.Parse(a.Value)).Where(p => p.Covers(recipientDomain)).OrderByDescending(p => p.Specificity).ThenBy(p => p.Cost).FirstOrDefault()))
            .Where(p => p.Space.Pattern is not null)
            .OrderByDescending(p => p.Space.Specificity)
            .ThenBy(p => p.Space.Cost)
            .ThenByDescending(p => p.Connector.SourceTransportServers.Any(s => s.Value.Equals(server.Name.Value, StringComparison.OrdinalIgnoreCase)))
            // Exchange's last tie-break ("Selecting the Routing Path to an External Recipient"): the name first in alphanumeric order.
            .ThenBy(p => p.Connector.Name.Value, StringComparer.OrdinalIgnoreCase)
            .Select(p => p.Connector)
            .FirstOrDefault();
        if (connector is null)
        {
            hops.Add(new FlowHop(HopStage.Routing, server.Name.Value, server.Span, $"no enabled send connector's address space covers {recipientDomain}"));
            return FlowOutcome.Bounce(NdrCatalog.UnableToRoute, server.Name.Value, $": no send connector for {recipientDomain}");
        }

        var source = connector.SourceTransportServers.Select(s => state.FindServer(s.Value)).OfType<Server>()
            .FirstOrDefault(s => s.Name.Value.Equals(server.Name.Value, StringComparison.OrdinalIgnoreCase))
            ?? connector.SourceTransportServers.Select(s => state.FindServer(s.Value)).OfType<Server>().FirstOrDefault();
        if (source is null)
        {
            hops.Add(new FlowHop(HopStage.SendConnector, $"send connector '{connector.Name.Value}'", connector.Name.Span, "has no source transport server"));
            return FlowOutcome.Bounce(NdrCatalog.UnableToRoute, $"send connector '{connector.Name.Value}'", ": the send connector has no source server");
        }

        // The internet and EOP see the server's public address; a private one never leaves the network.
        var egress = source.EgressIPAddresses.Select(e => e.Value).FirstOrDefault(e => e.Kind == IpRangeKind.Address && !e.IsEntirelyPrivate);
        if (connector.UsesDnsRouting)
        {
            hops.Add(new FlowHop(HopStage.SendConnector, $"send connector '{connector.Name.Value}'", connector.DnsRoutingEnabled?.Span ?? connector.Name.Span,
                $"routes {recipientDomain} by MX lookup from {source.Name.Value} ({egress.Text ?? "no egress address"})"));
            return SpfAtRecipient(message, egress, hops, $"the recipient's mail server");
        }

        if (connector.SmartHosts.IsEmpty)
        {
            // Exchange refuses to save such a connector; a file that says so has nowhere to send.
            hops.Add(new FlowHop(HopStage.SendConnector, $"send connector '{connector.Name.Value}'", connector.DnsRoutingEnabled?.Span ?? connector.Name.Span,
                "has DNS routing turned off and no smart host"));
            return FlowOutcome.Bounce(NdrCatalog.UnableToRoute, $"send connector '{connector.Name.Value}'", ": the send connector has neither DNS routing nor a smart host");
        }

        var smartHost = connector.SmartHosts[0];
        hops.Add(new FlowHop(HopStage.SendConnector, $"send connector '{connector.Name.Value}'", connector.Name.Span,
            $"address space covers {recipientDomain}; relays from {source.Name.Value} ({egress.Text ?? "no egress address"}) to smart host {smartHost.Value}:{connector.Port?.Value ?? 25}"));

        if (ExchangeOnlineEndpoints.IsRetired(smartHost.Value))
        {
            return FlowOutcome.Bounce(NdrCatalog.RelayAccessDenied, "Exchange Online Protection", $": {smartHost.Value} is a retired FOPE endpoint");
        }

        if (ExchangeOnlineEndpoints.Parse(smartHost.Value) is { } endpoint)
        {
            // Lint (CL202, CL204) and trace read the same endpoint table: another cloud's EOP does not
            // host this tenant, and a TLS name the cloud's EOP does not present fails the handshake.
            if (!ExchangeOnlineEndpoints.SameCloudEndpoints(endpoint.Cloud, topology.Cloud))
            {
                hops.Add(new FlowHop(HopStage.SmartHost, smartHost.Value, smartHost.Span,
                    $"{smartHost.Value} is the {ExchangeOnlineEndpoints.Name(endpoint.Cloud)} cloud's Exchange Online, which does not host this tenant of the {ExchangeOnlineEndpoints.Name(topology.Cloud)} cloud"));
                return FlowOutcome.Bounce(NdrCatalog.RelayAccessDenied, smartHost.Value, $": {smartHost.Value} belongs to another cloud");
            }

            if (connector.TlsAuthLevel is { Value: TlsAuthLevel.DomainValidation } && connector.TlsDomain is { } tlsDomain
                && !ExchangeOnlineEndpoints.TlsDomainValidates(tlsDomain.Value, endpoint.Cloud))
            {
                hops.Add(new FlowHop(HopStage.Tls, $"send connector '{connector.Name.Value}'", tlsDomain.Span,
                    $"validates '{tlsDomain.Value}', but {smartHost.Value} presents {ExchangeOnlineEndpoints.TlsDomain(endpoint.Cloud)}: the TLS handshake fails and the message waits in the queue"));
                return FlowOutcome.Bounce(NdrCatalog.MessageExpired, $"send connector '{connector.Name.Value}'", $": TLS to {smartHost.Value} fails domain validation for '{tlsDomain.Value}'");
            }
        }
        else
        {
            hops.Add(new FlowHop(HopStage.SmartHost, smartHost.Value, smartHost.Span, "a smart host this file does not describe"));
            return FlowOutcome.Outside($"handed to smart host {smartHost.Value}; what happens there is outside this file", smartHost.Value);
        }

        return ExchangeOnlineFromOnPremises(message, connector, source, egress, hops);
    }

    private FlowOutcome ExchangeOnlineFromOnPremises(FlowMessage message, SendConnector connector, Server source, IpRange egress, List<FlowHop> hops)
    {
        const string eop = "Exchange Online Protection";
        var inbound = TenantAttribution.Candidates(state).ToList();
        if (inbound.Count == 0)
        {
            hops.Add(new FlowHop(HopStage.EopInbound, eop, state.ExchangeOnline?.Span, "no enabled onPremises inbound connector: the mail is anonymous internet mail to an external recipient"));
            return FlowOutcome.Bounce(NdrCatalog.RelayAccessDenied, eop);
        }

        var certificate = state.CertificateOf(connector);
        if (certificate is not null && !source.Holds(certificate))
        {
            hops.Add(new FlowHop(HopStage.Tls, source.Name.Value, source.CertificatesSpan ?? source.Span,
                $"{source.Name.Value} does not hold certificate '{certificate.Name.Value}' that send connector '{connector.Name.Value}' presents: from {source.Name.Value} it presents none"));
            certificate = null;
        }

        var decision = topology.AttributionFor(connector, source, egress.Text is null ? null : egress, certificate, DomainPattern.DomainOf(message.MailFrom));
        if (decision.Connector is not { } attributed)
        {
            var expected = decision.Nearest!;
            hops.Add(new FlowHop(HopStage.EopInbound, $"inbound connector '{expected.Name.Value}'", decision.FailedOn,
                $"cannot attribute the mail to the tenant: {decision.Reason}"));
            return FlowOutcome.Bounce(NdrCatalog.TenantAttribution, $"inbound connector '{expected.Name.Value}'");
        }

        hops.Add(new FlowHop(HopStage.EopInbound, $"inbound connector '{attributed.Name.Value}'", attributed.Name.Span,
            decision.ByCertificate
                ? $"attributes by certificate '{attributed.TlsSenderCertificateName!.Value.Value}'{(attributed.SenderIPAddresses.IsEmpty ? "" : $" and address {egress.Text}")}"
                : $"attributes by address {egress.Text}"));

        var senderDomain = DomainPattern.DomainOf(message.MailFrom);
        if (!IsAccepted(senderDomain, out var accepted) || !accepted!.Verified.Value)
        {
            return FlowOutcome.Bounce(NdrCatalog.TenantAttribution, $"inbound connector '{attributed.Name.Value}'", $" (ATT36: {senderDomain} is not a verified accepted domain)");
        }

        if (!topology.SenderDomainsOf(attributed).Covers(senderDomain))
        {
            return FlowOutcome.Bounce(NdrCatalog.RelayAccessDenied, $"inbound connector '{attributed.Name.Value}'", $": {senderDomain} is outside the connector's senderDomains");
        }

        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        if (IsAccepted(recipientDomain, out _))
        {
            hops.Add(new FlowHop(HopStage.ExchangeOnline, eop, null, $"{recipientDomain} is a domain of the tenant: delivers to the mailbox in Exchange Online"));
            return FlowOutcome.Deliver($"delivered to {message.RcptTo} in Exchange Online");
        }

        hops.Add(new FlowHop(HopStage.EopOutbound, eop, null, $"relays to {recipientDomain}"));
        return FlowOutcome.Deliver($"delivered to {message.RcptTo} through Exchange Online Protection");
    }

    private FlowOutcome SpfAtRecipient(FlowMessage message, IpRange egress, List<FlowHop> hops, string where)
    {
        var senderDomain = DomainPattern.DomainOf(message.MailFrom);
        if (egress.Text is null || state.FindDomain(senderDomain)?.Spf is null)
        {
            return FlowOutcome.Deliver($"handed to {where}; SPF for {senderDomain} cannot be judged from this file");
        }

        var evaluation = DesiredStateDnsResolver.CheckHost(state, egress.FirstAddress, senderDomain, message.MailFrom);
        hops.Add(new FlowHop(HopStage.Spf, where, state.FindDomain(senderDomain)!.Spf!.Value.Span, $"check_host({egress.Text}, {senderDomain}) = {evaluation.ResultName}"));
        return evaluation.Result is SpfResult.Fail
            ? FlowOutcome.Bounce(NdrCatalog.SpfFailed, where, $": {egress.Text} is not authorised to send for {senderDomain}")
            : FlowOutcome.Deliver($"delivered to {message.RcptTo} (SPF {evaluation.ResultName})");
    }

    private FlowOutcome ClientSubmission(FlowMessage message, List<FlowHop> hops)
    {
        const string hop = "smtp.office365.com";
        hops.Add(new FlowHop(HopStage.ClientSubmission, hop, null, $"port {message.Port}, {(message.StartTls ? "STARTTLS" : "no STARTTLS")}, {(message.Authenticated ? "SMTP AUTH" : "no SMTP AUTH")}"));
        if (message.Port != 587 && message.Port != 25)
        {
            return FlowOutcome.Bounce(NdrCatalog.ConnectionRefused, hop, $": {hop} listens on 587 (and 25), not {message.Port}");
        }

        if (!message.StartTls)
        {
            return FlowOutcome.Bounce(NdrCatalog.StartTlsFirst, hop);
        }

        if (!message.Authenticated)
        {
            return FlowOutcome.Bounce(NdrCatalog.ClientNotAuthenticated, hop);
        }

        if (state.Tenant.SmtpClientAuthenticationDisabled is { Value: true } disabled)
        {
            hops.Add(new FlowHop(HopStage.Auth, "transport config", disabled.Span, "smtpClientAuthenticationDisabled is on: SMTP AUTH is off for the tenant"));
            return FlowOutcome.Bounce(NdrCatalog.SmtpAuthDisabled, hop);
        }

        var senderDomain = DomainPattern.DomainOf(message.MailFrom);
        if (!IsAccepted(senderDomain, out var accepted) || !accepted!.Verified.Value)
        {
            return FlowOutcome.Bounce(NdrCatalog.SendAsDenied, hop, $" ({senderDomain} is not a verified accepted domain)");
        }

        return FlowOutcome.Deliver($"delivered to {message.RcptTo} from Exchange Online");
    }

    /// <summary>
    /// An SMTP client at the tenant's EOP endpoint: internet mail for the tenant, direct send, a
    /// partner, or a device relaying through an inbound connector, told apart by what the connection
    /// presents and where the message goes.
    /// </summary>
    private FlowOutcome AtTenantMx(FlowMessage message, List<FlowHop> hops)
    {
        var host = message.Host.TrimEnd('.');
        hops.Add(new FlowHop(HopStage.TenantMx, host, null, $"anonymous SMTP to the tenant's MX endpoint on port {message.Port}"));
        if (ExchangeOnlineEndpoints.IsRetired(host))
        {
            return FlowOutcome.Bounce(NdrCatalog.RelayAccessDenied, host, $": {host} is a retired FOPE endpoint");
        }

        var recipientDomain = DomainPattern.DomainOf(message.RcptTo);
        var senderDomain = DomainPattern.DomainOf(message.MailFrom);
        if (message.RecipientElsewhere && topology.AcceptedDomainFor(recipientDomain) is { DomainType.Value: DomainType.Authoritative, HasUnknownRecipientsElsewhere: true } blocking)
        {
            // Directory-Based Edge Blocking: an authoritative domain takes mail only for recipients the directory knows.
            hops.Add(new FlowHop(HopStage.RcptTo, host, blocking.DomainType.Span,
                $"{recipientDomain} is authoritative and the recipient, in {blocking.RecipientsElsewhere!.Value.Value}, is not in the directory: Directory-Based Edge Blocking rejects it"));
            return FlowOutcome.Bounce(NdrCatalog.RecipientRejected, host);
        }

        if (message.RecipientElsewhere && topology.AcceptedDomainFor(recipientDomain) is { DomainType.Value: DomainType.InternalRelay } relay)
        {
            // An internalRelay domain: a recipient Exchange Online does not hold goes on to the other system.
            hops.Add(new FlowHop(HopStage.RcptTo, host, relay.DomainType.Span,
                $"{recipientDomain} is internalRelay: the recipient, in {relay.RecipientsElsewhere!.Value.Value}, is not in this tenant, so Exchange Online relays the message on"));
            return FromExchangeOnline(message, hops);
        }

        // An onPremises inbound connector that matches the connection (Microsoft's option 3 for
        // devices) attributes it to the organization, whoever the recipient is. The client's
        // certificate is known only by its name: enough for TlsSenderCertificateName. A private
        // address never reaches EOP: without a certificate, nothing attributes the connection.
        var presented = message.ClientCertificateName is { } certificateName && message.StartTls
            ? new Certificate(new Located<string>(certificateName, default), new Located<string>("CN=" + certificateName, default), null, [], default, null, default)
            : null;
        var decision = AddressScope.IsPrivate(message.Client) && presented is null
            ? null
            : TenantAttribution.Attribute(TenantAttribution.Candidates(state).ToList(), AddressScope.IsPrivate(message.Client) ? null : IpRange.FromAddress(message.Client), presented, senderDomain);
        if (IsAccepted(recipientDomain, out _) && decision?.Connector is { } organization && IsAccepted(senderDomain, out _))
        {
            // The organization's own relayed mail to its own mailboxes: attributed, never judged as direct send.
            hops.Add(new FlowHop(HopStage.EopInbound, $"inbound connector '{organization.Name.Value}'", organization.Name.Span,
                decision.ByCertificate ? $"attributes the connection by the certificate '{message.ClientCertificateName}' to the organization" : $"attributes the connection by address {message.Client} to the organization"));
            return FlowOutcome.Deliver($"delivered to {message.RcptTo} in Exchange Online, as the organization's mail");
        }

        if (!IsAccepted(recipientDomain, out _))
        {
            if (decision?.Connector is not { } connector)
            {
                hops.Add(new FlowHop(HopStage.RcptTo, host, null, $"{recipientDomain} is not a domain of this tenant, and no onPremises inbound connector matches {message.Client}; direct send only delivers to the tenant's own mailboxes"));
                return FlowOutcome.Bounce(NdrCatalog.UnableToRelay2010, host);
            }

            hops.Add(new FlowHop(HopStage.EopInbound, $"inbound connector '{connector.Name.Value}'", connector.Name.Span,
                decision.ByCertificate ? $"attributes the connection by the certificate '{message.ClientCertificateName}': relay allowed" : $"attributes the connection by address {message.Client}: relay allowed"));
            if (!IsAccepted(senderDomain, out var accepted) || !accepted!.Verified.Value)
            {
                return FlowOutcome.Bounce(NdrCatalog.TenantAttribution, $"inbound connector '{connector.Name.Value}'", $" (ATT36: {senderDomain} is not a verified accepted domain)");
            }

            return FlowOutcome.Deliver($"relayed to {message.RcptTo} through Exchange Online");
        }

        var clientCertificate = message.StartTls ? message.ClientCertificateName : null;
        if (RestrictingPartner(senderDomain, message.Client, clientCertificate) is { } restricting)
        {
            var byAddress = restricting.RestrictDomainsToIPAddresses is { Value: true } && !restricting.SenderIPAddresses.IsEmpty
                && !restricting.SenderIPAddresses.Any(r => r.Value.Contains(message.Client));
            hops.Add(new FlowHop(HopStage.EopInbound, $"inbound connector '{restricting.Name.Value}'",
                byAddress ? restricting.RestrictDomainsToIPAddresses!.Value.Span : restricting.RestrictDomainsToCertificate!.Value.Span,
                byAddress
                    ? $"partner connector for {senderDomain} with restrictDomainsToIPAddresses: mail must come from {string.Join(", ", restricting.SenderIPAddresses.Select(r => r.Value.Text))}, this comes from {message.Client}"
                    : $"partner connector for {senderDomain} with restrictDomainsToCertificate: mail must come over TLS with the certificate '{restricting.TlsSenderCertificateName!.Value.Value}', this presents {(clientCertificate is null ? "none" : $"'{clientCertificate}'")}"));
            return FlowOutcome.Bounce(NdrCatalog.TenantInboundAttribution, $"inbound connector '{restricting.Name.Value}'", byAddress
                ? "; the partner connector accepts this sender's mail only from its senderIPAddresses"
                : "; the partner connector accepts this sender's mail only with its certificate");
        }

        if (state.InboundConnectors.FirstOrDefault(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.Partner
                && (c.SenderIPAddresses.Any(r => r.Value.Contains(message.Client))
                    || (clientCertificate is not null && c.TlsSenderCertificateName is { } name && TenantAttribution.NameSatisfies(name.Value, clientCertificate)))) is { } partner)
        {
            hops.Add(new FlowHop(HopStage.EopInbound, $"inbound connector '{partner.Name.Value}'", partner.Name.Span,
                $"the partner connector matches {(partner.SenderIPAddresses.Any(r => r.Value.Contains(message.Client)) ? message.Client.ToString() : $"the certificate '{clientCertificate}'")}{(partner.EfSkipLastIP is { Value: true } ? "; Enhanced Filtering skips this hop to judge the original sender" : "")}"));
        }

        if (!IsAccepted(senderDomain, out _))
        {
            // Mail from a foreign domain to the tenant's MX is ordinary internet mail.
            hops.Add(new FlowHop(HopStage.MailFrom, host, null, $"{senderDomain} is not a domain of this tenant: inbound internet mail, judged by {senderDomain}'s own SPF and DMARC"));
            return FlowOutcome.Deliver($"delivered to {message.RcptTo} as internet mail from {senderDomain}");
        }

        if (state.Tenant.RejectDirectSend is { Value: true } reject
            && TenantAttribution.Attribute(TenantAttribution.Candidates(state).ToList(), AddressScope.IsPrivate(message.Client) ? null : IpRange.FromAddress(message.Client), null, senderDomain).Connector is null)
        {
            hops.Add(new FlowHop(HopStage.MailFrom, "organization config", reject.Span, $"rejectDirectSend is on: anonymous mail that claims {senderDomain} must come through a connector"));
            return FlowOutcome.Bounce(NdrCatalog.DirectSendNotAllowed, host);
        }

        if (AddressScope.IsPrivate(message.Client))
        {
            return FlowOutcome.Deliver($"delivered to {message.RcptTo}; the public address behind {message.Client} is not in this file, so SPF is not judged");
        }

        return SpfAtRecipient(message, IpRange.FromAddress(message.Client), hops, host);
    }
}
