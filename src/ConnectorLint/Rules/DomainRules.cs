using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using System.Net;
using ConnectorLint.Model;
using ConnectorLint.Spf;

namespace ConnectorLint.Rules;

/// <summary>CL1xx: accepted domains, their MX and SPF records.</summary>
public static class DomainRules
{
    public static readonly Rule NoMx = new(
        new("CL101", "An accepted domain has no MX record", Severity.Error, "domains", "mail to the domain bounces: nothing accepts it"),
        CheckNoMx);

    public static readonly Rule SecondMx = new(
        new("CL102", "A domain that routes to Exchange Online publishes more than one MX record", Severity.Error, "domains", "550 5.4.1 Relay Access Denied"),
        CheckSecondMx);

    public static readonly Rule WrongMx = new(
        new("CL103", "An MX host is on another cloud's EOP endpoint or belongs to another domain", Severity.Error, "domains", "550 5.4.1 Relay Access Denied"),
        CheckWrongMx);

    public static readonly Rule RetiredEndpoint = new(
        new("CL104", "An MX or smart host names a retired FOPE endpoint", Severity.Error, "domains", "550 5.4.1 Relay Access Denied"),
        CheckRetiredEndpoint);

    public static readonly Rule UnacceptedSenderDomain = new(
        new("CL105", "A sender domain is not an accepted, verified domain", Severity.Error, "domains", "550 5.7.64 TenantAttribution; Relay Access Denied / ATT36"),
        CheckSenderDomains);

    public static readonly Rule RelayDomain = new(
        new("CL106", "A relay domain is open or has nowhere to go", Severity.Error, "domains", "an open relay; 550 5.4.1 for shared namespaces", SecuritySeverity: "8.5"),
        CheckRelayDomains);

    public static readonly Rule SharedNamespaceAuthoritative = new(
        new("CL108", "An authoritative domain has recipients in another system that the directory does not know", Severity.Error, "domains", "550 5.4.1 Recipient address rejected: Access denied (5.1.10 from inside)"),
        CheckSharedNamespaceAuthoritative);

    public static readonly Rule PartnerDomainAccepted = new(
        new("CL107", "A partner's domain is an accepted domain", Severity.Error, "domains", "550 5.1.10 RESOLVER.ADR.RecipientNotFound"),
        CheckPartnerDomainAccepted);

    public static readonly Rule NoSpf = new(
        new("CL110", "An accepted domain has no SPF record", Severity.Error, "spf", "receivers reject or junk the domain's mail"),
        CheckNoSpf);

    public static readonly Rule SpfSyntax = new(
        new("CL111", "The SPF record breaks the RFC 7208 grammar", Severity.Error, "spf", "permerror at every receiver"),
        context => RecordIssues(context, SpfProblem.Syntax));

    public static readonly Rule SpfLookupLimit = new(
        new("CL112", "The SPF record needs more than 10 DNS lookups", Severity.Error, "spf", "permerror (RFC 7208 4.6.4)"),
        context => RecordIssues(context, SpfProblem.LookupTerms));

    public static readonly Rule SpfMissingExchangeOnline = new(
        new("CL113", "A domain that sends through Exchange Online does not include its SPF", Severity.Error, "spf", "SPF fail for mail sent through Exchange Online"),
        CheckExchangeOnlineInclude);

    public static readonly Rule SpfMissingEgress = new(
        new("CL114", "An address that sends to the internet is not authorised by SPF", Severity.Error, "spf", "SPF fail: the mail is rejected as spoofing"),
        CheckEgressAuthorised);

    public static readonly Rule SpfAll = new(
        new("CL115", "The SPF record allows anyone, or says nothing, about unlisted hosts", Severity.Error, "spf", "anyone may send as the domain", SecuritySeverity: "6.5"),
        context => RecordIssues(context, SpfProblem.All));

    public static readonly Rule SpfPtr = new(
        new("CL116", "The SPF record uses ptr", Severity.Warning, "spf", "slow and unreliable checks (RFC 7208 5.5)"),
        context => RecordIssues(context, SpfProblem.Ptr));

