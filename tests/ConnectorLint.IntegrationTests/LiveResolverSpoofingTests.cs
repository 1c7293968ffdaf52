using ConnectorLint.Dns;
using ConnectorLint.Cli;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// The live resolver (DnsClient) against a server on loopback that lies: an answer is used only if
/// it comes from the server asked, carries the query's ID and answers the question asked.
/// </summary>
public class LiveResolverSpoofingTests
{
    // A lie is waited for briefly (it is refused whatever the wait); the honest answer gets time
    // enough for a loaded CI machine, where a cold server loop once took longer than 400 ms.
    private static LiveDnsResolver Resolver(HostileDnsServer server, int retries = 0) =>
        new(new LiveDnsOptions
        {
            Servers = [server.Endpoint],
            Timeout = server.Behaviour == HostileBehaviour.Honest ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(400),
            Retries = retries,
        });

    [Fact]
    public async Task TheHonestServerIsBelieved()
    {
        using var server = new HostileDnsServer(HostileBehaviour.Honest);
        var response = await Resolver(server).QueryAsync("contoso.test", DnsRecordType.TXT);
        Assert.Equal(DnsStatus.Ok, response.Status);
        var txt = Assert.IsType<TxtRecord>(Assert.Single(response.Records));
        Assert.Equal(HostileDnsServer.HonestText, txt.Text);
    }

    [Theory]
    [InlineData(HostileBehaviour.WrongId)]
    [InlineData(HostileBehaviour.WrongQuestion)]
    [InlineData(HostileBehaviour.OtherPort)]
    [InlineData(HostileBehaviour.TruncatedThenPointerLoop)]
    public async Task ASpoofedOrHostileAnswerIsRefused(HostileBehaviour behaviour)
    {
        using var server = new HostileDnsServer(behaviour);
        var response = await Resolver(server, retries: 1).QueryAsync("contoso.test", DnsRecordType.TXT);
        Assert.True(response.IsFailure, $"{behaviour}: {response.Status}");
        Assert.Empty(response.Records);
        Assert.NotEmpty(server.SourcePorts);
    }

    [Fact]
    public async Task EveryQueryLeavesFromItsOwnSourcePort()
    {
        using var server = new HostileDnsServer(HostileBehaviour.Honest);
        var resolver = Resolver(server);
        for (var i = 0; i < 12; i++)
        {
            await resolver.QueryAsync($"n{i}.contoso.test", DnsRecordType.TXT);
        }

        var ports = server.SourcePorts.ToList();
        Assert.Equal(12, ports.Count);
        Assert.True(ports.Distinct().Count() >= 10, $"source ports: {string.Join(", ", ports)}");
    }

    [Theory]
    [InlineData(HostileBehaviour.WrongQuestion)]
    [InlineData(HostileBehaviour.TruncatedThenPointerLoop)]
    public async Task DriftReportsAHostileAnswerAsUnknownNeverAsTheAttackersRecord(HostileBehaviour behaviour)
    {
        using var server = new HostileDnsServer(behaviour);
        var folder = Directory.CreateTempSubdirectory("connectorlint-spoof-").FullName;
        var file = Path.Combine(folder, "org.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Zones", "drift-state.yaml"), file);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLineApp.RunAsync(["drift", file, "--dns-server", $"127.0.0.1:{server.Port}", "--timeout", "300ms", "--retries", "0", "--format", "json"], stdout, stderr);
        Assert.DoesNotContain("internal error", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("+all", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("+all", stderr.ToString(), StringComparison.Ordinal);

        // No server gave a usable answer: the tool could not do its job, and says so.
        Assert.Equal(2, exit);
        Assert.Contains("no DNS server answered", stderr.ToString(), StringComparison.Ordinal);
    }
}
