using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ConnectorLint.Drift;
using ConnectorLint.Model;
using ConnectorLint.Plan;
using ConnectorLint.Reporting;
using ConnectorLint.Tests.Import;

namespace ConnectorLint.Tests.Plan;

/// <summary>
/// Plans run for real: each organization (an example, or a story's broken variant) is the stub
/// Exchange's state; the plan to the target file is written as PowerShell, run under PowerShell
/// against the stub (whose Set-/New- cmdlets declare Exchange's parameters and keep state), and a
/// real export of the result imports with no config drift against the file. -WhatIf changes nothing.
/// </summary>
public sealed class PlanRuns : IDisposable
{
    /// <summary>The stories of examples/: each broken variant back to the clean file, and the clean file to each variant.</summary>
    public static readonly string[] Stories = ["changed-egress-ip", "fope-smart-host", "missing-inbound-connector", "open-relay", "renewed-certificate", "spf-missing-egress", "two-mx-records"];

    /// <summary>An organization with the example's servers, certificates and domains but none of its connectors: the plan builds them all.</summary>
    public const string Bare = "bare:";

    public static IEnumerable<(string From, string To)> Cases() =>
    [
        .. Stories.Select(s => ($"{s}.yaml", "contoso-hybrid.yaml")),
        .. Stories.Select(s => ("contoso-hybrid.yaml", $"{s}.yaml")),
        .. TestPaths.AllExamples().Select(e => (e, e)),
        .. TestPaths.AllExamples().Where(e => e.StartsWith("topologies/", StringComparison.Ordinal)).Select(e => (Bare + e, e)),
    ];

    /// <summary>The organization a case starts from, as the stub's state.</summary>
    private static void WriteStart(string from, string state)
    {
        StubExchange.WriteState(ImportRoundTripTests.Load(from.StartsWith(Bare, StringComparison.Ordinal) ? from[Bare.Length..] : from), state);
        if (from.StartsWith(Bare, StringComparison.Ordinal))
        {
            foreach (var file in (string[])["ExchangeServer/SendConnector.json", "ExchangeServer/ReceiveConnector.json", "ExchangeServer/AnonymousRelayPermission.json", "ExchangeOnline/InboundConnector.json", "ExchangeOnline/OutboundConnector.json"])
            {
                if (File.Exists(Path.Combine(state, file)))
                {
                    File.WriteAllText(Path.Combine(state, file), "[]");
                }
            }
        }
    }

    public sealed record Run(PlanReport Report, string Scripts, string? Error, string? WhatIfError, string After, bool WhatIfChangedNothing)
    {
        /// <summary>Exchange's export after each step, run on its own.</summary>
        public IReadOnlyList<string> Steps { get; init; } = [];

        public string Before { get; init; } = "";
    }

