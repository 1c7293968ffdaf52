using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>What `spf lint` and CL111-CL116 say about a record offline: each problem, where, how severe, in the admin's words.</summary>
public class SpfRecordLintTests
{
    private static string Issues(string record) =>
        string.Join("\n", SpfRecordLint.Check(record, out _).Select(i => $"{i.Problem} {i.Severity} {i.Column}+{i.Length}: {i.Message}"));

    /// <summary>RFC 7208 6.1: a redirect beside 'all' is never followed, so it costs no lookup; without 'all' it is the eleventh.</summary>
    [Theory]
    [InlineData("v=spf1 a a a a a a a a a a redirect=x.example -all", 10, false)]
    [InlineData("v=spf1 a a a a a a a a a a redirect=x.example", 11, true)]
    [InlineData("v=spf1 a a a a a a a a a redirect=x.example", 10, false)]
    public void ARedirectCostsALookupOnlyWhereItIsUsed(string record, int lookups, bool cl112)
    {
        var issues = SpfRecordLint.Check(record, out var parsed);

        Assert.Equal(lookups, parsed!.DnsLookupTerms.Count);
        Assert.Equal(lookups, new SpfGraphNode("x.example", "x.example", SpfTargetKind.Record, parsed, []).Lookups);
        Assert.Equal(cl112, issues.Any(i => i.Problem == SpfProblem.LookupTerms));
    }

    [Fact]
    public void EveryKindOfProblem()
    {
        string[] records =
        [
            "v=spf1 ip4:300.1.1.1 -all",
            "v=spf1 +all",
            "v=spf1 ?all",
            "v=spf1 ip4:192.0.2.1",
            "v=spf1 ptr -all",
            "v=spf1 a mx include:a.example include:b.example exists:c.example a:d.example mx:e.example include:f.example include:g.example include:h.example include:i.example -all",
            "v=spf1 a mx include:a.example include:b.example exists:c.example a:d.example mx:e.example include:f.example include:g.example -all",
            "v=spf1 ip4:192.0.2.1 redirect=_spf.example.com",
            "v=spf1 ip4:192.0.2.1 -all",
        ];
        WholeOutputSnapshot.Match(string.Join("\n\n", records.Select(r => $"{r}\n{Issues(r)}")));
    }

    [Fact]
    public void TenLookupTermsAreAllowedAndElevenAreNot()
    {
        var ten = "v=spf1 " + string.Join(' ', Enumerable.Range(1, 10).Select(i => $"include:i{i}.example")) + " -all";
        var eleven = "v=spf1 " + string.Join(' ', Enumerable.Range(1, 11).Select(i => $"include:i{i}.example")) + " -all";
        Assert.DoesNotContain(SpfRecordLint.Check(ten, out _), i => i.Problem == SpfProblem.LookupTerms);
        Assert.Contains(SpfRecordLint.Check(eleven, out _), i => i.Problem == SpfProblem.LookupTerms);
    }
}
