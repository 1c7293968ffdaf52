using System.Collections.Immutable;
using ConnectorLint.Drift;
using ConnectorLint.Exchange;
using ConnectorLint.Model;
using ConnectorLint.Net;
using ConnectorLint.Rules;

namespace ConnectorLint.Plan;

/// <summary>
/// Turns config drift into the cmdlets that take Exchange to the file, and orders them by tracing
/// the canonical flows through every state in between: of the steps that may run next (a step of
/// one object after its earlier phases), the first in make-before-break order that bounces no flow
/// delivering both before and after the change; where none does, the window is marked.
/// </summary>
public static class ChangePlanner
{
    private const string AnonymousLogon = "NT AUTHORITY\\ANONYMOUS LOGON";
    private const string AcceptAnyRecipient = "ms-Exch-SMTP-Accept-Any-Recipient";
    private static readonly string PropertyDrift = ConfigDriftRules.PropertyDrift.Descriptor.Id;
    private static readonly string OnlyInFile = ConfigDriftRules.OnlyInFile.Descriptor.Id;

    /// <param name="desired">The file.</param>
    /// <param name="actual">Exchange, as imported from the export, with what no export holds (egress addresses, senders) taken from the file.</param>
    /// <param name="changes">The config drift between the two (<see cref="ConfigDriftChecker.Changes"/>).</param>
    /// <param name="inFileOrder">Keep the steps in the file's order, without simulation: only for showing what the ordering prevents.</param>
    /// <param name="dns">DNS drift of the file's domains, when DNS was asked: its record changes are steps for the DNS provider.</param>
    public static ChangePlan Plan(DesiredState desired, DesiredState actual, IReadOnlyList<ConfigChange> changes, bool inFileOrder = false, IReadOnlyList<DomainDrift>? dns = null)
    {
        var steps = new List<PlanStep>();
        var notes = new List<PlanNote>();
        foreach (var domain in dns ?? [])
        {
            Records(domain, desired, steps, notes);
        }

        foreach (var change in changes.Where(c => c.Check == DriftCheck.ConfigOnlyInExchange))
        {
            notes.Add(new PlanNote($"{Noun(change.Section)} '{change.Name}'",
                "is in Exchange but not in the file: the plan leaves it as it is. It may still carry mail: describe it in the file (connectorlint import writes it) and check the flows with review before anyone removes it.", change.Span));
        }

        foreach (var change in changes.Where(c => c.Check == DriftCheck.ConfigOnlyInFile))
        {
            Create(change, desired, steps, notes);
        }

        foreach (var group in changes.Where(c => c.Check == DriftCheck.ConfigPropertyDrift).GroupBy(c => (c.Section, c.Name)))
        {
            Modify(group.Key.Section, group.Key.Name, [.. group], desired, actual, steps, notes);
        }

        var ranked = steps.OrderBy(s => s.Span.Line).ThenBy(s => s.Span.Column).ToList();
        var kept = Kept(ranked, actual);
        if (inFileOrder)
        {
            return new ChangePlan(ranked, Windows(ranked, actual, kept), notes);
        }

        var ordered = Order(ranked.OrderBy(s => s.Phase).ToList(), actual, kept);
        var windows = Windows(ordered, actual, kept);
        if (windows.Count > 0 && Bridged(ranked) is { } bridged)
        {
            var order = Order(bridged.Steps.OrderBy(s => s.Phase).ToList(), actual, kept);
            if (Windows(order, actual, kept) is { Count: 0 })
            {
                var from = order.IndexOf(bridged.Open) + 1;
                var until = order.IndexOf(bridged.Close) + 1;
                return new ChangePlan(order, [], notes) { Bridges = [new PlanBridge(from, until, bridged.Text(from, until))] };
            }
        }

        return new ChangePlan(ordered, windows, notes);
    }

    // ---- DNS ----

