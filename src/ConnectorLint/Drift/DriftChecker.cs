using ConnectorLint.Exchange;
using ConnectorLint.Dns;
using ConnectorLint.Model;
using ConnectorLint.Spf;

namespace ConnectorLint.Drift;

/// <summary>
/// Compares the desired state with what DNS answers: MX, SPF (by meaning, with the live lookup
/// tree), DMARC, the addresses of smart hosts and MX hosts, and check_host for egress addresses.
/// A lookup that fails is unknown (CL508), never drift.
/// </summary>
/// <param name="internalResolver">The organization's own DNS, for names only it can answer (--internal-dns-server).</param>
/// <param name="spfLimits">The RFC 7208 4.6.4 limits that live SPF is held to, and check_host runs under.</param>
public sealed class DriftChecker(IDnsResolver resolver, IDnsResolver? internalResolver = null, SpfEvaluatorOptions? spfLimits = null)
{
    private readonly IDnsResolver dns = resolver;
    private readonly SpfEvaluatorOptions limits = spfLimits ?? new SpfEvaluatorOptions();

    public sealed record Result(IReadOnlyList<DriftObservation> Observations, IReadOnlyList<DomainDrift> Domains);

    public async Task<Result> CheckAsync(DesiredState state, CancellationToken cancellationToken = default)
    {
        var observations = new List<DriftObservation>();
        var domainTasks = state.AcceptedDomains
            .Where(d => !d.DomainName.Value.StartsWith('*'))
            .Select(d => CheckDomainAsync(state, d, cancellationToken))
            .ToList();
        var hostTask = CheckHostsAsync(state, cancellationToken);
        var egressTask = CheckEgressAsync(state, cancellationToken);
        var domains = await Task.WhenAll(domainTasks).ConfigureAwait(false);
        var hosts = await hostTask.ConfigureAwait(false);
        observations.AddRange(domains.SelectMany(d => d.Observations));
        observations.AddRange(hosts.Observations);
        observations.AddRange(await egressTask.ConfigureAwait(false));

        var plans = domains.Select(d => d.Plan).ToList();
        if (hosts.Records.Count > 0)
        {
            plans.Add(new DomainDrift("(smart hosts and MX hosts)", hosts.Records));
        }

        return new Result(observations, plans);
    }

    private static DriftObservation Observe(DriftCheck check, SourceSpan span, string message, IEnumerable<string>? details = null) =>
        new(check, span, message, details?.ToList() ?? []);

    private static string Unknown(string what, DnsResponse response) =>
        response.Status == DnsStatus.NotHeld
            ? $"the zone files given do not hold the {what} name; the result is unknown, not drift. Give the zone file that holds it, or check against a DNS server."
            : $"the {what} lookup failed ({response.FailureReason}); the result is unknown, not drift. Check again, or check that the DNS server answers.";