    public PlanRuns()
    {
        var cases = Cases().ToList();
        var exports = new List<StubJob>();
        foreach (var (from, to) in cases)
        {
            var state = Folder(from, to, "state");
            WriteStart(from, state);
            foreach (var side in (string[])["ExchangeOnline", "ExchangeServer"])
            {
                exports.Add(new StubJob(state, Folder(from, to, "before"), side));
            }
        }

        Assert.All(StubExchange.Run(exports, Root.Path), Assert.Null);

        var runs = new List<StubJob>();
        var reports = new Dictionary<(string, string), PlanReport>();
        foreach (var (from, to) in cases)
        {
            var desired = ImportRoundTripTests.Load(to);
            var report = PlanEngine.RunAsync(new PlanRequest(TestPaths.Example(to), Folder(from, to, "before")), desired).GetAwaiter().GetResult();
            reports[(from, to)] = report;
            var state = Folder(from, to, "state");
            var untouched = Folder(from, to, "state-whatif");
            TemporaryFolder.CopyFolder(state, untouched);
            DoTheManualSteps(report, desired, state);
            var stepwise = Folder(from, to, "state-steps");
            TemporaryFolder.CopyFolder(state, stepwise);
            foreach (var side in (PlanSide[])[PlanSide.ExchangeServer, PlanSide.ExchangeOnline])
            {
                if (PlanWriter.PowerShell(report, side, desired.Tenant.InitialDomain?.Value) is { } script)
                {
                    var path = Path.Combine(Folder(from, to, "scripts"), $"plan.{side}.ps1");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, script);
                    runs.Add(new StubJob(state, null, side.ToString(), Script: path));
                    runs.Add(new StubJob(untouched, null, side.ToString(), Script: path, WhatIf: true));
                }
            }

            foreach (var side in (string[])["ExchangeOnline", "ExchangeServer"])
            {
                runs.Add(new StubJob(state, Folder(from, to, "after"), side));
            }

            // The same plan one step at a time, Exchange exported after each.
            for (var i = 1; i <= report.Plan.Steps.Count; i++)
            {
                if (report.Plan.Steps[i - 1].Side is var side and not PlanSide.Manual)
                {
                    runs.Add(new StubJob(stepwise, null, side.ToString(), Script: Path.Combine(Folder(from, to, "scripts"), $"plan.{side}.ps1")) { From = i, To = i });
                }

                runs.Add(new StubJob(stepwise, Folder(from, to, $"step-{i}"), "ExchangeOnline"));
                runs.Add(new StubJob(stepwise, Folder(from, to, $"step-{i}"), "ExchangeServer"));
            }
        }