    /// <summary>
    /// A domain's record changes, for the DNS provider: what the file wants published before, what only
    /// DNS has removed after the Exchange steps (a new MX answers before the old one goes).
    /// </summary>
    private static void Records(DomainDrift domain, DesiredState desired, List<PlanStep> steps, List<PlanNote> notes)
    {
        var file = desired.FindDomain(domain.Domain);
        var span = file?.DomainName.Span ?? desired.Span;
        foreach (var record in domain.Records)
        {
            var (rule, at) = record.Type switch
            {
                "MX" => (DriftRules.MxDrift.Descriptor.Id, file?.Mx.FirstOrDefault()?.Span ?? span),
                "TXT (DMARC)" => (DriftRules.DmarcDrift.Descriptor.Id, file?.Dmarc?.Span ?? span),
                _ => (DriftRules.SpfDrift.Descriptor.Id, file?.Spf?.Span ?? span),
            };
            if (record.State == RecordState.Unknown)
            {
                notes.Add(new PlanNote($"DNS {record.Type} of {record.Name}", $"is unknown ({record.Note ?? "no answer"}): the plan cannot say whether it changes.", at));
                continue;
            }

            foreach (var value in record.OnlyDesired)
            {
                steps.Add(new PlanStep(PlanSide.Manual, StepPhase.Prepare, $"DNS {record.Type} of {record.Name}", "publish",
                    $"At the DNS provider, publish {record.Name} {record.Type} {value}", rule, at, s => s) { ObjectKey = $"dns/{record.Name}/{record.Type}" });
            }

            foreach (var value in record.OnlyLive)
            {
                steps.Add(new PlanStep(PlanSide.Manual, StepPhase.Retire, $"DNS {record.Type} of {record.Name}", "remove",
                    $"At the DNS provider, remove {record.Name} {record.Type} {value}", rule, at, s => s) { ObjectKey = $"dns/{record.Name}/{record.Type}" });
            }
        }
    }

    // ---- bridges ----

    private sealed record Bridge(List<PlanStep> Steps, PlanStep Open, PlanStep Close, Func<int, int, string> Text);

    /// <summary>
    /// The one bridge the model knows: an inbound connector that expects a certificate by a new name
    /// accepts, for the time between, any name of the domain both names share (*.contoso.com), then the
    /// new one. Never wider than a domain of two labels.
    /// </summary>
    private static Bridge? Bridged(List<PlanStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.CertificateNameChange is not var (connector, from, to) || from.StartsWith('*') || to.StartsWith('*'))
            {
                continue;
            }

            var parent = Parent(from);
            if (parent is null || !string.Equals(parent, Parent(to), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var wildcard = "*." + parent;
            var name = connector.Name.Value;
            var open = step with
            {
                Phase = StepPhase.Prepare,
                Action = $"bridge: accept any certificate of {parent}",
                Command = $"Set-InboundConnector -Identity {PowerShellSyntax.Quote(name)} -TlsSenderCertificateName {PowerShellSyntax.Quote(wildcard)}",
                Apply = s => s.InboundConnectors.FirstOrDefault(c => Same(c.Name.Value, name)) is { } current
                    ? Put(s, "inboundConnectors", name, current with { TlsSenderCertificateName = new Located<string>(wildcard, current.TlsSenderCertificateName?.Span ?? current.Name.Span) })
                    : s,
                CertificateNameChange = null,
            };
            var close = step with { Phase = StepPhase.Retire, Action = "end the bridge: expect the new certificate", CertificateNameChange = null };
            return new Bridge([.. steps.Where(s => s != step), open, close], open, close, (opened, closed) =>
                $"steps {opened} to {closed} bridge the inbound connector '{name}' from certificate '{from}' to '{to}' with '{wildcard}': no order avoids a window without it. "
                + $"While it lasts, a certificate for any name in {parent} attributes mail to the tenant (another server of the domain could relay through Exchange Online as this organization); run the steps between without a pause.");
        }

        return null;
    }

    /// <summary>The domain a host name is in (mail.contoso.com: contoso.com), when that has two labels or more.</summary>
    private static string? Parent(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        var parent = dot > 0 ? host[(dot + 1)..].TrimEnd('.') : null;
        return parent is not null && parent.Contains('.', StringComparison.Ordinal) ? parent.ToLowerInvariant() : null;
    }

    // ---- ordering by simulation ----

