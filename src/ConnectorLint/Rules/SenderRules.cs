using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Model;

namespace ConnectorLint.Rules;

/// <summary>CL402-CL405: each sender traced through the organization, as an admin does by hand from the NDR articles.</summary>
public static class SenderRules
{
    public static readonly Rule RelayDenied = new(
        new("CL402", "An anonymous sender cannot relay to external recipients", Severity.Error, "senders", "550 5.7.54 Unable to relay (5.7.1 on Exchange 2010)"),
        CheckRelay);

    public static readonly Rule ClientSubmission = new(
        new("CL403", "Client submission without authentication, STARTTLS or port 587", Severity.Error, "senders", "530 5.7.57 / 5.7.1"),
        CheckClientSubmission);

    public static readonly Rule AuthenticatedOnPort25 = new(
        new("CL404", "An authenticated sender submits on port 25", Severity.Warning, "senders", "ISPs block port 25"),
        CheckPort25);

    public static readonly Rule DirectSend = new(
        new("CL405", "Direct send from a foreign domain or to external recipients", Severity.Error, "senders", "550 5.7.1 / 5.7.64"),
        CheckDirectSend);

    public static readonly Rule BouncesDownstream = new(
        new("CL409", "A sender's mail bounces further along its path", Severity.Error, "senders", "the NDR its trace predicts"),
        CheckDownstream);

    private static string Describe(FlowTrace trace) =>
        $"{trace.Outcome.Code} {trace.Outcome.Text} at {trace.Outcome.RefusingHop}";