    private async Task<(IReadOnlyList<DriftObservation> Observations, DomainDrift Plan)> CheckDomainAsync(DesiredState state, AcceptedDomain domain, CancellationToken cancellationToken)
    {
        var name = DnsName.Normalize(domain.DomainName.Value);
        var observations = new List<DriftObservation>();
        var records = new List<RecordDrift>();

        var mxTask = dns.QueryAsync(name, DnsRecordType.MX, cancellationToken).AsTask();
        var txtTask = dns.QueryAsync(name, DnsRecordType.TXT, cancellationToken).AsTask();
        var dmarcTask = domain.Dmarc is null ? null : dns.QueryAsync("_dmarc." + name, DnsRecordType.TXT, cancellationToken).AsTask();

        // MX: as sets, order-independent, case-insensitive, trailing dots ignored.
        var mxSpan = domain.MxSpan ?? domain.DomainName.Span;
        var desiredMx = domain.Mx.Select(m => (Host: DnsName.Normalize(m.Exchange.Value), Preference: m.PreferenceGiven ? m.Preference.Value : (int?)null)).ToList();
        var mx = await mxTask.ConfigureAwait(false);
        if (mx.IsFailure)
        {
            records.Add(new RecordDrift(name, "MX", RecordState.Unknown, desiredMx.Select(FormatMx).ToList(), [], "lookup failed"));
            observations.Add(Observe(DriftCheck.LookupFailed, mxSpan, $"MX of '{name}': {Unknown("MX", mx)}"));
        }
        else
        {
            var liveMx = mx.Of<MxRecordData>().Select(m => (Host: DnsName.Normalize(m.Exchange), Preference: (int?)m.Preference)).ToList();
            var missing = desiredMx.Where(d => !liveMx.Any(l => l.Host == d.Host && (d.Preference is null || d.Preference == l.Preference))).ToList();
            var extra = liveMx.Where(l => !desiredMx.Any(d => d.Host == l.Host && (d.Preference is null || d.Preference == l.Preference))).ToList();
            var inSync = missing.Count == 0 && extra.Count == 0;
            records.Add(new RecordDrift(name, "MX", inSync ? RecordState.InSync : RecordState.Drift, desiredMx.Select(FormatMx).ToList(), liveMx.Select(FormatMx).ToList())
            {
                OnlyLive = extra.Select(FormatMx).ToList(),
                OnlyDesired = missing.Select(FormatMx).ToList(),
            });
            if (!inSync && (desiredMx.Count > 0 || liveMx.Count > 0))
            {
                var parts = new List<string>();
                if (missing.Count > 0)
                {
                    parts.Add($"not published: {string.Join(", ", missing.Select(FormatMx))}");
                }

                if (extra.Count > 0)
                {
                    parts.Add($"published but not in the file: {string.Join(", ", extra.Select(FormatMx))}");
                }

                observations.Add(Observe(DriftCheck.MxDrift, mxSpan, $"the live MX set of '{name}' differs from the file ({string.Join("; ", parts)}). Publish the MX records the file lists, or update the file."));
            }
        }

        // SPF: the v=spf1 TXT records, compared by meaning.
        var txt = await txtTask.ConfigureAwait(false);
        var spfSpan = domain.Spf?.Span ?? domain.DomainName.Span;
        if (txt.IsFailure)
        {
            records.Add(new RecordDrift(name, "TXT (SPF)", RecordState.Unknown, domain.Spf is { } s0 ? [s0.Value] : [], [], "lookup failed"));
            observations.Add(Observe(DriftCheck.LookupFailed, spfSpan, $"SPF of '{name}': {Unknown("TXT", txt)}"));
        }
        else
        {
            var liveSpf = txt.Of<TxtRecord>().Select(r => r.Text).Where(SpfParser.IsSpfRecord).ToList();
            var desired = domain.Spf?.Value;
            if (liveSpf.Count > 1)
            {
                records.Add(new RecordDrift(name, "TXT (SPF)", RecordState.Drift, desired is null ? [] : [desired], liveSpf, "more than one SPF record"));
                observations.Add(Observe(DriftCheck.MultipleSpf, spfSpan,
                    $"'{name}' publishes {liveSpf.Count} SPF records live ({string.Join(" | ", liveSpf)}); RFC 7208 4.5 makes that a permerror at every receiver. Keep one."));
            }
            else if (desired is not null)
            {
                var live = liveSpf.FirstOrDefault();
                var same = live is not null && SpfMeaning(live) == SpfMeaning(desired);
                records.Add(new RecordDrift(name, "TXT (SPF)", same ? RecordState.InSync : RecordState.Drift, [desired], live is null ? [] : [live]));
                if (!same)
                {
                    observations.Add(Observe(DriftCheck.SpfDrift, spfSpan, live is null
                        ? $"'{name}' publishes no SPF record live; the file says \"{desired}\". Publish it."
                        : $"the live SPF record of '{name}' (\"{live}\") differs from the file (\"{desired}\"). Publish the reviewed record, or update the file."));
                }
            }

            if (liveSpf.Count == 1)
            {
                var tree = await new SpfLookupTree(dns, cancellationToken).BuildAsync(name, liveSpf[0]).ConfigureAwait(false);
                if (tree.Failed)
                {
                    observations.Add(Observe(DriftCheck.LookupFailed, spfSpan, $"counting the DNS lookups of '{name}' SPF: a lookup failed ({tree.FailedName}); the count is unknown."));
                }
                else if (tree.TotalLookups > limits.MaxDnsLookups || tree.TotalVoids > limits.MaxVoidLookups)
                {
                    observations.Add(Observe(DriftCheck.LiveLookupLimit, spfSpan,
                        $"counted live over every include and redirect, the SPF of '{name}' needs {tree.TotalLookups} DNS lookups (limit {limits.MaxDnsLookups}) and {tree.TotalVoids} void lookups (limit {limits.MaxVoidLookups}); receivers return permerror.",
                        tree.Render()));
                }
            }
        }

        if (dmarcTask is not null && domain.Dmarc is { } dmarc)
        {
            var response = await dmarcTask.ConfigureAwait(false);
            if (response.IsFailure)
            {
                records.Add(new RecordDrift("_dmarc." + name, "TXT (DMARC)", RecordState.Unknown, [dmarc.Value], [], "lookup failed"));
                observations.Add(Observe(DriftCheck.LookupFailed, dmarc.Span, $"DMARC of '{name}': {Unknown("TXT", response)}"));
            }
            else
            {
                var live = response.Of<TxtRecord>().Select(r => r.Text).Where(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)).ToList();
                var same = live.Count == 1 && DmarcMeaning(live[0]) == DmarcMeaning(dmarc.Value);
                records.Add(new RecordDrift("_dmarc." + name, "TXT (DMARC)", same ? RecordState.InSync : RecordState.Drift, [dmarc.Value], live));
                if (!same)
                {
                    observations.Add(Observe(DriftCheck.DmarcDrift, dmarc.Span, live.Count == 0
                        ? $"_dmarc.{name} publishes no DMARC record live; the file says \"{dmarc.Value}\". Publish it."
                        : $"the live DMARC record of '{name}' (\"{string.Join(" | ", live)}\") differs from the file (\"{dmarc.Value}\")."));
                }
            }
        }

