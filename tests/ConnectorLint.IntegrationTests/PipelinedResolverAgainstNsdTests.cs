using ConnectorLint.Dns;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// The pipelined UDP resolver against a real nsd: every answer equals the zone file's (and DnsClient's,
/// which only writes A-labels differently), for every type, including NXDOMAIN, NODATA, answers with
/// several records, a punycode name and an answer too large for UDP.
/// </summary>
public class PipelinedResolverAgainstNsdTests(NsdFixture nsd) : IClassFixture<NsdFixture>
{
    private static readonly string[] Names =
    [
        "insync.drift.test", "mx.insync.drift.test", "_dmarc.insync.drift.test", "mxdrift.drift.test",
        "twospf.drift.test", "c1.drift.test", "big.drift.test", "missing.drift.test", "ns.drift.test",
        "MXDrift.Drift.Test.", "xn--zckzah.drift.test",
    ];

    private LiveDnsOptions Options => new() { Servers = [LiveDnsOptions.ParseServer(nsd.Server.Endpoint)], Timeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task EveryAnswerEqualsDnsClientsAndTheZoneFiles()
    {
        var zone = ZoneFile.Load([Path.Combine(AppContext.BaseDirectory, "Zones", "drift.test.zone")]);
        var dnsClient = new LiveDnsResolver(Options);
        using var pipelined = new PipelinedDnsResolver(Options, new FailingResolver());
        var compared = 0;
        foreach (var name in Names)
        {
            foreach (var type in Enum.GetValues<DnsRecordType>())
            {
                if (name.StartsWith("big", StringComparison.Ordinal) && type == DnsRecordType.TXT)
                {
                    // Truncated over UDP: the pipelined resolver hands the question to its fallback.
                    await Assert.ThrowsAsync<FallbackUsed>(async () => await pipelined.QueryAsync(name, type));
                    continue;
                }

                var expected = Describe(await zone.QueryAsync(name, type));
                Assert.Equal(expected, Describe(await pipelined.QueryAsync(name, type)));

                // DnsClient turns an A-label owner (xn--...) into Unicode; names stay as written here.
                if (!name.StartsWith("xn--", StringComparison.Ordinal))
                {
                    Assert.Equal(expected, Describe(await dnsClient.QueryAsync(name, type)));
                }

                compared++;
            }
        }

        Assert.True(compared > 50, $"only {compared} questions compared");
    }

    [Fact]
    public async Task ATruncatedAnswerIsAskedAgainThroughDnsClientOverTcp()
    {
        using var pipelined = new PipelinedDnsResolver(Options, new LiveDnsResolver(Options));
        var response = await pipelined.QueryAsync("big.drift.test", DnsRecordType.TXT);
        var record = Assert.IsType<TxtRecord>(Assert.Single(response.Records));
        Assert.Equal(7 * 250, record.Text.Length);
    }

    [Fact]
    public async Task ManyQueriesInFlightAreEachMatchedToTheirOwnAnswer()
    {
        using var pipelined = new PipelinedDnsResolver(Options, new FailingResolver());
        var questions = Enumerable.Range(0, 400).Select(i => (Name: Names[i % 6], Type: (DnsRecordType)(i % 4))).ToList();
        var answers = await Task.WhenAll(questions.Select(q => pipelined.QueryAsync(q.Name, q.Type).AsTask()));
        var zone = ZoneFile.Load([Path.Combine(AppContext.BaseDirectory, "Zones", "drift.test.zone")]);
        for (var i = 0; i < questions.Count; i++)
        {
            Assert.Equal(Describe(await zone.QueryAsync(questions[i].Name, questions[i].Type)), Describe(answers[i]));
        }
    }

    [Fact]
    public async Task NobodyListeningIsAFailureNotAnAbsence()
    {
        var silent = new LiveDnsOptions { Servers = [LiveDnsOptions.ParseServer($"127.0.0.1:{NsdServer.FreePort()}")], Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 };
        using var pipelined = new PipelinedDnsResolver(silent, new FailingResolver());
        var response = await pipelined.QueryAsync("insync.drift.test", DnsRecordType.MX);
        Assert.True(response.IsFailure, response.Status.ToString());
    }

    [Fact]
    public async Task AServerThatNeverAnswersTimesOutWithinTimeoutTimesAttempts()
    {
        // A bound UDP socket that reads nothing: no answer and no ICMP error, only the clock ends it.
        using var blackHole = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var endpoint = (System.Net.IPEndPoint)blackHole.Client.LocalEndPoint!;
        var options = new LiveDnsOptions { Servers = [endpoint], Timeout = TimeSpan.FromMilliseconds(200), Retries = 1 };
        using var pipelined = new PipelinedDnsResolver(options, new FailingResolver());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => pipelined.QueryAsync($"n{i}.drift.test", DnsRecordType.A).AsTask()));
        clock.Stop();
        Assert.All(answers, a => Assert.Equal(DnsStatus.Timeout, a.Status));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"gave up after {clock.Elapsed}, before two attempts of 200 ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private static string Describe(DnsResponse response) =>
        $"{response.Status}: " + string.Join(" | ", response.Records.Select(r => r switch
        {
            AddressRecord a => $"{a.Name} {a.Address}",
            MxRecordData mx => $"{mx.Name} {mx.Preference} {mx.Exchange}",
            TxtRecord txt => $"{txt.Name} [{string.Join("][", txt.Strings)}]",
            PtrRecord ptr => $"{ptr.Name} {ptr.Target}",
            CnameRecord cname => $"{cname.Name} {cname.Target}",
            _ => r.ToString(),
        }).Order(StringComparer.Ordinal));

    private sealed class FallbackUsed : Exception;

    private sealed class FailingResolver : IDnsResolver
    {
        public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default) =>
            throw new FallbackUsed();
    }
}
