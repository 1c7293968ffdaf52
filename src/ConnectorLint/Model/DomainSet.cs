using System.Collections.Immutable;

namespace ConnectorLint.Model;

/// <summary>
/// A list of domain patterns (a connector's senderDomains or recipientDomains) parsed once: exact
/// names in one hash table, wildcards by the domain they cover in another. A question walks the
/// name's labels, so it costs the labels of the name, not the length of the list: the Hybrid
/// Configuration Wizard lists every accepted domain, and a rule that asks for each accepted domain
/// must not pay the square of it.
/// </summary>
public sealed class DomainSet
{
    private readonly Dictionary<string, int> exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> wildcards = new(StringComparer.Ordinal);
    private readonly int everything = -1;

    public DomainSet(ImmutableArray<Located<string>> entries)
    {
        Entries = entries.IsDefault ? [] : entries;
        for (var i = 0; i < Entries.Length; i++)
        {
            var pattern = DomainPattern.Parse(Entries[i].Value);
            if (pattern.Type != "SMTP")
            {
                continue;
            }

            if (pattern.IsEverything)
            {
                everything = everything < 0 ? i : everything;
            }
            else if (pattern.Pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.TryAdd(pattern.Pattern[2..], i);
            }
            else
            {
                exact.TryAdd(pattern.Pattern, i);
            }
        }
    }

    public ImmutableArray<Located<string>> Entries { get; }

    public bool Covers(string domain) => MostSpecific(domain) is not null;

    /// <summary>
    /// The entry that covers <paramref name="domain"/> most specifically, as Exchange chooses: the name
    /// itself, then the wildcard of the nearest domain above it, then "*"; null when none covers it.
    /// With <paramref name="withoutEverything"/>, "*" does not count.
    /// </summary>
    public Located<string>? MostSpecific(string domain, bool withoutEverything = false)
    {
        var index = IndexOf(domain, withoutEverything);
        return index < 0 ? null : Entries[index];
    }

    /// <summary>The specificity of the covering entry (<see cref="DomainPattern.Specificity"/>), or -1 when none covers it.</summary>
    public int Specificity(string domain)
    {
        var index = IndexOf(domain, false);
        return index < 0 ? -1 : DomainPattern.Parse(Entries[index].Value).Specificity;
    }

    private int IndexOf(string domain, bool withoutEverything)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        if (exact.TryGetValue(name, out var found))
        {
            return found;
        }

        // "*.contoso.com" covers contoso.com itself and every name below it.
        for (var rest = name; rest.Length > 0;)
        {
            if (wildcards.TryGetValue(rest, out found))
            {
                return found;
            }

            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            rest = dot < 0 ? "" : rest[(dot + 1)..];
        }

        return withoutEverything ? -1 : everything;
    }
}