        return (observations, new DomainDrift(name, records));
    }

    private static string FormatMx((string Host, int? Preference) mx) => mx.Preference is { } p ? $"{p} {mx.Host}" : mx.Host;

    /// <summary>Terms in order, lower case, an explicit '+' dropped: "v=spf1 +MX  -all" means "v=spf1 mx -all".</summary>
    public static string SpfMeaning(string record) =>
        string.Join(' ', record.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant().TrimStart('+')));

    /// <summary>Tags in order, whitespace and tag-name case ignored.</summary>
    public static string DmarcMeaning(string record) =>
        string.Join(';', record.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(tag =>
            {
                var eq = tag.IndexOf('=');
                return eq < 0 ? tag.ToLowerInvariant() : tag[..eq].Trim().ToLowerInvariant() + "=" + tag[(eq + 1)..].Trim();
            }));

    private async Task<(IReadOnlyList<DriftObservation> Observations, IReadOnlyList<RecordDrift> Records)> CheckHostsAsync(DesiredState state, CancellationToken cancellationToken)
    {
        var hosts = state.AcceptedDomains.SelectMany(d => d.Mx.Select(m => (m.Exchange, What: $"MX host of '{d.DomainName.Value}'")))
            .Concat(state.SendConnectors.SelectMany(c => c.SmartHosts.Select(h => (Exchange: h, What: $"smart host of send connector '{c.Name.Value}'"))))
            .Concat(state.OutboundConnectors.SelectMany(c => c.SmartHosts.Select(h => (Exchange: h, What: $"smart host of outbound connector '{c.Name.Value}'"))))
            .Where(h => !SmartHost.IsLiteral(h.Exchange.Value))
            .ToList();
        var records = new Dictionary<string, RecordDrift>(StringComparer.Ordinal);

        // A name only internal DNS knows (an Edge subscription's ex01.corp.contoso.local) is not the
        // internet's to answer: asked of the internal servers when given, else unknown, never drift.
        if (internalResolver is null)
        {
            foreach (var host in hosts.Where(h => SmartHost.IsInternalName(h.Exchange.Value)))
            {
                var name = DnsName.Normalize(host.Exchange.Value);
                records.TryAdd(name, new RecordDrift(name, "A/AAAA", RecordState.Unknown, ["(any address)"], [], "an internal name; give --internal-dns-server to check it"));
            }

            hosts = hosts.Where(h => !SmartHost.IsInternalName(h.Exchange.Value)).ToList();
        }

        var checks = hosts.Select(async h =>
        {
            var name = DnsName.Normalize(h.Exchange.Value);
            var asker = internalResolver is not null && SmartHost.IsInternalName(name) ? internalResolver : dns;
            var a = asker.QueryAsync(name, DnsRecordType.A, cancellationToken).AsTask();
            var aaaa = asker.QueryAsync(name, DnsRecordType.AAAA, cancellationToken).AsTask();
            return (Host: h, Name: name, A: await a.ConfigureAwait(false), Aaaa: await aaaa.ConfigureAwait(false));
        }).ToList();

        var observations = new List<DriftObservation>();
        foreach (var (host, name, a, aaaa) in await Task.WhenAll(checks).ConfigureAwait(false))
        {
            var addresses = a.Of<AddressRecord>().Concat(aaaa.Of<AddressRecord>()).Select(r => r.Address.ToString()).ToList();
            if (addresses.Count > 0)
            {
                records.TryAdd(name, new RecordDrift(name, "A/AAAA", RecordState.InSync, ["(any address)"], addresses));
            }
            else if (a.IsFailure || aaaa.IsFailure)
            {
                records.TryAdd(name, new RecordDrift(name, "A/AAAA", RecordState.Unknown, ["(any address)"], [], "lookup failed"));
                observations.Add(Observe(DriftCheck.LookupFailed, host.Exchange.Span, $"{host.What} '{name}': {Unknown("A/AAAA", a.IsFailure ? a : aaaa)}"));
            }
            else
            {
                records.TryAdd(name, new RecordDrift(name, "A/AAAA", RecordState.Drift, ["(any address)"], []));
                observations.Add(Observe(DriftCheck.Unresolvable, host.Exchange.Span,
                    $"{host.What} '{name}' has no A or AAAA record live ({(a.Status == DnsStatus.NxDomain ? "the name does not exist" : "no address records")}); mail to it queues and then bounces. Fix the name or publish its address."));
            }
        }

        return (observations, records.Values.ToList());
    }

    private async Task<IReadOnlyList<DriftObservation>> CheckEgressAsync(DesiredState state, CancellationToken cancellationToken)
    {
        var topology = MailFlowTopology.Of(state);
        var evaluator = new SpfEvaluator(dns, limits);
        var checks = new List<(Located<Net.IpRange> Address, string Domain, string Who)>();
        foreach (var connector in state.SendConnectors.Where(c => c.Enabled.Value && c.UsesDnsRouting))
        {
            foreach (var (server, address) in topology.EgressOf(connector).Where(e => e.Address.Value.Kind == Net.IpRangeKind.Address && !e.Address.Value.IsEntirelyPrivate))
            {
                foreach (var domain in state.AcceptedDomains.Where(d => d.Spf is not null && !d.DomainName.Value.StartsWith('*')))
                {
                    checks.Add((address, DnsName.Normalize(domain.DomainName.Value), $"egress of {server.Name.Value} (send connector '{connector.Name.Value}')"));
                }
            }
        }

        foreach (var sender in state.Senders.Where(s => s.SubmitTo.Value == SubmitTo.DirectSend && s.MailFrom is not null && !s.SourceIPAddress.Value.IsEntirelyPrivate))
        {
            checks.Add((sender.SourceIPAddress, DomainPattern.DomainOf(sender.MailFrom!.Value.Value), $"direct-send sender '{sender.Name.Value}'"));
        }

        var results = await Task.WhenAll(checks.Select(async c =>
        {
            var evaluation = await evaluator.CheckHostAsync(c.Address.Value.FirstAddress, c.Domain, "postmaster@" + c.Domain, c.Domain, cancellationToken).ConfigureAwait(false);
            return (Check: c, Evaluation: evaluation);
        })).ConfigureAwait(false);

        var observations = new List<DriftObservation>();
        foreach (var (check, evaluation) in results)
        {
            switch (evaluation.Result)
            {
                case SpfResult.Pass:
                    break;
                case SpfResult.TempError:
                    observations.Add(Observe(DriftCheck.LookupFailed, check.Address.Span, $"check_host({check.Address.Value}, {check.Domain}) for the {check.Who}: temperror ({evaluation.Problem}); the result is unknown."));
                    break;
                default:
                    observations.Add(Observe(DriftCheck.EgressFailsSpf, check.Address.Span,
                        $"{check.Address.Value} ({check.Who}) gets {evaluation.ResultName} from the live SPF of '{check.Domain}'{(evaluation.Problem is null ? "" : $" ({evaluation.Problem})")}; receivers reject that mail as spoofing. Authorise the address in the record."));
                    break;
            }
        }

        return observations;
    }
}

