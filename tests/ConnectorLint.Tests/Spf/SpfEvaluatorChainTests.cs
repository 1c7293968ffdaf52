using System.Net;
using ConnectorLint.Dns;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>The chain of terms that decided a check_host result, step by step: what `spf check` shows an admin.</summary>
public class SpfEvaluatorChainTests
{
    private static InMemoryDnsResolver Dns() => new InMemoryDnsResolver()
        .Add(new TxtRecord("contoso.com", ["v=spf1 ip4:192.0.2.0/24 include:_spf.contoso.com redirect=_base.contoso.com"]))
        .Add(new TxtRecord("_spf.contoso.com", ["v=spf1 a:mail.contoso.com -all"]))
        .Add(new AddressRecord("mail.contoso.com", IPAddress.Parse("198.51.100.10")))
        .Add(new TxtRecord("_base.contoso.com", ["v=spf1 mx ~all"]))
        .Add(new MxRecordData("_base.contoso.com", 10, "mx.contoso.com"))
        .Add(new AddressRecord("mx.contoso.com", IPAddress.Parse("203.0.113.5")));

    private static async Task<SpfEvaluation> Check(string ip) =>
        await new SpfEvaluator(Dns()).CheckHostAsync(IPAddress.Parse(ip), "contoso.com", "app@contoso.com", "contoso.com");

    private static string[] Steps(SpfEvaluation evaluation) =>
        [.. evaluation.Chain.Select(s => $"{s.Depth} {s.Domain} '{s.Term}' {s.Outcome}")];

    [Fact]
    public async Task AMatchThroughAnIncludeShowsEveryStep()
    {
        var evaluation = await Check("198.51.100.10");
        Assert.Equal(SpfResult.Pass, evaluation.Result);
        Assert.Equal(
            [
                "0 contoso.com 'ip4:192.0.2.0/24' no match",
                "0 contoso.com 'include:_spf.contoso.com' checking _spf.contoso.com",
                "1 _spf.contoso.com 'a:mail.contoso.com' matched: pass",
                "0 contoso.com 'include:_spf.contoso.com' matched: pass",
            ],
            Steps(evaluation));
        Assert.Equal((2, 0), (evaluation.Lookups, evaluation.VoidLookups));
    }

    [Fact]
    public async Task NoMatchFollowsTheRedirectAndSaysSo()
    {
        var evaluation = await Check("203.0.113.5");
        Assert.Equal(SpfResult.Pass, evaluation.Result);
        Assert.Contains("0 contoso.com 'redirect=_base.contoso.com' redirect to _base.contoso.com", Steps(evaluation));
        Assert.Contains("1 _base.contoso.com 'mx' matched: pass", Steps(evaluation));

        var other = await Check("192.0.2.200");
        Assert.Equal(SpfResult.Pass, other.Result);
        Assert.Equal(["0 contoso.com 'ip4:192.0.2.0/24' matched: pass"], Steps(other));

        var stranger = await Check("233.252.0.1");
        Assert.Equal(SpfResult.SoftFail, stranger.Result);
        Assert.Equal("1 _base.contoso.com '~all' matched: softfail", Steps(stranger)[^1]);
        Assert.Null(stranger.Explanation);
    }

    [Fact]
    public async Task ADomainWithoutARecordOrANameThatIsNoDomainSaysNone()
    {
        var none = await new SpfEvaluator(Dns()).CheckHostAsync(IPAddress.Parse("192.0.2.1"), "fabrikam.com", "a@fabrikam.com", "fabrikam.com");
        Assert.Equal((SpfResult.None, "0 fabrikam.com '' no SPF record: none"), (none.Result, Steps(none).Single()));

        var single = await new SpfEvaluator(Dns()).CheckHostAsync(IPAddress.Parse("192.0.2.1"), "localhost", "a@localhost", "localhost");
        Assert.Equal((SpfResult.None, "0 localhost '' not a valid multi-label domain: none"), (single.Result, Steps(single).Single()));
    }
}
