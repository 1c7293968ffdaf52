using ConnectorLint.Loading;
using ConnectorLint.Model;

namespace ConnectorLint.Review;

/// <summary>
/// The configuration diff of two YAML trees in Exchange's terms. Items of the format's lists are
/// matched by their name (domainName for accepted domains, exchange for MX records), not by their
/// place, so reordering is no change. An added item is one change with no Before; a removed one,
/// one with no After, at the head's position of the list that held it.
/// </summary>
internal static class PropertyDiff
{
    private static readonly Dictionary<string, string> Items = new(StringComparer.Ordinal)
    {
        ["acceptedDomains"] = "accepted domain",
        ["servers"] = "server",
        ["certificates"] = "certificate",
        ["sendConnectors"] = "send connector",
        ["receiveConnectors"] = "receive connector",
        ["inboundConnectors"] = "inbound connector",
        ["outboundConnectors"] = "outbound connector",
        ["senders"] = "sender",
        ["mx"] = "MX record",
    };

    private static readonly string[] IdentityKeys = ["name", "domainName", "exchange"];

    public static IReadOnlyList<PropertyChange> Compare(YamlNode before, YamlNode after)
    {
        var changes = new List<PropertyChange>();
        Walk(before, after, "file", "", changes);
        return changes;
    }

    private static void Walk(YamlNode before, YamlNode after, string item, string property, List<PropertyChange> changes)
    {
        switch (before, after)
        {
            case (YamlMapping b, YamlMapping a):
                foreach (var entry in a.Entries)
                {
                    var key = entry.Key.Value;
                    var was = b.Find(key);
                    if (Items.TryGetValue(key, out var kind) && entry.Value is YamlSequence list && was?.Value is YamlSequence or null)
                    {
                        WalkItems(was?.Value as YamlSequence, list, kind, item, changes);
                    }
                    else if (was is null)
                    {
                        changes.Add(new PropertyChange(item, Join(property, key), null, Render(entry.Value), entry.Value.Span));
                    }
                    else
                    {
                        var (nextItem, nextProperty) = property.Length == 0 && item == "file" && key == "tenant" ? ("tenant", "")
                            : property.Length == 0 && item == "file" && key is "onPremises" or "exchangeOnline" ? ("file", "")
                            : (item, Join(property, key));
                        Walk(was.Value.Value, entry.Value, nextItem, nextProperty, changes);
                    }
                }

                foreach (var gone in b.Entries.Where(e => a.Find(e.Key.Value) is null))
                {
                    changes.Add(new PropertyChange(item, Join(property, gone.Key.Value), Render(gone.Value), null, a.Span));
                }

                break;
            case (YamlScalar b, YamlScalar a) when b.Value == a.Value && b.Kind == a.Kind:
                break;
            default:
                var (from, to) = (Render(before), Render(after));
                if (from != to)
                {
                    changes.Add(new PropertyChange(item, property, from, to, after.Span));
                }

                break;
        }
    }

    private static void WalkItems(YamlSequence? before, YamlSequence after, string kind, string parent, List<PropertyChange> changes)
    {
        string Label(string id) => parent == "file" ? $"{kind} '{id}'" : $"{parent}, {kind} '{id}'";
        var old = (before?.Items ?? []).Select(Identity).Where(p => p.Id is not null).GroupBy(p => p.Id!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Node, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, node) in after.Items.Select(Identity))
        {
            if (id is null)
            {
                continue;
            }

            if (old.Remove(id, out var was))
            {
                Walk(was, node, Label(id), "", changes);
            }
            else
            {
                changes.Add(new PropertyChange(Label(id), "", null, "added", node.Span));
            }
        }

        foreach (var id in (before?.Items ?? []).Select(Identity).Select(p => p.Id).OfType<string>().Where(old.ContainsKey).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            changes.Add(new PropertyChange(Label(id), "", "present", null, after.Span));
        }
    }

    private static (string? Id, YamlNode Node) Identity(YamlNode node) =>
        (node is YamlMapping mapping ? IdentityKeys.Select(k => mapping.Find(k)?.Value).OfType<YamlScalar>().FirstOrDefault()?.Value : null, node);

    private static string Join(string property, string key) => property.Length == 0 ? key : property + "." + key;

    private static string Render(YamlNode node) => node switch
    {
        YamlScalar s => s.Value,
        YamlSequence q => "[" + string.Join(", ", q.Items.Select(Render)) + "]",
        YamlMapping m => "{" + string.Join(", ", m.Entries.Select(e => e.Key.Value + ": " + Render(e.Value))) + "}",
        _ => "",
    };
}
