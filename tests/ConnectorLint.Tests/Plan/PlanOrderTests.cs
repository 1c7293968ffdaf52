using ConnectorLint.Exchange;
using ConnectorLint.Model;
using ConnectorLint.Plan;
using ConnectorLint.Reporting;
using ConnectorLint.Tests.Import;

namespace ConnectorLint.Tests.Plan;

/// <summary>
/// The order of a plan, judged on Exchange as the steps leave it: each step is run for real against
/// the stub, Exchange is exported and imported after each one, and every canonical flow is traced
/// through it. A flow that delivers before and after the change may bounce only inside a window the
/// plan marks, and every marked window is one the flows really go through.
/// </summary>
public sealed class PlanOrderTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly string state;
    private readonly string export;

    public PlanOrderTests()
    {
        state = Path.Combine(folder.Path, "state");
        StubExchange.WriteState(ImportRoundTripTests.Load("contoso-hybrid.yaml"), state);
        export = Path.Combine(folder.Path, "before");
        Assert.All(StubExchange.Run([new StubJob(state, export, "ExchangeOnline"), new StubJob(state, export, "ExchangeServer")], folder.Path), Assert.Null);
    }

    public void Dispose() => folder.Dispose();

    private static string Scenario(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "ConnectorLint.Tests", "Plan", "Scenarios", name + ".yaml");

    private async Task<PlanReport> PlanAsync(string scenario, bool inFileOrder = false)
    {
        var file = Scenario(scenario);
        return await PlanEngine.RunAsync(new PlanRequest(file, export) { InFileOrder = inFileOrder }, ImportRoundTripTests.Load(file));
    }

    [Fact]
    public async Task A_replacement_connector_is_created_before_the_old_one_is_disabled()
    {
        var plan = (await PlanAsync("replace-connector")).Plan;

        Assert.Equal(["New-SendConnector", "Set-SendConnector"], plan.Steps.Select(s => s.Command.Split(' ')[0]));
        Assert.EndsWith("-Enabled $false", plan.Steps[1].Command, StringComparison.Ordinal);
        Assert.Empty(plan.Windows);
    }

    /// <summary>What the ordering is for: in the file's order the old connector goes first, and mail to the internet and the cloud has no route.</summary>
    [Fact]
    public async Task In_the_files_order_the_same_steps_bounce_mail()
    {
        var plan = (await PlanAsync("replace-connector", inFileOrder: true)).Plan;

        var window = Assert.Single(plan.Windows);
        Assert.Equal((1, 2), (window.AfterStep, window.UntilStep));
        Assert.Contains("on-premises mailbox -> cloud mailbox", window.Flows);
        Assert.StartsWith("550 5.4.4", window.Outcome, StringComparison.Ordinal);
    }

    /// <summary>Two names in one domain: the inbound connector accepts the domain's wildcard while the send connector changes, then the new name; the cost is said.</summary>
    [Fact]
    public async Task A_renewal_under_a_new_name_in_the_same_domain_is_bridged_with_its_cost_named()
    {
        var plan = (await PlanAsync("renewal-new-name")).Plan;

        Assert.Equal(
            [
                "Enable-ExchangeCertificate -Thumbprint '89ABCDEF0123456789ABCDEF0123456789ABCDEF' -Services SMTP -Server 'EX01'",
                "Set-InboundConnector -Identity 'From on-premises' -TlsSenderCertificateName '*.contoso.com'",
                "Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=smtp.contoso.com'",
                "Set-InboundConnector -Identity 'From on-premises' -TlsSenderCertificateName 'smtp.contoso.com'",
            ],
            plan.Steps.Skip(1).Select(s => s.Command));
        Assert.Equal(PlanSide.Manual, plan.Steps[0].Side);
        Assert.Empty(plan.Windows);
        var bridge = Assert.Single(plan.Bridges);
        Assert.Equal((3, 5), (bridge.FromStep, bridge.UntilStep));
        Assert.Contains("a certificate for any name in contoso.com attributes mail to the tenant", bridge.Text, StringComparison.Ordinal);
    }

    /// <summary>Names in two domains: no wildcard a connector should hold covers both, so the window is marked, not bridged.</summary>
    [Fact]
    public async Task A_renewal_into_another_domain_marks_the_window_no_order_avoids()
    {
        var plan = (await PlanAsync("renewal-other-domain")).Plan;

        Assert.Equal([PlanSide.Manual, PlanSide.ExchangeServer, PlanSide.ExchangeServer, PlanSide.ExchangeOnline], plan.Steps.Select(s => s.Side));
        Assert.Empty(plan.Bridges);
        var window = Assert.Single(plan.Windows);
        Assert.Equal((3, 4), (window.AfterStep, window.UntilStep));
        Assert.Contains("on-premises mailbox -> cloud mailbox", window.Flows);
        Assert.Equal("550 5.7.64 TenantAttribution; Relay Access Denied", window.Outcome);
    }

    [Theory]
    [InlineData("replace-connector", false)]
    [InlineData("replace-connector", true)]
    [InlineData("renewal-new-name", false)]
    [InlineData("renewal-other-domain", false)]
    public async Task Exchange_after_each_real_step_bounces_exactly_inside_the_marked_windows(string scenario, bool inFileOrder)
    {
        var file = Scenario(scenario);
        var desired = ImportRoundTripTests.Load(file);
        var report = await PlanAsync(scenario, inFileOrder);
        var steps = report.Plan.Steps;

        // The manual step (a PFX imported) is the admin's: the certificate is on the server from the start, unused.
        StubExchange.WriteState(desired, Path.Combine(folder.Path, "desired"));
        File.Copy(Path.Combine(folder.Path, "desired", "ExchangeServer", "ExchangeCertificate.json"), Path.Combine(state, "ExchangeServer", "ExchangeCertificate.json"), overwrite: true);
        var jobs = new List<StubJob>();
        foreach (var side in (PlanSide[])[PlanSide.ExchangeServer, PlanSide.ExchangeOnline])
        {
            if (PlanWriter.PowerShell(report, side, desired.Tenant.InitialDomain?.Value) is { } script)
            {
                File.WriteAllText(Path.Combine(folder.Path, $"plan.{side}.ps1"), script);
            }
        }

        for (var i = 1; i <= steps.Count; i++)
        {
            if (steps[i - 1].Side != PlanSide.Manual)
            {
                var side = steps[i - 1].Side;
                jobs.Add(new StubJob(state, null, side.ToString(), Script: Path.Combine(folder.Path, $"plan.{side}.ps1")) { From = i, To = i });
            }

            jobs.Add(new StubJob(state, Path.Combine(folder.Path, $"after-{i}"), "ExchangeOnline"));
            jobs.Add(new StubJob(state, Path.Combine(folder.Path, $"after-{i}"), "ExchangeServer"));
        }

        Assert.All(StubExchange.Run(jobs, folder.Path), Assert.Null);

        var before = await FlowsAsync(export, file);
        var after = await FlowsAsync(Path.Combine(folder.Path, $"after-{steps.Count}"), file);
        var kept = before.Where(f => f.Value && after.GetValueOrDefault(f.Key)).Select(f => f.Key).ToHashSet();
        for (var i = 1; i < steps.Count; i++)
        {
            var flows = await FlowsAsync(Path.Combine(folder.Path, $"after-{i}"), file);
            var bounced = kept.Where(k => !flows.GetValueOrDefault(k)).Order().ToList();
            var window = report.Plan.Windows.FirstOrDefault(w => w.AfterStep <= i && i < w.UntilStep);
            Assert.Equal(window?.Flows.Order().ToList() ?? [], bounced);
        }
    }

    /// <summary>Exchange as exported, with what no export holds from the file, traced: each canonical flow and whether it delivers.</summary>
    private static async Task<Dictionary<string, bool>> FlowsAsync(string exported, string file)
    {
        var imported = await ImportEngine.RunAsync(new ImportRequest(exported) { KeepFile = file });
        var flows = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var flow in CanonicalFlows.Of(new MailFlowSimulator(imported.State)))
        {
            flows.TryAdd(flow.Name, flow.Trace.Outcome.Delivered);
        }

        return flows;
    }
}
