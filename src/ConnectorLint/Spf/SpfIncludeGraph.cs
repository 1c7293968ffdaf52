namespace ConnectorLint.Spf;

/// <summary>What an include or redirect leads to.</summary>
public enum SpfTargetKind
{
    /// <summary>One SPF record, parsed; its own includes are followed.</summary>
    Record,

    /// <summary>The name has no records at all (NXDOMAIN or no TXT): a void lookup.</summary>
    NoSuchName,

    /// <summary>The name answers, but with no SPF record.</summary>
    NoRecord,

    /// <summary>The name publishes more than one SPF record: permerror.</summary>
    SeveralRecords,

    /// <summary>Not known: a failed lookup, a domain the source does not hold, a record that does not parse.</summary>
    Unknown,

    /// <summary>A target with macros (%{d}): known only when a message is evaluated.</summary>
    Macro,
}

/// <summary>What a source answers for one domain's SPF.</summary>
public readonly record struct SpfLookup(SpfTargetKind Kind, string? Record = null)
{
    public static SpfLookup Unknown => new(SpfTargetKind.Unknown);

    /// <summary>From the TXT records a name publishes: the one SPF record, none, or several.</summary>
    public static SpfLookup FromTexts(IReadOnlyList<string> texts)
    {
        var spf = texts.Where(SpfParser.IsSpfRecord).ToList();
        return spf.Count switch
        {
            1 => new SpfLookup(SpfTargetKind.Record, spf[0]),
            0 => new SpfLookup(SpfTargetKind.NoRecord),
            _ => new SpfLookup(SpfTargetKind.SeveralRecords),
        };
    }
}

/// <summary>
/// One node of an SPF record's include graph: the term that led here (include:x, redirect=x), the
/// domain, what it holds, and where its own includes and redirect lead, in the record's order.
/// </summary>
/// <param name="Truncated">The domain is already on the path (a loop) or too deep: its record is not followed.</param>
public sealed record SpfGraphNode(
    string Term,
    string Domain,
    SpfTargetKind Kind,
    SpfRecord? Record,
    IReadOnlyList<SpfGraphNode> Children,
    SpfQualifier Qualifier = SpfQualifier.Pass,
    bool IsRedirect = false,
    bool Truncated = false)
{
    /// <summary>The DNS lookups this record itself needs (<see cref="SpfRecord.DnsLookupTerms"/>).</summary>
    public int Lookups => Record is null || Truncated ? 0 : Record.DnsLookupTerms.Count;
}

/// <summary>
/// The include graph of an SPF record, built once and read by everyone who follows includes: CL113
/// over the records of the desired state, drift's lookup count over live DNS. Records are parsed
/// without exceptions; loops and chains deeper than RFC 7208's limit stop.
/// </summary>
public static class SpfIncludeGraph
{
    /// <summary>How deep includes are followed; more than 10 lookups is a permerror anyway.</summary>
    public const int MaxDepth = SpfLimits.DnsLookups;

    public static Task<SpfGraphNode> BuildAsync(string domain, string record, Func<string, CancellationToken, ValueTask<SpfLookup>> lookup, CancellationToken cancellationToken = default) =>
        Replay.RunAsync<string, SpfLookup, SpfGraphNode>(ask => Build(domain, record, ask), lookup, cancellationToken);

    /// <summary>The graph over records at hand (the desired state): synchronous, nothing waited on.</summary>
    public static SpfGraphNode Build(string domain, string record, Func<string, SpfLookup> lookup)
    {
        var path = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return Node(domain, domain, new SpfLookup(SpfTargetKind.Record, record), SpfQualifier.Pass, false, 0, path, lookup);
    }

    private static SpfGraphNode Node(
        string term, string domain, SpfLookup found, SpfQualifier qualifier, bool isRedirect, int depth, HashSet<string> path,
        Func<string, SpfLookup> lookup)
    {
        if (found.Kind != SpfTargetKind.Record || !SpfParser.TryParse(found.Record!, out var parsed, out _))
        {
            return new SpfGraphNode(term, domain, found.Kind == SpfTargetKind.Record ? SpfTargetKind.Unknown : found.Kind, null, [], qualifier, isRedirect);
        }

        if (depth > MaxDepth || !path.Add(domain))
        {
            return new SpfGraphNode(term, domain, SpfTargetKind.Record, parsed, [], qualifier, isRedirect, Truncated: true);
        }

        var targets = parsed.Mechanisms
            .Where(m => m.Kind == SpfMechanismKind.Include)
            .Select(m => (m.Text, Spec: m.DomainSpec!, m.Qualifier, Redirect: false))
            .ToList();
        if (parsed.Redirect is { } redirect && parsed.All is null)
        {
            targets.Add((redirect.Text, redirect.Value, SpfQualifier.Pass, true));
        }

        var children = new List<SpfGraphNode>(targets.Count);
        foreach (var (text, spec, childQualifier, childRedirect) in targets)
        {
            if (spec.HasMacros)
            {
                children.Add(new SpfGraphNode(text, spec.Text, SpfTargetKind.Macro, null, [], childQualifier, childRedirect));
                continue;
            }

            var target = spec.Text.TrimEnd('.').ToLowerInvariant();
            children.Add(Node(text, target, lookup(target), childQualifier, childRedirect, depth + 1, path, lookup));
        }

        path.Remove(domain);
        return new SpfGraphNode(term, domain, SpfTargetKind.Record, parsed, children, qualifier, isRedirect);
    }

    /// <summary>
    /// Whether the record authorises what <paramref name="domain"/> authorises: by a pass include or a
    /// redirect, directly or through the records it reaches. Null when a branch cannot be followed.
    /// </summary>
    public static bool? Reaches(SpfGraphNode node, string domain)
    {
        var unknown = false;
        foreach (var child in node.Children.Where(c => c.IsRedirect || c.Qualifier == SpfQualifier.Pass))
        {
            if (child.Domain.Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (child.Kind == SpfTargetKind.Record && !child.Truncated)
            {
                var verdict = Reaches(child, domain);
                if (verdict == true)
                {
                    return true;
                }

                unknown |= verdict is null;
            }
            else
            {
                unknown = true;
            }
        }

        return unknown ? null : false;
    }
}