/// <summary>
/// The DNS lookups an SPF record needs, counted live and statically (every term, whichever IP):
/// the record's include graph over live DNS, with the void lookups of its a, mx and exists terms,
/// as a tree the admin can read.
/// </summary>
public sealed class SpfLookupTree(IDnsResolver dns, CancellationToken cancellationToken)
{
    private sealed record Node(string Label, int Lookups, int Voids, List<Node> Children)
    {
        public int TotalLookups => Lookups + Children.Sum(c => c.TotalLookups);

        public int TotalVoids => Voids + Children.Sum(c => c.TotalVoids);
    }

    private Node? root;

    public bool Failed { get; private set; }

    public string? FailedName { get; private set; }

    public int TotalLookups => root?.TotalLookups ?? 0;

    public int TotalVoids => root?.TotalVoids ?? 0;

    public async Task<SpfLookupTree> BuildAsync(string domain, string record)
    {
        var graph = await SpfIncludeGraph.BuildAsync(domain, record, LookUpSpfAsync, cancellationToken).ConfigureAwait(false);
        root = await CountAsync(graph).ConfigureAwait(false);
        return this;
    }

    private async ValueTask<SpfLookup> LookUpSpfAsync(string name, CancellationToken _)
    {
        var txt = await Query(name, DnsRecordType.TXT).ConfigureAwait(false);
        return txt.IsFailure ? SpfLookup.Unknown
            : IsVoid(txt) ? new SpfLookup(SpfTargetKind.NoSuchName)
            : SpfLookup.FromTexts([.. txt.Of<TxtRecord>().Select(r => r.Text)]);
    }