    private static Dictionary<string, FlowOutcome> Flows(DesiredState state)
    {
        var flows = new Dictionary<string, FlowOutcome>(StringComparer.Ordinal);
        foreach (var flow in MailFlowSimulator.Of(state).CanonicalFlows)
        {
            flows.TryAdd(flow.Name, flow.Trace.Outcome);
        }

        return flows;
    }

    /// <summary>The flows that deliver before the change and after it: none of them may bounce on the way.</summary>
    private static IReadOnlyList<string> Kept(DesiredState before, DesiredState after)
    {
        var first = Flows(before);
        var last = Flows(after);
        return [.. first.Where(f => f.Value.Delivered && last.TryGetValue(f.Key, out var o) && o.Delivered).Select(f => f.Key)];
    }

    /// <summary>The flows no step may bounce: the same for every order of the same steps.</summary>
    private static IReadOnlyList<string> Kept(IReadOnlyList<PlanStep> steps, DesiredState start) =>
        Kept(start, steps.Aggregate(start, (state, step) => step.Apply(state)));

    private static List<PlanStep> Order(List<PlanStep> ranked, DesiredState start, IReadOnlyList<string> kept)
    {
        var ordered = new List<PlanStep>();
        var remaining = new List<PlanStep>(ranked);
        var state = start;
        while (remaining.Count > 0)
        {
            // A step of an object waits for the object's steps of earlier phases.
            var eligible = remaining.Where(s => !remaining.Any(o => o.ObjectKey == s.ObjectKey && o.Phase < s.Phase)).ToList();
            var pick = eligible.FirstOrDefault(s => Bounced(s.Apply(state), kept).Count == 0) ?? eligible[0];
            ordered.Add(pick);
            remaining.Remove(pick);
            state = pick.Apply(state);
        }

        return ordered;
    }

    private static List<(string Flow, FlowOutcome Outcome)> Bounced(DesiredState state, IReadOnlyList<string> kept)
    {
        var flows = Flows(state);
        return [.. kept.Where(k => !flows.TryGetValue(k, out var o) || !o.Delivered).Select(k => (k, flows.GetValueOrDefault(k) ?? new FlowOutcome(false, null, "the flow is gone", null)))];
    }

    /// <summary>The windows of an order: runs of states between steps where a kept flow bounces.</summary>
    private static List<PlanWindow> Windows(List<PlanStep> steps, DesiredState start, IReadOnlyList<string> kept)
    {
        if (steps.Count < 2)
        {
            return [];
        }

        var windows = new List<PlanWindow>();
        var current = start;
        PlanWindow? open = null;
        for (var i = 0; i < steps.Count - 1; i++)
        {
            current = steps[i].Apply(current);
            var bounced = Bounced(current, kept);
            if (bounced.Count == 0)
            {
                if (open is not null)
                {
                    windows.Add(open with { UntilStep = i + 1 });
                    open = null;
                }

                continue;
            }

            var outcome = bounced[0].Outcome;
            open ??= new PlanWindow(i + 1, i + 2, [.. bounced.Select(b => b.Flow)], outcome.Code is { Length: > 0 } code ? $"{code} {outcome.Text}" : outcome.Text);
        }

        if (open is not null)
        {
            windows.Add(open with { UntilStep = steps.Count });
        }

        return windows;
    }

    // ---- steps ----

    private static string Noun(string section) => section switch
    {
        "sendConnectors" => "send connector",
        "receiveConnectors" => "receive connector",
        "inboundConnectors" => "inbound connector",
        "outboundConnectors" => "outbound connector",
        "acceptedDomains" => "accepted domain",
        "servers" => "server",
        "certificates" => "certificate",
        _ => section,
    };

    private static (PlanSide Side, string Noun)? Cmdlet(string section) => section switch
    {
        "sendConnectors" => (PlanSide.ExchangeServer, "SendConnector"),
        "receiveConnectors" => (PlanSide.ExchangeServer, "ReceiveConnector"),
        "inboundConnectors" => (PlanSide.ExchangeOnline, "InboundConnector"),
        "outboundConnectors" => (PlanSide.ExchangeOnline, "OutboundConnector"),
        "acceptedDomains" => (PlanSide.ExchangeOnline, "AcceptedDomain"),
        _ => null,
    };