        var errors = StubExchange.Run(runs, Root.Path);
        foreach (var (from, to) in cases)
        {
            string? Error(bool whatIf) => string.Join("; ", runs.Zip(errors)
                .Where(p => (whatIf ? p.First.State == Folder(from, to, "state-whatif") : p.First.State == Folder(from, to, "state") || p.First.State == Folder(from, to, "state-steps")) && p.Second is not null)
                .Select(p => p.Second)) is { Length: > 0 } e ? e : null;
            var original = Folder(from, to, "state-original");
            WriteStart(from, original);
            Results[(from, to)] = new Run(reports[(from, to)], Folder(from, to, "scripts"), Error(false), Error(true), Folder(from, to, "after"),
                Hashes(original).SequenceEqual(Hashes(Folder(from, to, "state-whatif"))))
            {
                Steps = [.. Enumerable.Range(1, reports[(from, to)].Plan.Steps.Count).Select(i => Folder(from, to, $"step-{i}"))],
                Before = Folder(from, to, "before"),
            };
        }
    }

    public TemporaryFolder Root { get; } = new();

    public Dictionary<(string From, string To), Run> Results { get; } = [];

    private string Folder(string from, string to, string what) =>
        Path.Combine(Root.Path, $"{from.Replace(':', '-').Replace('/', '-').Replace(".yaml", "", StringComparison.Ordinal)}--{to.Replace('/', '-').Replace(".yaml", "", StringComparison.Ordinal)}", what);

    /// <summary>What the plan says an admin does by hand (a certificate's PFX imported), done in the stub's organization.</summary>
    private static void DoTheManualSteps(PlanReport report, DesiredState desired, string state)
    {
        if (!report.Plan.Steps.Any(s => s.Side == PlanSide.Manual))
        {
            return;
        }

        var target = Path.Combine(Path.GetTempPath(), "connectorlint-plan-" + Guid.NewGuid().ToString("N"));
        try
        {
            StubExchange.WriteState(desired, target);
            foreach (var file in (string[])["ExchangeServer/ExchangeCertificate.json", "ExchangeOnline/AcceptedDomain.json", "ExchangeServer/AcceptedDomain.json"])
            {
                File.Copy(Path.Combine(target, file), Path.Combine(state, file), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    private static IReadOnlyList<string> Hashes(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")];


    public void Dispose() => Root.Dispose();
}

public sealed class PlanScriptTests(PlanRuns runs) : IClassFixture<PlanRuns>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, to) in PlanRuns.Cases())
        {
            data.Add(from, to);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_plan_runs_and_leaves_Exchange_as_the_file_says(string from, string to)
    {
        var run = runs.Results[(from, to)];
        Assert.Null(run.Error);

        var report = await ImportEngine.RunAsync(new ImportRequest(run.After) { KeepFile = TestPaths.Example(to) });

        // What the plan says it leaves alone (an object only Exchange has) is all that is left.
        var checker = new ConfigDriftChecker(report.State, report.Result, run.After);
        var left = checker.Check(ImportRoundTripTests.Load(to));
        Assert.Empty(left.Where(d => d.Check != DriftCheck.ConfigOnlyInExchange).Select(d => $"{d.Span.Line}: {d.Message}"));
        Assert.Equal(run.Report.Plan.NotTouched.Select(n => n.Target).Order(), checker.Changes.Where(c => c.Check == DriftCheck.ConfigOnlyInExchange).Select(c => $"{Noun(c.Section)} '{c.Name}'").Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WhatIf_changes_nothing(string from, string to)
    {
        var run = runs.Results[(from, to)];

        Assert.Null(run.WhatIfError);
        Assert.True(run.WhatIfChangedNothing);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_file_against_its_own_organization_plans_nothing(string from, string to)
    {
        if (from == to)
        {
            Assert.Empty(runs.Results[(from, to)].Report.Plan.Steps.Select(s => s.Command));
        }
        else
        {
            Assert.NotEmpty(runs.Results[(from, to)].Report.Plan.Steps.Concat<object>(runs.Results[(from, to)].Report.Plan.NotTouched)
                .Concat(ExampleDiffersOnlyInDns(from, to) ? [1] : []));
        }
    }

    private static string Noun(string section) => section switch
    {
        "sendConnectors" => "send connector",
        "receiveConnectors" => "receive connector",
        "inboundConnectors" => "inbound connector",
        "outboundConnectors" => "outbound connector",
        _ => section,
    };

    /// <summary>Stories whose change is in DNS or in what no export holds (an egress address): no cmdlet changes them.</summary>
    private static bool ExampleDiffersOnlyInDns(string from, string to) =>
        new[] { from, to }.Any(e => e is "two-mx-records.yaml" or "spf-missing-egress.yaml");

    /// <summary>
    /// Every canonical flow traced through Exchange as each real step leaves it: a flow that delivers
    /// before and after the plan bounces only inside a window the plan marks, and a marked window is
    /// exactly the flows that bounce there.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Between_the_steps_no_flow_bounces_outside_a_marked_window(string from, string to)
    {
        var run = runs.Results[(from, to)];
        var file = TestPaths.Example(to);
        var before = await FlowsAsync(run.Before, file);
        var after = await FlowsAsync(run.Steps.Count > 0 ? run.Steps[^1] : run.Before, file);
        var kept = before.Where(f => f.Value && after.GetValueOrDefault(f.Key)).Select(f => f.Key).ToHashSet();

        for (var i = 1; i < run.Steps.Count; i++)
        {
            var flows = await FlowsAsync(run.Steps[i - 1], file);
            var window = run.Report.Plan.Windows.FirstOrDefault(w => w.AfterStep <= i && i < w.UntilStep);
            Assert.Equal(window?.Flows.Order().ToList() ?? [], kept.Where(k => !flows.GetValueOrDefault(k)).Order().ToList());
        }
    }

    private static async Task<Dictionary<string, bool>> FlowsAsync(string exported, string file)
    {
        var imported = await ImportEngine.RunAsync(new ImportRequest(exported) { KeepFile = file });
        var flows = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var flow in ConnectorLint.Exchange.CanonicalFlows.Of(new ConnectorLint.Exchange.MailFlowSimulator(imported.State)))
        {
            flows.TryAdd(flow.Name, flow.Trace.Outcome.Delivered);
        }

        return flows;
    }
}