    /// <summary>A node's own lookups and voids: its a, mx and exists terms asked live; an include that leads nowhere is a void too.</summary>
    private async Task<Node> CountAsync(SpfGraphNode graph)
    {
        var node = new Node(graph.Term, graph.Lookups, 0, []);
        if (graph.Record is not { } record || graph.Truncated)
        {
            return node;
        }

        var voids = 0;
        foreach (var mechanism in record.Mechanisms.Where(m => m.QueriesDns))
        {
            var target = mechanism.DomainSpec is null ? graph.Domain : mechanism.DomainSpec.HasMacros ? null : DnsName.Normalize(mechanism.DomainSpec.Text);
            switch (mechanism.Kind)
            {
                case SpfMechanismKind.A when target is not null:
                {
                    var a = await Query(target, DnsRecordType.A).ConfigureAwait(false);
                    var aaaa = await Query(target, DnsRecordType.AAAA).ConfigureAwait(false);
                    voids += IsVoid(a) && IsVoid(aaaa) ? 1 : 0;
                    break;
                }

                case SpfMechanismKind.Mx when target is not null:
                    voids += IsVoid(await Query(target, DnsRecordType.MX).ConfigureAwait(false)) ? 1 : 0;
                    break;
                case SpfMechanismKind.Exists when target is not null:
                    voids += IsVoid(await Query(target, DnsRecordType.A).ConfigureAwait(false)) ? 1 : 0;
                    break;
            }
        }

        foreach (var child in graph.Children.Where(c => c.Kind != SpfTargetKind.Macro))
        {
            switch (child.Kind)
            {
                case SpfTargetKind.Record:
                    node.Children.Add(await CountAsync(child).ConfigureAwait(false));
                    break;
                case SpfTargetKind.NoSuchName:
                    voids++;
                    node.Children.Add(new Node($"{child.Term} -> no such name", 0, 0, []));
                    break;
                default:
                    // A failed lookup is reported on its own (CL508); here it adds nothing to count.
                    node.Children.Add(new Node($"{child.Term} -> {(child.Kind == SpfTargetKind.SeveralRecords ? "several SPF records" : "no SPF record")}", 0, 0, []));
                    break;
            }
        }

        return node with { Voids = voids };
    }

    private static bool IsVoid(DnsResponse response) => response.Status is DnsStatus.NxDomain or DnsStatus.NoData;

    private async Task<DnsResponse> Query(string name, DnsRecordType type)
    {
        var response = await dns.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
        if (response.IsFailure)
        {
            Failed = true;
            FailedName ??= $"{type} {name}";
        }

        return response;
    }

    /// <summary>The per-include tree, a line per node: which include brings how many lookups.</summary>
    public IReadOnlyList<string> Render()
    {
        var lines = new List<string>();
        void Write(Node node, int indent)
        {
            lines.Add(new string(' ', indent * 2) + node.Label
                + $": {node.TotalLookups} lookup{(node.TotalLookups == 1 ? "" : "s")}"
                + (node.TotalVoids > 0 ? $", {node.TotalVoids} void" : "")
                + (node.Children.Count > 0 ? $" ({node.Lookups} here)" : ""));
            foreach (var child in node.Children)
            {
                Write(child, indent + 1);
            }
        }

        if (root is not null)
        {
            Write(root, 1);
        }

        return lines;
    }
}