    private static void Create(ConfigChange change, DesiredState desired, List<PlanStep> steps, List<PlanNote> notes)
    {
        var key = $"{change.Section}/{change.Name}";
        if (change.Section == "certificates" && desired.FindCertificate(change.Name) is { } certificate)
        {
            var holders = (desired.OnPremises?.Servers ?? []).Where(s => !s.IsEdge && s.Holds(certificate)).Select(s => s.Name.Value).ToList();
            var target = $"certificate '{certificate.Name.Value}' ({certificate.Subject.Value})";
            DesiredState Install(DesiredState s) => s.OnPremises is { } on && s.FindCertificate(certificate.Name.Value) is null
                ? s with { OnPremises = on with { Certificates = on.Certificates.Add(certificate) } }
                : s;
            steps.Add(new PlanStep(PlanSide.Manual, StepPhase.Prepare, target, "install",
                $"Import the certificate's PFX on {(holders.Count == 0 ? "the servers that present it" : string.Join(", ", holders))}: Import-ExchangeCertificate -Server <server> -FileData ([System.IO.File]::ReadAllBytes('<path to the .pfx>')) -Password (Read-Host -AsSecureString -Prompt 'PFX password')",
                OnlyInFile, change.Span, Install) { ObjectKey = key });
            if (certificate.Thumbprint is { } thumbprint)
            {
                foreach (var server in holders.DefaultIfEmpty(""))
                {
                    steps.Add(new PlanStep(PlanSide.ExchangeServer, StepPhase.Prepare, target, "enable for SMTP",
                        $"Enable-ExchangeCertificate -Thumbprint {PowerShellSyntax.Quote(thumbprint.Value)} -Services SMTP{(server.Length > 0 ? $" -Server {PowerShellSyntax.Quote(server)}" : "")}",
                        OnlyInFile, certificate.Thumbprint.Value.Span, s => s) { ObjectKey = key + "/enable" });
                }
            }

            return;
        }

        if (change.Section == "acceptedDomains" && desired.FindDomain(change.Name) is { } domain)
        {
            steps.Add(new PlanStep(PlanSide.Manual, StepPhase.Prepare, $"accepted domain '{change.Name}'", "add",
                "Add and verify the domain in the Microsoft 365 admin center (Settings > Domains); Exchange Online accepts it once it is verified.",
                OnlyInFile, change.Span, s => s.FindDomain(change.Name) is null ? s with { AcceptedDomains = s.AcceptedDomains.Add(domain) } : s) { ObjectKey = key });
            return;
        }

        if (Cmdlet(change.Section) is not var (side, noun) || Find(desired, change.Section, change.Name) is not { } created)
        {
            notes.Add(new PlanNote($"{Noun(change.Section)} '{change.Name}'", "is in the file but not in Exchange: a server is installed, not configured; no cmdlet makes it.", change.Span));
            return;
        }

        var parameters = new List<string> { $"-Name {PowerShellSyntax.Quote(change.Section == "receiveConnectors" ? change.Name[(change.Name.IndexOf('\\', StringComparison.Ordinal) + 1)..] : change.Name)}" };
        if (change.Section == "receiveConnectors")
        {
            parameters.Add($"-Server {PowerShellSyntax.Quote(change.Name[..change.Name.IndexOf('\\', StringComparison.Ordinal)])}");
            parameters.Add("-Usage Custom");
        }

        var grantsRelay = false;
        foreach (var property in change.Properties ?? [])
        {
            if (property.Key == "anonymousRelay")
            {
                grantsRelay = property.Want?.Scalar == "true";
                continue;
            }

            if (Parameter(property) is { } parameter && property.Want is { } want)
            {
                parameters.Add($"-{parameter} {(want.IsList ? PowerShellSyntax.List([.. want.Items.Select(i => i.Written)]) : PowerShellSyntax.Scalar(want.Scalar!))}");
            }
        }

        steps.Add(new PlanStep(side, StepPhase.Prepare, $"{Noun(change.Section)} '{change.Name}'", "create",
            $"New-{noun} {string.Join(" ", parameters)}", OnlyInFile, change.Span, s => Put(s, change.Section, change.Name, created)) { ObjectKey = key });
        if (grantsRelay)
        {
            steps.Add(Relay(change.Name, true, change.Span, s => s, key));
        }
    }

