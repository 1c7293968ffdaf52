using System.Net;
using ConnectorLint.Dns;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>
/// One check_host() core: synchronous over answers at hand (the desired state), replayed over live
/// DNS as answers arrive. Both give the same evaluation on every case of RFC 7208's suite; the replay
/// asks each question once, and passes on cancellation and a resolver's own failure.
/// </summary>
public class SpfSynchronousCoreTests
{
    /// <summary>Answers from the suite's zone, counting each question and answering only after a yield, as the network does.</summary>
    private sealed class Wire(InMemoryDnsResolver zone) : IDnsResolver
    {
        public List<(string Name, DnsRecordType Type)> Asked { get; } = [];

        public async ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            Asked.Add((name, type));
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            return zone.Answer(name, type);
        }
    }

    [Fact]
    public async Task EveryCaseOfTheSuiteEvaluatesTheSameBothWays()
    {
        var compared = 0;
        foreach (var scenario in Rfc7208Suite.Scenarios)
        {
            foreach (var test in scenario.Cases)
            {
                var ip = IPAddress.Parse(test.Host);
                var options = new SpfEvaluatorOptions { Now = DateTimeOffset.UnixEpoch };
                var direct = SpfEvaluator.CheckMailFrom(scenario.Dns, ip, test.MailFrom, test.Helo, options);
                var wire = new Wire(scenario.Dns);
                var replayed = await new SpfEvaluator(wire, options).CheckMailFromAsync(ip, test.MailFrom, test.Helo);
                Assert.Equal((direct.Result, direct.Explanation, direct.Problem, direct.Lookups, direct.VoidLookups), (replayed.Result, replayed.Explanation, replayed.Problem, replayed.Lookups, replayed.VoidLookups));
                Assert.Equal(direct.Chain, replayed.Chain);
                Assert.Equal(wire.Asked.Count, wire.Asked.Distinct().Count());
                compared++;
            }
        }

        Assert.True(compared > 200, $"only {compared} cases compared");
    }

    [Fact]
    public async Task TheSameNameTwiceIsAskedOnce()
    {
        var zone = new InMemoryDnsResolver()
            .Add(new TxtRecord("example.com", ["v=spf1 include:_spf.example.com include:_spf.example.com -all"]))
            .Add(new TxtRecord("_spf.example.com", ["v=spf1 ip4:192.0.2.1 -all"]));
        var wire = new Wire(zone);
        var evaluation = await new SpfEvaluator(wire).CheckHostAsync(IPAddress.Parse("198.51.100.7"), "example.com", "a@example.com", "example.com");
        Assert.Equal((SpfResult.Fail, 2), (evaluation.Result, evaluation.Lookups));
        Assert.Equal([("example.com", DnsRecordType.TXT), ("_spf.example.com", DnsRecordType.TXT)], wire.Asked);
    }

    [Fact]
    public async Task CancellationAndAResolversFailurePassThrough()
    {
        var zone = new InMemoryDnsResolver().Add(new TxtRecord("example.com", ["v=spf1 mx -all"]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new SpfEvaluator(new Wire(zone)).CheckHostAsync(IPAddress.Loopback, "example.com", "a@example.com", "example.com", cancelled.Token));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new SpfEvaluator(new Failing()).CheckHostAsync(IPAddress.Loopback, "example.com", "a@example.com", "example.com"));
        Assert.Equal("the resolver broke", failure.Message);
    }

    [Fact]
    public async Task TheIncludeGraphIsTheSameBothWays()
    {
        var zone = new InMemoryDnsResolver()
            .Add(new TxtRecord("a.example", ["v=spf1 include:b.example redirect=c.example"]))
            .Add(new TxtRecord("b.example", ["v=spf1 include:a.example ~all"]))
            .Add(new TxtRecord("c.example", ["v=spf1 ip4:192.0.2.0/24 -all"]));
        static SpfLookup Of(DnsResponse txt) => txt.IsFailure ? SpfLookup.Unknown : SpfLookup.FromTexts([.. txt.Of<TxtRecord>().Select(t => t.Text)]);
        var record = "v=spf1 include:a.example include:missing.example -all";
        var direct = SpfIncludeGraph.Build("root.example", record, name => Of(zone.Answer(name, DnsRecordType.TXT)));
        var asked = new List<string>();
        var replayed = await SpfIncludeGraph.BuildAsync("root.example", record, async (name, token) =>
        {
            asked.Add(name);
            await Task.Yield();
            return Of(zone.Answer(name, DnsRecordType.TXT));
        });
        Assert.Equal(Describe(direct), Describe(replayed));
        Assert.Equal("root.example[a.example[b.example[a.example(truncated)] c.example] missing.example(NoRecord)]", Describe(direct));
        Assert.Equal(["a.example", "b.example", "c.example", "missing.example"], asked);
    }

    private static string Describe(SpfGraphNode node) =>
        node.Domain + (node.Truncated ? "(truncated)" : node.Kind != SpfTargetKind.Record ? $"({node.Kind})" : "")
        + (node.Children.Count == 0 ? "" : "[" + string.Join(" ", node.Children.Select(Describe)) + "]");

    private sealed class Failing : IDnsResolver
    {
        public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the resolver broke");
    }
}