    /// <summary>The rule that reports an offline SPF problem (for `spf lint`, which checks a record outside any file).</summary>
    public static Rule For(SpfProblem problem) => problem switch
    {
        SpfProblem.Syntax => SpfSyntax,
        SpfProblem.LookupTerms => SpfLookupLimit,
        SpfProblem.All => SpfAll,
        _ => SpfPtr,
    };

    private static bool IsWildcard(AcceptedDomain domain) => domain.DomainName.Value.StartsWith('*');

    private static string ParentOf(string domain)
    {
        var name = domain.TrimEnd('.');
        var dot = name.IndexOf('.');
        return dot < 0 ? "" : name[(dot + 1)..];
    }

    /// <summary>
    /// "Manage accepted domains in Exchange Online": a domain whose recipients are partly in another
    /// system is internalRelay, so that mail for recipients Exchange Online does not know goes out
    /// through the connector to that system; authoritative rejects them (Directory-Based Edge Blocking
    /// from the internet, 5.1.10 from inside), unless they are in the directory as mail users or contacts.
    /// </summary>
    private static IEnumerable<Diagnostic> CheckSharedNamespaceAuthoritative(RuleContext context)
    {
        foreach (var domain in context.State.AcceptedDomains.Where(d => d.DomainType.Value == DomainType.Authoritative && d.HasUnknownRecipientsElsewhere))
        {
            var name = domain.DomainName.Value;
            var connector = context.State.OutboundConnectors.Any(c => c.Enabled.Value && context.Topology.RecipientDomainsOf(c).Covers(name))
                ? ""
                : $", and an outbound connector to {domain.RecipientsElsewhere!.Value.Value} whose recipientDomains cover '{name}'";
            yield return new Diagnostic(domain.DomainType.Span,
                $"'{name}' is authoritative, but some of its recipients live in {domain.RecipientsElsewhere!.Value.Value} and are not in the directory: Exchange Online rejects internet mail to them with 550 5.4.1 Recipient address rejected: Access denied (Directory-Based Edge Blocking), and its own mailboxes' mail with 550 5.1.10 RESOLVER.ADR.RecipientNotFound. Set domainType: internalRelay{connector}, or create them as mail users or mail contacts (elsewhereInDirectory: true).");
        }
    }