    private static PlanStep Relay(string identity, bool grant, SourceSpan span, Func<DesiredState, DesiredState> apply, string key) =>
        new(PlanSide.ExchangeServer, grant ? StepPhase.Change : StepPhase.Retire, $"receive connector '{identity}'", grant ? "grant anonymous relay" : "revoke anonymous relay",
            $"{(grant ? "Add" : "Remove")}-ADPermission -Identity {PowerShellSyntax.Quote(identity)} -User {PowerShellSyntax.Quote(AnonymousLogon)} -ExtendedRights {PowerShellSyntax.Quote(AcceptAnyRecipient)}{(grant ? "" : " -Confirm:$false")}",
            PropertyDrift, span, apply)
        { ObjectKey = $"receiveConnectors/{identity}" };

    /// <summary>The cmdlet parameter of a property; null for what no Set- cmdlet sets.</summary>
    private static string? Parameter(ConfigChange change) => change.Key switch
    {
        "verified" or "anonymousRelay" => null,
        "default" when change.Section == "acceptedDomains" => "MakeDefault",
        _ when change.Section is "servers" or "certificates" => null,
        _ => change.ExchangeProperty,
    };

    /// <summary>Lists whose items are added before and removed after the rest of a change: what a connector matches or where it sends.</summary>
    private static bool Splits(string section, string key) => (section, key) switch
    {
        ("inboundConnectors", "senderIPAddresses" or "senderDomains") => true,
        ("outboundConnectors", "recipientDomains" or "smartHosts") => true,
        ("sendConnectors", "addressSpaces" or "smartHosts" or "sourceTransportServers") => true,
        ("receiveConnectors", "remoteIPRanges") => true,
        _ => false,
    };