    private static IEnumerable<Diagnostic> CheckRelay(RuleContext context)
    {
        var simulator = context.Simulator;
        foreach (var sender in context.State.Senders.Where(s => s.SubmitTo.Value == SubmitTo.OnPremises && s.Authenticated is not { Value: true } && s.MustReachExternal))
        {
            var trace = simulator.Trace(MailFlowSimulator.ForSender(sender, MailFlowSimulator.ExternalRecipient));
            var refusedOnPremises = trace.Outcome.Bounced && trace.Hops.Count > 0 && trace.Hops[^1].Stage.RefusesTheClient();
            if (refusedOnPremises)
            {
                yield return new Diagnostic(sender.Name.Span,
                    $"sender '{sender.Name.Value}' ({sender.SourceIPAddress.Value} to {sender.Host?.Value}:{sender.Port?.Value ?? 25}, anonymous) must reach external recipients, but no receive connector on that host and port both admits it and grants anonymous relay; it gets {Describe(trace)}. Add {sender.SourceIPAddress.Value} to the remoteIPRanges of a relay connector with anonymousRelay: true, or authenticate on 587.");
            }
        }

        // Microsoft's option 3: relay through an Exchange Online inbound connector that matches the
        // device's public address or certificate.
        foreach (var sender in context.State.Senders.Where(s => s.SubmitTo.Value == SubmitTo.ConnectorRelay && s.MustReachExternal))
        {
            var trace = simulator.Trace(MailFlowSimulator.ForSender(sender, MailFlowSimulator.ExternalRecipient));
            if (trace.Outcome.Bounced)
            {
                var how = sender.CertificateName is { } name ? $"the certificate '{name.Value}'" : $"its address {sender.SourceIPAddress.Value}";
                yield return new Diagnostic(sender.Name.Span,
                    $"sender '{sender.Name.Value}' relays through the tenant MX to external recipients, but it gets {Describe(trace)}. Relaying needs an enabled onPremises inbound connector that matches {how} (senderIPAddresses with its public address, or tlsSenderCertificateName), and a MAIL FROM in a verified accepted domain.");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckClientSubmission(RuleContext context)
    {
        var simulator = context.Simulator;
        foreach (var sender in context.State.Senders.Where(s => s.SubmitTo.Value == SubmitTo.ClientSubmission))
        {
            var trace = simulator.Trace(MailFlowSimulator.ForSender(sender, sender.MustReachExternal ? MailFlowSimulator.ExternalRecipient : simulator.InternalRecipient));
            var outcome = !trace.Outcome.Bounced ? "" : $" Traced: {Describe(trace)}.";
            if (sender.Authenticated is not { Value: true })
            {
                yield return new Diagnostic(sender.Authenticated?.Span ?? sender.Name.Span,
                    $"sender '{sender.Name.Value}' submits to {MailFlowSimulator.ClientSubmissionHost} without SMTP AUTH; Exchange Online answers 530 5.7.57 Client not authenticated.{outcome} Authenticate with a licensed mailbox (authenticated: true).");
            }

            if (sender.Port?.Value is { } port && port != 587)
            {
                yield return new Diagnostic(sender.Port.Value.Span,
                    $"sender '{sender.Name.Value}' submits to {MailFlowSimulator.ClientSubmissionHost} on port {port}, where it does not listen: the connection fails (4.4.1). Client submission is port 587 with STARTTLS. Set port: 587.");
            }

            if (context.State.Tenant.SmtpClientAuthenticationDisabled is { Value: true } && sender.Authenticated is { Value: true })
            {
                yield return new Diagnostic(sender.Name.Span,
                    $"sender '{sender.Name.Value}' submits to {MailFlowSimulator.ClientSubmissionHost} with SMTP AUTH, but tenant.smtpClientAuthenticationDisabled is true;{outcome} Allow SMTP AUTH for its mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false) or relay through a connector.");
            }

            if (sender.StartTls is not { Value: true })
            {
                yield return new Diagnostic(sender.StartTls?.Span ?? sender.Name.Span,
                    $"sender '{sender.Name.Value}' submits to {MailFlowSimulator.ClientSubmissionHost} without STARTTLS; the server requires it before AUTH (530 5.7.0). Set startTls: true.");
            }
        }
    }

    /// <summary>
    /// Every sender traced to each kind of recipient it must reach: a bounce that no other sender
    /// rule reports (it happens past the sender's own submission: at EOP, at the receiver's SPF) is
    /// reported here, at the sender, with the NDR and the hop, so lint and trace never disagree.
    /// </summary>
    private static IEnumerable<Diagnostic> CheckDownstream(RuleContext context)
    {
        var simulator = context.Simulator;
        foreach (var sender in context.State.Senders)
        {
            var recipients = new List<(string Address, string Kind)>();
            if (sender.MustReachInternal)
            {
                recipients.Add((simulator.InternalRecipient, "internal"));
            }

            if (sender.MustReachExternal)
            {
                recipients.Add((MailFlowSimulator.ExternalRecipient, "external"));
            }

            foreach (var (address, kind) in recipients)
            {
                var trace = simulator.Trace(MailFlowSimulator.ForSender(sender, address));
                if (!trace.Outcome.Bounced || ReportedBySenderRule(sender, trace, kind, context))
                {
                    continue;
                }

                var cause = trace.Hops.LastOrDefault(h => h.Location is not null)?.Location is { } at ? $" The hop that refuses it is at line {at.Line}." : "";
                yield return new Diagnostic(sender.Name.Span,
                    $"sender '{sender.Name.Value}' is accepted where it submits, but its mail to {kind} recipients bounces further along: {Describe(trace)}.{cause}");
            }
        }
    }

    /// <summary>The bounces CL402, CL403 and CL405 already report at the sender, each with the NDR.</summary>
    private static bool ReportedBySenderRule(Sender sender, FlowTrace trace, string kind, RuleContext context)
    {
        var refusedAtSubmission = trace.Hops.Count > 0 && trace.Hops[^1].Stage.RefusesTheClient();
        return sender.SubmitTo.Value switch
        {
            SubmitTo.OnPremises => refusedAtSubmission && kind == "external" && sender.Authenticated is not { Value: true },
            SubmitTo.ClientSubmission => sender.Authenticated is not { Value: true } || sender.StartTls is not { Value: true }
                || (sender.Port?.Value is { } port && port != 587) || context.State.Tenant.SmtpClientAuthenticationDisabled is { Value: true },
            SubmitTo.DirectSend => kind == "external" || context.State.Tenant.RejectDirectSend is { Value: true },
            SubmitTo.ConnectorRelay => kind == "external",
            _ => false,
        };
    }

    private static IEnumerable<Diagnostic> CheckPort25(RuleContext context)
    {
        foreach (var sender in context.State.Senders.Where(s => s.Authenticated is { Value: true } && s.Port is { Value: 25 } && s.SubmitTo.Value != SubmitTo.DirectSend))
        {
            yield return new Diagnostic(sender.Port!.Value.Span,
                $"sender '{sender.Name.Value}' authenticates on port 25; many networks and ISPs block outbound port 25, and 25 is for server-to-server mail. Submit on 587 with STARTTLS.");
        }
    }

    private static IEnumerable<Diagnostic> CheckDirectSend(RuleContext context)
    {
        var simulator = context.Simulator;
        foreach (var sender in context.State.Senders.Where(s => s.SubmitTo.Value == SubmitTo.DirectSend))
        {
            if (sender.MailFrom is { } mailFrom && context.Topology.AcceptedDomainFor(DomainPattern.DomainOf(mailFrom.Value)) is null)
            {
                // Delivered, but as anonymous internet mail: the foreign domain's SPF and DMARC judge it.
                var domain = DomainPattern.DomainOf(mailFrom.Value);
                yield return new Diagnostic(mailFrom.Span,
                    $"direct-send sender '{sender.Name.Value}' sends as '{mailFrom.Value}', whose domain is not an accepted domain; Exchange Online takes it as anonymous internet mail from {domain}, judged by {domain}'s SPF and DMARC, so it is likely junked or rejected. Send as an address of an accepted domain.",
                    Severity.Warning);
            }

            if (context.State.Tenant.RejectDirectSend is { Value: true } && sender.MustReachInternal)
            {
                var trace = simulator.Trace(MailFlowSimulator.ForSender(sender, simulator.InternalRecipient));
                if (trace.Outcome.Bounced)
                {
                    yield return new Diagnostic(sender.Name.Span,
                        $"direct-send sender '{sender.Name.Value}' sends anonymously to the tenant MX, but tenant.rejectDirectSend is true; it gets {Describe(trace)}. Relay it through an inbound connector that matches its address or certificate (submitTo: connectorRelay), or use client submission.");
                }
            }

            if (sender.MustReachExternal)
            {
                var trace = simulator.Trace(MailFlowSimulator.ForSender(sender, MailFlowSimulator.ExternalRecipient));
                var external = sender.Recipients.FirstOrDefault(r => r.Value == "external");
                yield return new Diagnostic(external.Value is null ? sender.Name.Span : external.Span,
                    $"direct-send sender '{sender.Name.Value}' must reach external recipients, but direct send only delivers to the tenant's own mailboxes; it gets {Describe(trace)}. Use client submission (smtp.office365.com:587 with SMTP AUTH) or an on-premises relay connector.");
            }
        }
    }
}