    private static IEnumerable<Diagnostic> CheckPartnerDomainAccepted(RuleContext context)
    {
        // A shared namespace is no partner's domain: an internalRelay domain, or one whose MX points at
        // this tenant, is the organization's own, whatever type its connector to the other system has.
        foreach (var domain in context.State.AcceptedDomains.Where(d => !IsWildcard(d) && d.DomainType.Value != DomainType.InternalRelay
                     && !d.Mx.Any(mx => ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is { } eop && ExchangeOnlineEndpoints.SameCloudEndpoints(eop.Cloud, context.Topology.Cloud))))
        {
            if (context.Topology.PartnerDomain(domain.DomainName.Value) is { } partner)
            {
                yield return new Diagnostic(domain.DomainName.Span,
                    $"'{domain.DomainName.Value}' is an accepted domain, but {partner.Connector} names it as a partner's domain; the tenant now takes the partner's recipients for its own, and mail to them ends in 550 5.1.10 RESOLVER.ADR.RecipientNotFound. Remove it from acceptedDomains: a partner's domains are never accepted domains.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckNoMx(RuleContext context)
    {
        // Microsoft publishes the MX of its own domains (contoso.onmicrosoft.com); the admin cannot publish one.
        foreach (var domain in context.State.AcceptedDomains.Where(d => !IsWildcard(d) && d.Mx.IsEmpty && !ExchangeOnlineEndpoints.IsMicrosoftManaged(d.DomainName.Value)))
        {
            yield return new Diagnostic(domain.MxSpan ?? domain.DomainName.Span,
                $"accepted domain '{domain.DomainName.Value}' has no MX record, so mail sent to it bounces. Add the MX the domain publishes, e.g. exchange: {ExchangeOnlineEndpoints.TokenFor(domain.DomainName.Value)}.{ExchangeOnlineEndpoints.MxSuffix(context.Topology.Cloud)}.");
        }
    }

    private static IEnumerable<Diagnostic> CheckSecondMx(RuleContext context)
    {
        foreach (var domain in context.State.AcceptedDomains.Where(d => d.Mx.Length > 1))
        {
            if (!domain.Mx.Any(mx => ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is not null))
            {
                continue;
            }

            var eop = domain.Mx.First(mx => ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is not null);
            foreach (var extra in domain.Mx.Where(mx => !ReferenceEquals(mx, eop)))
            {
                yield return new Diagnostic(extra.Exchange.Span,
                    $"'{domain.DomainName.Value}' routes to Exchange Online through {eop.Exchange.Value}, so it must publish that one MX record only; a second one ('{extra.Exchange.Value}') is not supported and ends in 550 5.4.1 Relay Access Denied. Remove it.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckWrongMx(RuleContext context)
    {
        var cloud = context.Topology.Cloud;
        foreach (var domain in context.State.AcceptedDomains.Where(d => !IsWildcard(d)))
        {
            foreach (var mx in domain.Mx)
            {
                if (ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is not { } host)
                {
                    continue;
                }

                // A subdomain the parent covers (matchSubDomains) may use the parent's endpoint.
                if (context.Topology.AcceptedDomainFor(ParentOf(domain.DomainName.Value)) is { MatchSubDomains.Value: true } parent
                    && ExchangeOnlineEndpoints.TokenBelongsTo(host.Token, parent.DomainName.Value) && ExchangeOnlineEndpoints.SameCloudEndpoints(host.Cloud, cloud))
                {
                    continue;
                }

                var managed = ExchangeOnlineEndpoints.IsMicrosoftManaged(domain.DomainName.Value);
                var token = managed ? ExchangeOnlineEndpoints.ManagedToken(domain.DomainName.Value) : ExchangeOnlineEndpoints.TokenFor(domain.DomainName.Value);
                var expected = $"{token}.{ExchangeOnlineEndpoints.MxSuffix(cloud)}";
                if (!host.Dnssec && !ExchangeOnlineEndpoints.SameCloudEndpoints(host.Cloud, cloud))
                {
                    yield return new Diagnostic(mx.Exchange.Span,
                        $"'{mx.Exchange.Value}' is the EOP endpoint of the {ExchangeOnlineEndpoints.Name(host.Cloud)} cloud, but tenant.cloud is {ExchangeOnlineEndpoints.Name(cloud)}; mail to '{domain.DomainName.Value}' ends in 550 5.4.1 Relay Access Denied. Use {expected}.");
                }
                else if (managed ? !host.Token.Equals(token, StringComparison.OrdinalIgnoreCase) : !ExchangeOnlineEndpoints.TokenBelongsTo(host.Token, domain.DomainName.Value))
                {
                    yield return new Diagnostic(mx.Exchange.Span,
                        $"'{mx.Exchange.Value}' is the EOP MX host of another domain (token '{host.Token}', expected '{token}'); mail to '{domain.DomainName.Value}' ends in 550 5.4.1 Relay Access Denied. Use {expected}.");
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckRetiredEndpoint(RuleContext context)
    {
        var cloud = context.Topology.Cloud;
        foreach (var domain in context.State.AcceptedDomains)
        {
            foreach (var mx in domain.Mx.Where(mx => ExchangeOnlineEndpoints.IsRetired(mx.Exchange.Value)))
            {
                yield return new Diagnostic(mx.Exchange.Span,
                    $"MX host '{mx.Exchange.Value}' is a retired FOPE endpoint; mail to '{domain.DomainName.Value}' ends in 550 5.4.1 Relay Access Denied. Use {ExchangeOnlineEndpoints.TokenFor(domain.DomainName.Value)}.{ExchangeOnlineEndpoints.MxSuffix(cloud)}.");
            }
        }

        foreach (var connector in context.State.SendConnectors)
        {
            foreach (var host in connector.SmartHosts.Where(h => ExchangeOnlineEndpoints.IsRetired(h.Value)))
            {
                var replacement = context.State.AcceptedDomains.SelectMany(d => d.Mx).FirstOrDefault(mx => ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is not null)?.Exchange.Value
                    ?? $"<domain-token>.{ExchangeOnlineEndpoints.MxSuffix(cloud)}";
                yield return new Diagnostic(host.Span,
                    $"send connector '{connector.Name.Value}' relays to '{host.Value}', a retired FOPE endpoint; EOP answers 550 5.4.1 Relay Access Denied. Point the smart host at the EOP MX host of your domain, {replacement}.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckSenderDomains(RuleContext context)
    {
        var topology = context.Topology;

        Diagnostic? Check(string domain, SourceSpan span, string usedAs, bool allowParent)
        {
            var accepted = topology.AcceptedDomainFor(domain, allowParent);
            if (accepted is null && topology.PartnerOwning(domain) is { } partner)
            {
                // Never advise accepting a partner's domain: the tenant would take the partner's recipients for its own.
                return new Diagnostic(span,
                    $"'{domain}' ({usedAs}) is a domain of the partner named by {partner.Connector}, not of this organization; Exchange Online cannot attribute the mail to the tenant and answers 550 5.7.64 TenantAttribution (ATT36). Remove it here: only the organization's own, verified domains belong, and a partner's domain is never an accepted domain.");
            }

            if (accepted is null)
            {
                return new Diagnostic(span,
                    $"'{domain}' ({usedAs}) is not an accepted domain of the tenant; Exchange Online cannot attribute the mail and answers 550 5.7.64 TenantAttribution (ATT36). Add it to acceptedDomains and verify it in the tenant.");
            }

            if (!accepted.Verified.Value)
            {
                return new Diagnostic(span,
                    $"'{domain}' ({usedAs}) belongs to accepted domain '{accepted.DomainName.Value}', which is verified: false; unverified sender domains end in 550 5.7.64 TenantAttribution (ATT36). Verify the domain in the tenant.");
            }

            return null;
        }

        foreach (var sender in context.State.Senders.Where(s => s.MailFrom is not null && s.SubmitTo.Value != SubmitTo.DirectSend))
        {
            var mailFrom = sender.MailFrom!.Value;
            if (Check(DomainPattern.DomainOf(mailFrom.Value), mailFrom.Span, $"MAIL FROM of sender '{sender.Name.Value}'", false) is { } d)
            {
                yield return d;
            }
        }

        // A partner connector's senderDomains are the partner's, never the organization's.
        foreach (var connector in context.State.InboundConnectors.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises))
        {
            foreach (var domain in connector.SenderDomains.Where(s => s.Value != "*"))
            {
                if (Check(domain.Value.TrimStart('*', '.'), domain.Span, $"a sender domain of inbound connector '{connector.Name.Value}'", false) is { } d)
                {
                    yield return d;
                }
            }

            // A Microsoft name or a partner's is no domain to accept: CL312 reports it as the grant it is.
            if (connector.ConnectorType.Value == ConnectorType.OnPremises && connector.TlsSenderCertificateName is { } name
                && !ExchangeOnlineEndpoints.IsMicrosoftName(name.Value) && topology.PartnerOwning(name.Value.TrimStart('*', '.')) is null)
            {
                var certificateDomain = name.Value.TrimStart('*', '.');
                if (Check(certificateDomain, name.Span, $"the certificate name inbound connector '{connector.Name.Value}' attributes by", true) is { } d)
                {
                    yield return d;
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckRelayDomains(RuleContext context)
    {
        foreach (var domain in context.State.AcceptedDomains)
        {
            var type = domain.DomainType.Value;
            if (type == DomainType.Authoritative)
            {
                continue;
            }

            if (type == DomainType.InternalRelay && domain.DomainName.Value == "*")
            {
                yield return new Diagnostic(domain.DomainName.Span,
                    "an internalRelay accepted domain '*' accepts mail for every domain on the internet and relays it: an open relay. Name the shared domains instead.");
                continue;
            }

            var covering = context.State.OutboundConnectors
                .Where(c => context.Topology.RecipientDomainsOf(c).Covers(domain.DomainName.Value.TrimStart('*', '.')))
                .ToList();
            if (!covering.Any(c => c.Enabled.Value))
            {
                // With the MX on Exchange Online, mail for recipients elsewhere loops and bounces: an error when the
                // file says such recipients exist (recipientsElsewhere, traced by the canonical flows), a warning
                // otherwise, and whenever it leaves by an MX elsewhere, which may or may not be right.
                var loops = context.Simulator.LoopsBackToExchangeOnline(domain);
                var disabled = covering.FirstOrDefault();
                var kind = type == DomainType.InternalRelay ? "internalRelay" : "externalRelay";
                yield return new Diagnostic(domain.DomainType.Span,
                    disabled is not null
                        ? $"'{domain.DomainName.Value}' is {kind}, but outbound connector '{disabled.Name.Value}', which has it in recipientDomains, is disabled; {(loops ? "mail for recipients not found in the cloud goes by MX back to Exchange Online and bounces (554 5.4.14 Hop count exceeded)" : "mail for recipients not found in the cloud goes by MX instead")}. Enable the connector."
                        : $"'{domain.DomainName.Value}' is {kind}, but no enabled outbound connector has it in recipientDomains; {(loops ? "mail for recipients not found in the cloud goes by MX back to Exchange Online and bounces (554 5.4.14 Hop count exceeded)" : "mail for recipients not found in the cloud has nowhere to go but the MX")}. Add it to the recipientDomains of the outbound connector to {domain.RecipientsElsewhere?.Value ?? "on-premises"}.",
                    loops && domain.RecipientsElsewhere is not null ? Severity.Error : Severity.Warning);
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckNoSpf(RuleContext context)
    {
        foreach (var domain in context.State.AcceptedDomains.Where(d => !IsWildcard(d) && d.Spf is null && !ExchangeOnlineEndpoints.IsMicrosoftManaged(d.DomainName.Value)))
        {
            yield return new Diagnostic(domain.DomainName.Span,
                $"accepted domain '{domain.DomainName.Value}' has no spf; receivers reject or junk its mail as spoofed. Publish one, e.g. spf: \"v=spf1 include:{ExchangeOnlineEndpoints.SpfInclude(context.Topology.Cloud)} -all\".");
        }
    }

    /// <summary>CL111/112/115/116: the offline record checks, each at its term's column in the YAML value.</summary>
    private static IEnumerable<Diagnostic> RecordIssues(RuleContext context, SpfProblem problem)
    {
        foreach (var domain in context.State.AcceptedDomains)
        {
            if (domain.Spf is not { } spf)
            {
                continue;
            }

            foreach (var issue in SpfRecordLint.Check(spf.Value, out _).Where(i => i.Problem == problem))
            {
                yield return new Diagnostic(SpanInValue(spf, issue.Column, issue.Length), $"spf of '{domain.DomainName.Value}': {issue.Message}", issue.Severity);
            }
        }
    }

    /// <summary>Maps a column inside the record to the file: past the opening quote of a one-line scalar.</summary>
    internal static SourceSpan SpanInValue(Located<string> value, int column, int length)
    {
        var span = value.Span;
        if (span.EndLine != span.Line)
        {
            return span;
        }

        var width = span.EndColumn - span.Column;
        var offset = width == value.Value.Length + 2 ? 1 : width == value.Value.Length ? 0 : -1;
        if (offset < 0)
        {
            return span;
        }

        var start = span.Column + offset + column - 1;
        return span with { Column = start, EndColumn = start + length };
    }

    private static IEnumerable<Diagnostic> CheckExchangeOnlineInclude(RuleContext context)
    {
        var topology = context.Topology;
        var include = ExchangeOnlineEndpoints.SpfInclude(topology.Cloud);
        var clientSubmissionDomains = context.State.Senders
            .Where(s => s.SubmitTo.Value == SubmitTo.ClientSubmission && s.MailFrom is not null)
            .Select(s => DomainPattern.DomainOf(s.MailFrom!.Value.Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var hybrid = topology.RelaysThroughEop || context.State.OutboundConnectors.Any(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises);
        foreach (var domain in context.State.AcceptedDomains.Where(d => !IsWildcard(d) && d.Spf is not null && !ExchangeOnlineEndpoints.IsMicrosoftManaged(d.DomainName.Value)))
        {
            var name = domain.DomainName.Value.TrimEnd('.').ToLowerInvariant();
            var routesToCloud = domain.Mx.Any(mx => ExchangeOnlineEndpoints.Parse(mx.Exchange.Value) is not null);
            var why = topology.InternetRelaysThroughEop ? "on-premises internet mail relays through EOP"
                : !topology.ExchangeOnlineDeliversToInternet ? null
                : routesToCloud ? "its MX points at Exchange Online, so its mailboxes send from there"
                : context.State.OnPremises is null ? "its mailboxes are in Exchange Online (the file has no on-premises servers) and Exchange Online delivers their internet mail itself"
                : clientSubmissionDomains.Contains(name) ? "an application submits its mail to smtp.office365.com"
                : hybrid ? "its mailboxes in Exchange Online (a hybrid: the file routes between them and on premises) send their internet mail from there"
                : null;
            if (why is null)
            {
                continue;
            }

            if (topology.SpfAuthorisesExchangeOnline(name) == false)
            {
                yield return new Diagnostic(domain.Spf!.Value.Span,
                    $"the spf of '{domain.DomainName.Value}' does not include {include}, yet {why}; that mail fails SPF and receivers refuse it (550 5.7.23). Add include:{include} before the 'all'.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckEgressAuthorised(RuleContext context)
    {
        var state = context.State;
        // Microsoft publishes the SPF of its managed domains; on-premises never sends as them.
        var domains = state.AcceptedDomains.Where(d => !IsWildcard(d) && d.Spf is not null && !ExchangeOnlineEndpoints.IsMicrosoftManaged(d.DomainName.Value)).ToList();

        foreach (var connector in state.SendConnectors.Where(c => c.Enabled.Value && c.UsesDnsRouting))
        {
            foreach (var (server, address) in context.Topology.EgressOf(connector))
            {
                if (address.Value.Kind != Net.IpRangeKind.Address || address.Value.IsEntirelyPrivate)
                {
                    continue;
                }

                foreach (var domain in domains)
                {
                    var result = Evaluate(state, address.Value.FirstAddress, domain.DomainName.Value);
                    if (result is SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral)
                    {
                        yield return new Diagnostic(address.Span,
                            $"{address.Value} (egress of {server.Name.Value}) sends straight to the internet through DNS-routed send connector '{connector.Name.Value}', but the spf of '{domain.DomainName.Value}' gives {result.ToString().ToLowerInvariant()} for it; receivers reject that mail as spoofing (550 5.7.23). Add {SpfTermFor(address.Value)} to the record.");
                    }
                }
            }
        }

        foreach (var sender in state.Senders.Where(s => s.SubmitTo.Value == SubmitTo.DirectSend && s.MailFrom is not null))
        {
            var ip = sender.SourceIPAddress.Value;
            if (ip.IsEntirelyPrivate)
            {
                continue;
            }

            var domain = DomainPattern.DomainOf(sender.MailFrom!.Value.Value);
            if (state.FindDomain(domain)?.Spf is null)
            {
                continue;
            }

            var result = Evaluate(state, ip.FirstAddress, domain);
            if (result is SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral)
            {
                yield return new Diagnostic(sender.SourceIPAddress.Span,
                    $"direct-send sender '{sender.Name.Value}' sends from {ip} as '{domain}', but that domain's spf gives {result.ToString().ToLowerInvariant()} for it; Exchange Online treats the mail as spoofed. Add {SpfTermFor(ip)} to the record.");
            }
        }
    }

    /// <summary>The term that authorises an address: ip4: for IPv4, ip6: for IPv6.</summary>
    private static string SpfTermFor(Net.IpRange address) => (address.IsIPv4 ? "ip4:" : "ip6:") + address;

    private static SpfResult Evaluate(DesiredState state, IPAddress ip, string domain) =>
        DesiredStateDnsResolver.CheckHost(state, ip, domain, "postmaster@" + domain).Result;
}