    private static void Modify(string section, string name, IReadOnlyList<ConfigChange> properties, DesiredState desired, DesiredState actual, List<PlanStep> steps, List<PlanNote> notes)
    {
        var target = section == "tenant" ? "tenant" : $"{Noun(section)} '{name}'";
        var key = $"{section}/{name}";
        if (section == "tenant")
        {
            foreach (var property in properties)
            {
                var cmdlet = property.Key == "rejectDirectSend" ? "Set-OrganizationConfig" : property.Key == "smtpClientAuthenticationDisabled" ? "Set-TransportConfig" : null;
                if (cmdlet is null || property.Want?.Scalar is not { } value)
                {
                    continue;
                }

                var tenant = desired.Tenant;
                steps.Add(new PlanStep(PlanSide.ExchangeOnline, StepPhase.Change, "tenant", $"set {property.ExchangeProperty}",
                    $"{cmdlet} -{property.ExchangeProperty} {PowerShellSyntax.Scalar(value)}", PropertyDrift, property.Span,
                    s => s with { Tenant = property.Key == "rejectDirectSend" ? s.Tenant with { RejectDirectSend = tenant.RejectDirectSend } : s.Tenant with { SmtpClientAuthenticationDisabled = tenant.SmtpClientAuthenticationDisabled } })
                { ObjectKey = key + "/" + property.Key });
            }

            return;
        }

        if (Cmdlet(section) is not var (side, noun) || Find(desired, section, name) is not { } wanted || Find(actual, section, name) is not { } held)
        {
            foreach (var property in properties)
            {
                notes.Add(new PlanNote(target, $"{property.ExchangeProperty} differs, and no cmdlet of the plan sets it: {(section == "certificates" ? "install the certificate the file describes" : "it is a fact of the server, changed where the server is")}.", property.Span));
            }

            return;
        }

        var identity = $"-Identity {PowerShellSyntax.Quote(name)}";
        var adds = new List<string>();
        var removes = new List<string>();
        var sets = new List<string>();
        var enable = false;
        var disable = false;
        var first = properties.OrderBy(p => p.Span.Line).ThenBy(p => p.Span.Column).First().Span;
        foreach (var property in properties)
        {
            if (property.Key == "verified")
            {
                notes.Add(new PlanNote(target, "verification is done in the Microsoft 365 admin center (Settings > Domains), not by a cmdlet.", property.Span));
                continue;
            }

            if (property.Key == "anonymousRelay")
            {
                var grant = property.Want?.Scalar == "true";
                steps.Add(Relay(name, grant, property.Span, s => Put(s, section, name, WithRelay(Find(s, section, name) ?? held, grant)), key));
                continue;
            }

            if (property.Key == "enabled")
            {
                enable = property.Want?.Scalar == "true";
                disable = !enable;
                continue;
            }

            var parameter = Parameter(property)!;
            if (Splits(section, property.Key!))
            {
                var want = property.Want?.Items ?? [];
                var have = property.Have?.Items ?? [];
                var added = want.Where(w => !have.Any(h => h.Canonical == w.Canonical)).Select(w => w.Written).ToList();
                var removed = have.Where(h => !want.Any(w => w.Canonical == h.Canonical)).Select(h => h.Written).ToList();
                if (added.Count > 0)
                {
                    adds.Add($"-{parameter} {PowerShellSyntax.AddRemove(added, [])}");
                }

                if (removed.Count > 0)
                {
                    removes.Add($"-{parameter} {PowerShellSyntax.AddRemove([], removed)}");
                }

                continue;
            }

            sets.Add($"-{parameter} {(property.Want is not { } value ? "$null" : value.IsList ? PowerShellSyntax.List([.. value.Items.Select(i => i.Written)]) : PowerShellSyntax.Scalar(value.Scalar!))}");
        }

        // The object through its phases: lists unioned while the change runs, the file's at the end.
        var widened = Union(section, held, held, wanted);
        var changed = Union(section, wanted, held, wanted);
        if (adds.Count > 0 || enable)
        {
            var enabling = enable ? " -Enabled $true" : "";
            steps.Add(new PlanStep(side, StepPhase.Prepare, target, adds.Count > 0 ? "add" : "enable", $"Set-{noun} {identity} {string.Join(" ", adds)}{enabling}".Replace("  ", " ", StringComparison.Ordinal),
                PropertyDrift, first, s => Put(s, section, name, enable ? WithEnabled(widened, true) : widened)) { ObjectKey = key });
        }

        if (sets.Count > 0)
        {
            var renamed = properties.Count == 1 && properties[0].Key == "tlsSenderCertificateName" && held is InboundConnector inbound
                && properties[0].Have?.Scalar is { } from && properties[0].Want?.Scalar is { } to
                ? (inbound, from, to) : ((InboundConnector, string, string)?)null;
            steps.Add(new PlanStep(side, StepPhase.Change, target, "set", $"Set-{noun} {identity} {string.Join(" ", sets)}",
                PropertyDrift, first, s => Put(s, section, name, enable ? WithEnabled(changed, true) : changed)) { ObjectKey = key, CertificateNameChange = renamed });
        }

        if (removes.Count > 0 || disable)
        {
            var disabling = disable ? " -Enabled $false" : "";
            steps.Add(new PlanStep(side, StepPhase.Retire, target, removes.Count > 0 ? "remove" : "disable", $"Set-{noun} {identity} {string.Join(" ", removes)}{disabling}".Replace("  ", " ", StringComparison.Ordinal),
                PropertyDrift, first, s => Put(s, section, name, wanted)) { ObjectKey = key });
        }
    }

    // ---- the model between steps ----

    private static object? Find(DesiredState state, string section, string name) => section switch
    {
        "sendConnectors" => state.SendConnectors.FirstOrDefault(c => Same(c.Name.Value, name)),
        "receiveConnectors" => state.ReceiveConnectors.FirstOrDefault(c => Same($"{c.Server.Value}\\{c.Name.Value}", name)),
        "inboundConnectors" => state.InboundConnectors.FirstOrDefault(c => Same(c.Name.Value, name)),
        "outboundConnectors" => state.OutboundConnectors.FirstOrDefault(c => Same(c.Name.Value, name)),
        "acceptedDomains" => state.FindDomain(name),
        _ => null,
    };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static ImmutableArray<T> Replace<T>(ImmutableArray<T> items, Func<T, bool> match, T item)
    {
        return items.Any(match) ? items.SetItem(items.Select((x, i) => (x, i)).First(p => match(p.x)).i, item) : items.Add(item);
    }

