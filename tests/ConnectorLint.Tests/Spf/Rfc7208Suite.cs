using System.Net;
using ConnectorLint.Dns;
using YamlDotNet.RepresentationModel;

namespace ConnectorLint.Tests.Spf;

/// <summary>One case of the openspf RFC 7208 test suite.</summary>
public sealed record SuiteCase(string Scenario, string Name, string Helo, string Host, string MailFrom, IReadOnlyList<string> Results, string? Explanation, string Spec)
{
    public override string ToString() => $"{Scenario} / {Name}";
}

public sealed record SuiteScenario(string Description, InMemoryDnsResolver Dns, string ZoneText, IReadOnlyList<SuiteCase> Cases);

/// <summary>
/// Reads rfc7208-tests.yml (kept unchanged, with its licence) the way the suite's own driver does:
/// SPF (type 99) entries are served as TXT unless the name has TXT entries of its own, TIMEOUT makes
/// every lookup of the name time out, and "NONE" is no record.
/// </summary>
public static class Rfc7208Suite
{
    private static readonly Lazy<IReadOnlyList<SuiteScenario>> Loaded = new(Load);

    public static IReadOnlyList<SuiteScenario> Scenarios => Loaded.Value;

    public static IEnumerable<object[]> CaseNames() =>
        Scenarios.SelectMany(s => s.Cases).Select(c => new object[] { c.Scenario, c.Name });

    public static (SuiteScenario Scenario, SuiteCase Case) Find(string scenario, string name)
    {
        var s = Scenarios.Single(x => x.Description == scenario);
        return (s, s.Cases.Single(c => c.Name == name));
    }

    private static IReadOnlyList<SuiteScenario> Load()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(TestPaths.Conformance("rfc7208-tests.yml")))
        {
            stream.Load(reader);
        }

        var scenarios = new List<SuiteScenario>();
        foreach (var document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            var description = Scalar(root, "description")!;
            var (dns, zoneText) = Zone(root.Children.TryGetValue(new YamlScalarNode("zonedata"), out var z) ? z as YamlMappingNode : null);
            var cases = new List<SuiteCase>();
            foreach (var (key, value) in ((YamlMappingNode)root["tests"]).Children)
            {
                var test = (YamlMappingNode)value;
                var result = test["result"];
                var results = result is YamlSequenceNode seq ? seq.Children.Select(n => ((YamlScalarNode)n).Value!).ToList() : [((YamlScalarNode)result).Value!];
                cases.Add(new SuiteCase(description, ((YamlScalarNode)key).Value!, Scalar(test, "helo") ?? "", Scalar(test, "host")!,
                    Scalar(test, "mailfrom") ?? "", results, Scalar(test, "explanation"), Scalar(test, "spec") ?? ""));
            }

            scenarios.Add(new SuiteScenario(description, dns, zoneText, cases));
        }

        return scenarios;
    }

    /// <summary>Names whose zone data holds TIMEOUT: a zone file cannot say "time out".</summary>
    public static HashSet<string> HasTimeout
    {
        get
        {
            _ = Scenarios;
            return TimeoutNames;
        }
    }

    private static readonly HashSet<string> TimeoutNames = new(StringComparer.OrdinalIgnoreCase);

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;

    /// <summary>The zone data both as an in-memory resolver and as an RFC 1035 master file (for the CLI and nsd).</summary>
    private static (InMemoryDnsResolver Dns, string ZoneText) Zone(YamlMappingNode? zonedata)
    {
        var dns = new InMemoryDnsResolver();
        var zone = new System.Text.StringBuilder();
        if (zonedata is null)
        {
            return (dns, "");
        }

        foreach (var (nameNode, entriesNode) in zonedata.Children)
        {
            var name = ((YamlScalarNode)nameNode).Value!;
            var entries = ((YamlSequenceNode)entriesNode).Children;
            dns.AddName(name);
            var hasTxt = entries.OfType<YamlMappingNode>().Any(e => e.Children.ContainsKey(new YamlScalarNode("TXT")));
            var answered = new HashSet<DnsRecordType>();
            foreach (var entry in entries)
            {
                // As the suite's driver does: TIMEOUT hits the types that no real record listed before it answers.
                if (entry is YamlScalarNode { Value: "TIMEOUT" })
                {
                    dns.AddTimeout(name, [.. answered]);
                    TimeoutNames.Add(name);
                    continue;
                }

                foreach (var (typeNode, value) in ((YamlMappingNode)entry).Children)
                {
                    var t = ((YamlScalarNode)typeNode).Value!;
                    if (value is not YamlScalarNode { Value: "NONE" } && !(t == "SPF" && hasTxt) && Enum.TryParse<DnsRecordType>(t == "SPF" ? "TXT" : t, out var recordType))
                    {
                        answered.Add(recordType);
                    }
                }

                foreach (var (typeNode, value) in ((YamlMappingNode)entry).Children)
                {
                    var type = ((YamlScalarNode)typeNode).Value!;
                    switch (type)
                    {
                        case "TXT" or "SPF":
                        {
                            if (type == "SPF" && hasTxt)
                            {
                                break;
                            }

                            if (value is YamlScalarNode { Value: "NONE" })
                            {
                                break;
                            }

                            var strings = value is YamlSequenceNode parts ? parts.Children.Select(p => ((YamlScalarNode)p).Value ?? "").ToList() : [((YamlScalarNode)value).Value ?? ""];
                            dns.Add(new TxtRecord(name, strings));
                            if (strings.Count == 0)
                            {
                                // A TXT record of no strings is illegal on the wire; a zone file cannot hold it.
                                break;
                            }

                            zone.Append(Owner(name)).Append(" TXT ").AppendJoin(' ', strings.Select(Quote)).Append('\n');
                            break;
                        }

                        case "A" or "AAAA":
                        {
                            var address = IPAddress.Parse(((YamlScalarNode)value).Value!);
                            dns.Add(new AddressRecord(name, address));
                            zone.Append(Owner(name)).Append($" {type} {address}\n");
                            break;
                        }

                        case "MX":
                        {
                            var pair = ((YamlSequenceNode)value).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
                            var preference = int.Parse(pair[0], System.Globalization.CultureInfo.InvariantCulture);
                            dns.Add(new MxRecordData(name, preference, pair[1]));
                            zone.Append(Owner(name)).Append($" MX {preference} {Owner(pair[1])}\n");
                            break;
                        }

                        case "PTR":
                            dns.Add(new PtrRecord(name, ((YamlScalarNode)value).Value!));
                            zone.Append(Owner(name)).Append($" PTR {Owner(((YamlScalarNode)value).Value!)}\n");
                            break;

                        case "CNAME":
                            dns.Add(new CnameRecord(name, ((YamlScalarNode)value).Value!));
                            zone.Append(Owner(name)).Append($" CNAME {Owner(((YamlScalarNode)value).Value!)}\n");
                            break;

                        default:
                            throw new InvalidOperationException($"unknown zonedata type {type}");
                    }
                }
            }
        }

        return (dns, zone.ToString());
    }

    private static string Owner(string name)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in Absolute(name))
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '*')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('\\').Append(((int)c).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    private static string Quote(string text)
    {
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || c > 0x7E)
            {
                foreach (var b in System.Text.Encoding.UTF8.GetBytes(c.ToString()))
                {
                    builder.Append('\\').Append(((int)b).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
