using System.Diagnostics;
using System.Text.Json;
using ConnectorLint.Cli;

namespace ConnectorLint.IntegrationTests;

public sealed class NsdFixture : IDisposable
{
    public NsdServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

/// <summary>`connectorlint drift` against a real nsd on loopback: each story gives its rule, and only that.</summary>
public class DriftAgainstNsdTests(NsdFixture nsd) : IClassFixture<NsdFixture>
{
    private static readonly string State = Path.Combine(AppContext.BaseDirectory, "Zones", "drift-state.yaml");

    private static (int Exit, string Stdout, string Stderr) Drift(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.RunAsync(["drift", .. args], stdout, stderr).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private (int Exit, List<(string Rule, string Message, int Line)> Findings, JsonElement Plan) RunJson()
    {
        var (exit, stdout, stderr) = Drift(State, "--dns-server", nsd.Server.Endpoint, "--format", "json", "--timeout", "2s");
        Assert.True(exit is 0 or 1, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("message").GetString()!, f.GetProperty("line").GetInt32()))
            .ToList();
        return (exit, findings, json.RootElement.GetProperty("plan").Clone());
    }

    private static int LineOf(string needle) =>
        File.ReadAllLines(State).Select((l, i) => (l, i)).First(p => p.l.Contains(needle, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void EachStoryGivesItsRuleAndTheDomainInSyncGivesNone()
    {
        var (exit, findings, plan) = RunJson();
        Assert.Equal(1, exit);

        string[] Rules(string domainLine) => findings.Where(f => f.Line == LineOf(domainLine)).Select(f => f.Rule).Order().ToArray();

        Assert.DoesNotContain(findings, f => f.Message.Contains("insync.drift.test", StringComparison.Ordinal));
        Assert.Equal(["CL501"], Rules("exchange: MX.mxdrift"));
        Assert.Equal(["CL502"], Rules("ip4:198.51.100.7"));
        Assert.Equal(["CL503"], Rules("spf: \"v=spf1 ip4:192.0.2.0/24 -all\""));
        Assert.Equal(["CL504"], Rules("include:c1.drift.test include:c2"));
        Assert.Equal(["CL504"], Rules("gone1.void"));
        Assert.Equal(["CL505"], Rules("mx.nohost"));
        Assert.Equal(["CL507"], Rules("dmarc: \"v=DMARC1; p=reject\""));
        Assert.Equal(["CL506"], Rules("sourceIPAddress: 198.51.100.99"));
        Assert.DoesNotContain(findings, f => f.Rule == "CL508");

        var chain = findings.Single(f => f.Line == LineOf("include:c1.drift.test include:c2")).Message;
        Assert.Contains("needs 14 DNS lookups", chain, StringComparison.Ordinal);
        Assert.Contains("include:c1.drift.test: 6 lookups", chain, StringComparison.Ordinal);
        var voids = findings.Single(f => f.Line == LineOf("gone1.void")).Message;
        Assert.Contains("3 void lookups", voids, StringComparison.Ordinal);

        var states = plan.GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("domain").GetString()!, d => d.GetProperty("state").GetString());
        Assert.Equal("inSync", states["insync.drift.test"]);
        Assert.Equal("drift", states["mxdrift.drift.test"]);
        Assert.Equal(0, plan.GetProperty("failedQueries").GetInt32());
    }

    [Fact]
    public void DriftHonoursTheConfigurationAndInlineSuppressionsThroughTheEngine()
    {
        // A copy of the state beside its own .connectorlint.yaml: CL502 turned off, CL505 a warning,
        // and the MX drift of one domain suppressed on its line.
        var folder = Directory.CreateTempSubdirectory("connectorlint-drift-config-");
        try
        {
            var lines = File.ReadAllLines(State).ToList();
            var mx = lines.FindIndex(l => l.Contains("exchange: MX.mxdrift", StringComparison.Ordinal));
            var indent = lines[mx][..(lines[mx].Length - lines[mx].TrimStart().Length)];
            lines.Insert(mx, indent + "# connectorlint-disable-next-line CL501 -- the backup MX is being retired this week");
            var state = Path.Combine(folder.FullName, "state.yaml");
            File.WriteAllLines(state, lines);
            File.WriteAllText(Path.Combine(folder.FullName, ".connectorlint.yaml"), "rules:\n  CL502: off\n  CL505: warning\n");

            var (exit, stdout, stderr) = Drift(state, "--dns-server", nsd.Server.Endpoint, "--format", "json", "--timeout", "2s");
            Assert.True(exit == 1, $"exit {exit}: {stderr}");
            using var json = JsonDocument.Parse(stdout);
            var findings = json.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => (Rule: f.GetProperty("ruleId").GetString()!, Severity: f.GetProperty("severity").GetString()!))
                .ToList();
            Assert.DoesNotContain(findings, f => f.Rule is "CL501" or "CL502" or "CL009");
            Assert.Contains(("CL505", "warning"), findings);
            Assert.Contains(findings, f => f.Rule == "CL503");

            // The same suppression with nothing left to suppress is stale, and drift says so.
            File.WriteAllText(Path.Combine(folder.FullName, ".connectorlint.yaml"), "rules:\n  CL501: off\n");
            var (_, again, _) = Drift(state, "--dns-server", nsd.Server.Endpoint, "--format", "json", "--timeout", "2s");
            using var second = JsonDocument.Parse(again);
            var stale = second.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == "CL009").ToList();
            Assert.Contains("suppression of CL501 matches no finding", Assert.Single(stale).GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void TextOutputReadsLikeAPlan()
    {
        var (exit, stdout, _) = Drift(State, "--dns-server", nsd.Server.Endpoint);
        Assert.Equal(1, exit);
        Assert.Contains("mxdrift.drift.test\n  MX: drift\n    - 10 backup.mxdrift.drift.test", stdout.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Contains("    + v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 -all", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusingServerIsUnknownNotDrift()
    {
        // nsd is authoritative for drift.test only; it refuses other names: unknown (CL508), never drift.
        var state = File.ReadAllText(State).Replace("egress.drift.test", "egress.elsewhere.example", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"connectorlint-refused-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, state);
        try
        {
            var (exit, stdout, _) = Drift(path, "--dns-server", nsd.Server.Endpoint, "--format", "json");
            Assert.Equal(1, exit);
            using var json = JsonDocument.Parse(stdout);
            var refused = json.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("message").GetString()!.Contains("elsewhere.example", StringComparison.Ordinal))
                .Select(f => f.GetProperty("ruleId").GetString())
                .ToList();
            Assert.NotEmpty(refused);
            Assert.All(refused, r => Assert.Equal("CL508", r));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NoServerAnsweringFinishesWithinTheTimeoutWithUnknownsAndExitTwo()
    {
        var silent = $"127.0.0.1:{NsdServer.FreePort()}";
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = Drift(State, "--dns-server", silent, "--timeout", "300ms", "--retries", "1", "--format", "json");
        clock.Stop();
        Assert.Equal(2, exit);
        Assert.Contains("no DNS server answered", stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(stdout);
        // The one message says it: no CL508 for every record beside it.
        Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(1, stderr.Split('\n').Count(l => l.StartsWith("connectorlint: error:", StringComparison.Ordinal)));

        // Bounded: every query waits at most timeout x (retries + 1); they run concurrently.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}