    private static DesiredState Put(DesiredState state, string section, string name, object item)
    {
        var onPremises = state.OnPremises ?? new OnPremises([], [], [], [], state.Span);
        var online = state.ExchangeOnline ?? new ExchangeOnline([], [], state.Span);
        return item switch
        {
            SendConnector c => state with { OnPremises = onPremises with { SendConnectors = Replace(onPremises.SendConnectors, x => Same(x.Name.Value, name), c) } },
            ReceiveConnector c => state with { OnPremises = onPremises with { ReceiveConnectors = Replace(onPremises.ReceiveConnectors, x => Same($"{x.Server.Value}\\{x.Name.Value}", name), c) } },
            InboundConnector c => state with { ExchangeOnline = online with { InboundConnectors = Replace(online.InboundConnectors, x => Same(x.Name.Value, name), c) } },
            OutboundConnector c => state with { ExchangeOnline = online with { OutboundConnectors = Replace(online.OutboundConnectors, x => Same(x.Name.Value, name), c) } },
            AcceptedDomain d => state with { AcceptedDomains = Replace(state.AcceptedDomains, x => Same(x.DomainName.Value, name), d) },
            _ => state,
        };
    }

    private static object WithEnabled(object item, bool enabled) => item switch
    {
        SendConnector c => c with { Enabled = c.Enabled with { Value = enabled } },
        ReceiveConnector c => c with { Enabled = c.Enabled with { Value = enabled } },
        InboundConnector c => c with { Enabled = c.Enabled with { Value = enabled } },
        OutboundConnector c => c with { Enabled = c.Enabled with { Value = enabled } },
        _ => item,
    };

    private static object WithRelay(object item, bool grant) =>
        item is ReceiveConnector c ? c with { AnonymousRelay = new Located<bool>(grant, c.AnonymousRelay?.Span ?? c.Name.Span) } : item;

    private static ImmutableArray<Located<string>> Both(ImmutableArray<Located<string>> a, ImmutableArray<Located<string>> b) =>
        [.. (a.IsDefault ? [] : a).Concat(b.IsDefault ? [] : b).DistinctBy(i => i.Value.Trim().ToLowerInvariant())];

    private static ImmutableArray<Located<IpRange>> Both(ImmutableArray<Located<IpRange>> a, ImmutableArray<Located<IpRange>> b) =>
        [.. (a.IsDefault ? [] : a).Concat(b.IsDefault ? [] : b).DistinctBy(i => i.Value.Text)];

    /// <summary><paramref name="target"/> with the lists a change widens first holding the items of both <paramref name="a"/> and <paramref name="b"/>.</summary>
    private static object Union(string section, object target, object a, object b) => (target, a, b) switch
    {
        (InboundConnector t, InboundConnector x, InboundConnector y) => t with { SenderIPAddresses = Both(x.SenderIPAddresses, y.SenderIPAddresses), SenderDomains = Both(x.SenderDomains, y.SenderDomains) },
        (OutboundConnector t, OutboundConnector x, OutboundConnector y) => t with { RecipientDomains = Both(x.RecipientDomains, y.RecipientDomains), SmartHosts = Both(x.SmartHosts, y.SmartHosts) },
        (SendConnector t, SendConnector x, SendConnector y) => t with { AddressSpaces = Both(x.AddressSpaces, y.AddressSpaces), SmartHosts = Both(x.SmartHosts, y.SmartHosts), SourceTransportServers = Both(x.SourceTransportServers, y.SourceTransportServers) },
        (ReceiveConnector t, ReceiveConnector x, ReceiveConnector y) => t with { RemoteIPRanges = Both(x.RemoteIPRanges, y.RemoteIPRanges) },
        _ => target,
    };
}
