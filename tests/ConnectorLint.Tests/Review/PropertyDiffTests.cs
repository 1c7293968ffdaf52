using ConnectorLint.Loading;
using ConnectorLint.Review;

namespace ConnectorLint.Tests.Review;

/// <summary>
/// What review lists as configuration changes, in Exchange's terms: each change's item (the tenant,
/// a connector by name, a domain's MX record), its property path, and the values before and after.
/// </summary>
public class PropertyDiffTests
{
    private static IReadOnlyList<string> Diff(string before, string after) =>
        [.. PropertyDiff.Compare(Tree(before), Tree(after)).Select(c => $"{c.Item} | {c.Property} | {c.Before ?? "-"} | {c.After ?? "-"} | {c.Span.Line}")];

    private static YamlNode Tree(string text) => YamlTreeReader.Read("f.yaml", text).Root!;

    [Fact]
    public void TheTenantIsItsOwnItem()
    {
        Assert.Equal(["tenant | rejectDirectSend | false | true | 3"],
            Diff("tenant:\n  name: contoso\n  rejectDirectSend: false\n", "tenant:\n  name: contoso\n  rejectDirectSend: true\n"));
        Assert.Equal(["tenant | rejectDirectSend | - | true | 3"],
            Diff("tenant:\n  name: contoso\n", "tenant:\n  name: contoso\n  rejectDirectSend: true\n"));
        Assert.Equal(["tenant | rejectDirectSend | true | - | 2"],
            Diff("tenant:\n  name: contoso\n  rejectDirectSend: true\n", "tenant:\n  name: contoso\n"));
    }

    [Fact]
    public void SectionsAreNotItemsTheirListsAre()
    {
        const string Before = "onPremises:\n  servers:\n    - name: EX01\n      fqdn: ex01.contoso.com\n";
        Assert.Equal(["server 'EX01' | fqdn | ex01.contoso.com | mail.contoso.com | 4"],
            Diff(Before, Before.Replace("fqdn: ex01.contoso.com", "fqdn: mail.contoso.com", StringComparison.Ordinal)));
        Assert.Equal(["file | site | - | a | 2"],
            Diff("exchangeOnline:\n  inboundConnectors: []\n", "exchangeOnline:\n  site: a\n  inboundConnectors: []\n"));
        Assert.Equal(["file | other.key | x | y | 2"], Diff("other:\n  key: x\n", "other:\n  key: y\n"));
        Assert.Equal(["tenant | name | a | b | 2"], Diff("tenant:\n  name: a\n", "tenant:\n  name: b\n"));
        Assert.Equal(["sender 'A' | tenant.name | a | b | 4"], Diff("senders:\n  - name: A\n    tenant:\n      name: a\n", "senders:\n  - name: A\n    tenant:\n      name: b\n"));
    }

    [Fact]
    public void ItemsMatchByNameNotPlace()
    {
        const string Before = "senders:\n  - name: A\n    port: 25\n  - name: B\n    port: 25\n";
        Assert.Empty(Diff(Before, "senders:\n  - name: B\n    port: 25\n  - name: A\n    port: 25\n"));
        Assert.Equal(["sender 'A' | port | 25 | 587 | 5", "sender 'C' |  | - | added | 6"],
            Diff(Before, "senders:\n  - name: B\n    port: 25\n  - name: A\n    port: 587\n  - name: C\n"));
        Assert.Equal(["sender 'A' | port | 25 | 587 | 3", "sender 'B' |  | present | - | 2"],
            Diff(Before, "senders:\n  - name: A\n    port: 587\n"));
    }

    [Fact]
    public void NestedItemsAndPropertiesNameTheirParents()
    {
        const string Before = "acceptedDomains:\n  - domainName: contoso.com\n    mx:\n      - exchange: a.example\n        preference: 0\n    extra:\n      deep: 1\n";
        var after = Before.Replace("preference: 0", "preference: 10", StringComparison.Ordinal).Replace("deep: 1", "deep: 2", StringComparison.Ordinal);
        Assert.Equal(["accepted domain 'contoso.com', MX record 'a.example' | preference | 0 | 10 | 5", "accepted domain 'contoso.com' | extra.deep | 1 | 2 | 7"],
            Diff(Before, after));
    }

    [Fact]
    public void RemovedAndAddedValuesAreWrittenOut()
    {
        Assert.Equal(["file | limits | {a: 1, b: [x, y]} | - | 1"], Diff("name: n\nlimits:\n  a: 1\n  b: [x, y]\n", "name: n\n"));
        Assert.Equal(["file | limits | - | {a: 1} | 3"], Diff("name: n\n", "name: n\nlimits:\n  a: 1\n"));
        Assert.Equal(["file | list | [a, b] | [a] | 1"], Diff("list: [a, b]\n", "list: [a]\n"));
    }

    [Fact]
    public void AnItemWithoutANameIsLeftOut()
    {
        Assert.Empty(Diff("senders:\n  - port: 25\n", "senders:\n  - port: 587\n"));
    }
}
