using ConnectorLint.Dns;

namespace ConnectorLint.Tests.Dns;

/// <summary>With no server there, a run stops asking after the first few lookups instead of waiting out every timeout.</summary>
public sealed class CountingDnsResolverTests
{
    private sealed class Silent : IDnsResolver
    {
        public int Asked;

        public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Asked);
            return ValueTask.FromResult(DnsResponse.Timeout);
        }
    }

    [Fact]
    public async Task After_the_first_lookups_all_fail_the_rest_fail_without_asking()
    {
        var silent = new Silent();
        var counting = new CountingDnsResolver(silent, concurrency: 1);

        for (var i = 0; i < 50; i++)
        {
            Assert.True((await counting.QueryAsync($"n{i}.example", DnsRecordType.MX)).IsFailure);
        }

        Assert.Equal(CountingDnsResolver.GiveUpAfter, silent.Asked);
        Assert.Equal((50, 50), (counting.Queries, counting.Failures));
    }

    [Fact]
    public async Task One_answer_among_the_first_keeps_every_lookup_asked()
    {
        var zone = new InMemoryDnsResolver().Add(new MxRecordData("contoso.com", 0, "mx.contoso.com"));
        for (var i = 0; i < 20; i++)
        {
            zone.AddTimeout($"n{i}.example");
        }

        var counting = new CountingDnsResolver(zone, concurrency: 1);

        Assert.False((await counting.QueryAsync("contoso.com", DnsRecordType.MX)).IsFailure);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(DnsStatus.Timeout, (await counting.QueryAsync($"n{i}.example", DnsRecordType.MX)).Status);
        }

        Assert.False(counting.GaveUp);
    }
}
