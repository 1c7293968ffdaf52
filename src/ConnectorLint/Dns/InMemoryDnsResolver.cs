namespace ConnectorLint.Dns;

/// <summary>
/// An authoritative view held in memory: what zone files load into, what tests build, and what the
/// offline rules answer from. Follows CNAMEs inside the data it holds.
/// </summary>
public sealed class InMemoryDnsResolver : IDnsResolver, IDnsAnswers
{
    private readonly Dictionary<string, List<DnsRecord>> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<DnsRecordType>> timeouts = new(StringComparer.Ordinal);
    private readonly HashSet<string> failures = new(StringComparer.Ordinal);

    public InMemoryDnsResolver Add(DnsRecord record)
    {
        var name = DnsName.Normalize(record.Name);
        if (!records.TryGetValue(name, out var list))
        {
            records[name] = list = [];
        }

        list.Add(record);
        return this;
    }

    /// <summary>Declares that a name exists (for names that hold only records of types not modelled).</summary>
    public InMemoryDnsResolver AddName(string name)
    {
        records.TryAdd(DnsName.Normalize(name), []);
        return this;
    }

    /// <summary>Lookups of this name time out, except for the types listed (a server that answers some types only).</summary>
    public InMemoryDnsResolver AddTimeout(string name, params DnsRecordType[] answered)
    {
        timeouts[DnsName.Normalize(name)] = [.. answered];
        return this;
    }

    /// <summary>Every lookup of this name gets SERVFAIL.</summary>
    public InMemoryDnsResolver AddServerFailure(string name)
    {
        failures.Add(DnsName.Normalize(name));
        return this;
    }

    public bool HasName(string name) => records.ContainsKey(DnsName.Normalize(name));

    /// <summary>
    /// Answers as zone files do: a name that is neither held nor below a held name is unknown
    /// (<see cref="DnsStatus.NotHeld"/>), not NXDOMAIN: a zone file that leaves out a domain says
    /// nothing about it.
    /// </summary>
    public bool HeldNamesOnly { get; set; }

    public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Answer(name, type));

    public DnsResponse Answer(string name, DnsRecordType type) => Query(DnsName.Normalize(name), type, 0);

    private bool IsBelowHeldName(string name)
    {
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0 && dot + 1 < name.Length; dot = name.IndexOf('.', dot + 1))
        {
            if (records.ContainsKey(name[(dot + 1)..]))
            {
                return true;
            }
        }

        return false;
    }

    private const int MaxCnameChain = 8;

    private DnsResponse Query(string name, DnsRecordType type, int depth)
    {
        if (timeouts.TryGetValue(name, out var answered) && !answered.Contains(type))
        {
            return DnsResponse.Timeout;
        }

        if (failures.Contains(name))
        {
            return DnsResponse.ServerFailure;
        }

        if (!records.TryGetValue(name, out var list))
        {
            // A name with no records of its own still exists when names below it do (an empty non-terminal).
            var suffix = "." + name;
            if (records.Keys.Any(k => k.EndsWith(suffix, StringComparison.Ordinal)))
            {
                return DnsResponse.NoData;
            }

            return HeldNamesOnly && !IsBelowHeldName(name) ? DnsResponse.NotHeld : DnsResponse.NxDomain;
        }

        var matches = list.Where(r => r.Type == type).ToList();
        if (matches.Count > 0)
        {
            return new DnsResponse(DnsStatus.Ok, matches);
        }

        if (type != DnsRecordType.CNAME && list.OfType<CnameRecord>().FirstOrDefault() is { } cname)
        {
            // A loop or an over-long chain has no answer; a resolver says SERVFAIL, so the result is unknown.
            return depth >= MaxCnameChain ? DnsResponse.ServerFailure : Query(DnsName.Normalize(cname.Target), type, depth + 1);
        }

        return DnsResponse.NoData;
    }
}
