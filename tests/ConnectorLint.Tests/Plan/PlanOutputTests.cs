using ConnectorLint.Plan;
using ConnectorLint.Reporting;
using ConnectorLint.Tests.Cli;
using ConnectorLint.Tests.Import;

namespace ConnectorLint.Tests.Plan;

/// <summary>
/// What a reviewer and an admin read: the plans of the certificate renewal and the egress change,
/// as text, markdown (the review comment) and PowerShell, pinned; and the command's exit codes.
/// </summary>
public sealed class PlanOutputTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static string Scenario(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "ConnectorLint.Tests", "Plan", "Scenarios", name + ".yaml");

    /// <summary>Exchange as an example describes it, exported (in a folder named as the export script's users name it).</summary>
    private string Exchange(string example)
    {
        var export = Path.Combine(folder.Path, example.Replace(".yaml", "", StringComparison.Ordinal), "exchange-export");
        ExportShapes.Write(ImportRoundTripTests.Load(example), export, ExportShape.PowerShell7Json);
        return export;
    }

    private async Task<PlanReport> PlanAsync(string file, string exchangeAs) =>
        await PlanEngine.RunAsync(new PlanRequest(file, Exchange(exchangeAs)), ImportRoundTripTests.Load(file));

    [Fact]
    public async Task The_renewal_under_a_new_name_as_text()
    {
        WholeOutputSnapshot.Match(PlanWriter.Text(await PlanAsync(Scenario("renewal-new-name"), "contoso-hybrid.yaml")));
    }

    /// <summary>For scripts: the same steps as the text in the same order, and the window with its step numbers.</summary>
    [Fact]
    public async Task The_renewal_into_another_domain_as_json_has_the_texts_steps_and_its_window()
    {
        var report = await PlanAsync(Scenario("renewal-other-domain"), "contoso-hybrid.yaml");
        var output = new StringWriter();
        PlanWriter.Json(report, output);
        var json = System.Text.Json.Nodes.JsonNode.Parse(output.ToString())!;

        var steps = json["steps"]!.AsArray();
        Assert.Equal(report.Plan.Steps.Select(s => s.Command), steps.Select(s => (string)s!["command"]!));
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => (int)s!["step"]!));
        Assert.All(steps, s => Assert.Contains((string)s!["session"]!, new[] { "exchangeOnline", "exchangeServer", "byHand" }));
        Assert.All(steps, s => Assert.Matches("^CL[0-9]{3}$", (string)s!["ruleId"]!));
        var window = Assert.Single(json["windows"]!.AsArray());
        Assert.Equal(report.Plan.Windows[0].AfterStep, (int)window!["afterStep"]!);
        Assert.Equal(report.Plan.Windows[0].Flows, window["flows"]!.AsArray().Select(f => (string)f!));
        WholeOutputSnapshot.Match(output.ToString());
    }

    [Fact]
    public async Task The_renewal_into_another_domain_with_its_window_as_text()
    {
        WholeOutputSnapshot.Match(PlanWriter.Text(await PlanAsync(Scenario("renewal-other-domain"), "contoso-hybrid.yaml")));
    }

    [Fact]
    public async Task The_renewal_under_a_new_name_as_markdown()
    {
        WholeOutputSnapshot.Match(PlanWriter.Text(await PlanAsync(Scenario("renewal-new-name"), "contoso-hybrid.yaml"), markdown: true));
    }

    [Fact]
    public async Task The_renewal_under_a_new_name_as_the_Exchange_Server_script()
    {
        var report = await PlanAsync(Scenario("renewal-new-name"), "contoso-hybrid.yaml");

        var script = PlanWriter.PowerShell(report, PlanSide.ExchangeServer, "contoso.onmicrosoft.com");
        Assert.NotNull(script);
        WholeOutputSnapshot.Match(script);
    }

    [Fact]
    public async Task The_renewal_under_a_new_name_as_the_Exchange_Online_script()
    {
        var report = await PlanAsync(Scenario("renewal-new-name"), "contoso-hybrid.yaml");

        var script = PlanWriter.PowerShell(report, PlanSide.ExchangeOnline, "contoso.onmicrosoft.com");
        Assert.NotNull(script);
        WholeOutputSnapshot.Match(script);
    }

    /// <summary>The egress story turned back: the inbound connector attributes by certificate again.</summary>
    [Fact]
    public async Task The_egress_change_as_text()
    {
        WholeOutputSnapshot.Match(PlanWriter.Text(await PlanAsync(TestPaths.Example("contoso-hybrid.yaml"), "changed-egress-ip.yaml")));
    }

    [Fact]
    public async Task The_renewed_certificate_story_turned_back_as_markdown()
    {
        WholeOutputSnapshot.Match(PlanWriter.Text(await PlanAsync(TestPaths.Example("contoso-hybrid.yaml"), "renewed-certificate.yaml"), markdown: true));
    }

    [Fact]
    public void A_plan_without_a_window_exits_0_and_one_with_a_window_exits_1()
    {
        var clean = CliRunner.Run("plan", TestPaths.Example("contoso-hybrid.yaml"), "--exchange-export", Exchange("renewed-certificate.yaml"), "--format", "text");
        var window = CliRunner.Run("plan", Scenario("renewal-other-domain"), "--exchange-export", Exchange("contoso-hybrid.yaml"), "--format", "text");

        Assert.Equal((0, ""), (clean.ExitCode, clean.Stderr));
        Assert.Contains("Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName", clean.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, window.ExitCode);
        Assert.Contains("window after step 3 until step 4", window.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_are_written_one_per_session_and_nothing_to_do_is_said()
    {
        var output = Path.Combine(folder.Path, "out", "plan.ps1");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var result = CliRunner.Run("plan", Scenario("renewal-new-name"), "--exchange-export", Exchange("contoso-hybrid.yaml"), "-o", output);
        var nothing = CliRunner.Run("plan", TestPaths.Example("contoso-hybrid.yaml"), "--exchange-export", Exchange("contoso-hybrid.yaml"), "--format", "text");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["plan.ExchangeOnline.ps1", "plan.ExchangeServer.ps1"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName).Order());
        Assert.Contains("by hand, at step 1: Import the certificate's PFX", result.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, "examples/contoso-hybrid.yaml: Exchange is as the file says; nothing to run.\n"), (nothing.ExitCode, nothing.Stdout));
    }

    [Fact]
    public void An_export_that_is_not_there_is_exit_2_with_the_reason()
    {
        var result = CliRunner.Run("plan", TestPaths.Example("contoso-hybrid.yaml"), "--exchange-export", Path.Combine(folder.Path, "missing"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such folder", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A name is data in the script: quotes (straight or typographic), subexpressions and separators stay inside its literal.</summary>
    [Fact]
    public async Task A_hostile_connector_name_stays_a_literal_in_the_script()
    {
        const string hostile = "O'Brien\u2019s $(Stop-Computer) `; Remove-Item -Recurse / #>";
        var file = Path.Combine(folder.Path, "hostile.yaml");
        File.WriteAllText(file, File.ReadAllText(TestPaths.Example("contoso-hybrid.yaml"))
            .Replace("- name: Outbound to Office 365", "- name: \"O'Brien\\u2019s $(Stop-Computer) `; Remove-Item -Recurse / #>\"", StringComparison.Ordinal));
        var report = await PlanEngine.RunAsync(new PlanRequest(file, Exchange("contoso-hybrid.yaml")), ImportRoundTripTests.Load(file));

        var script = PlanWriter.PowerShell(report, PlanSide.ExchangeServer, null)!;
        var ast = System.Management.Automation.Language.Parser.ParseInput(script, out _, out var errors);

        Assert.Empty(errors.Select(e => e.Message));
        var commands = ast.FindAll(a => a is System.Management.Automation.Language.CommandAst, true).Cast<System.Management.Automation.Language.CommandAst>().ToList();
        Assert.Equal(["Get-Command", "Get-ExchangeServer", "New-SendConnector", "Set-StrictMode", "Where-Object"], commands.Select(c => c.GetCommandName()).Distinct().Order());
        var name = commands.Single(c => c.GetCommandName() == "New-SendConnector").CommandElements
            .SkipWhile(e => e is not System.Management.Automation.Language.CommandParameterAst { ParameterName: "Name" }).Skip(1).First();
        Assert.Equal(hostile, Assert.IsType<System.Management.Automation.Language.StringConstantExpressionAst>(name).Value);
    }

    /// <summary>Several properties of one connector: one Set- call for the values, the removals from its lists after it.</summary>
    [Fact]
    public async Task Several_properties_of_a_connector_are_one_call_and_its_removals_come_last()
    {
        var fixture = Path.Combine(TestPaths.RepositoryRoot, "tests", "ConnectorLint.Tests", "Import", "Fixtures", "classic-hybrid");
        var file = TestPaths.Example("topologies/a-classic-hybrid.yaml");

        var plan = (await PlanEngine.RunAsync(new PlanRequest(file, fixture), ImportRoundTripTests.Load(file))).Plan;

        Assert.Equal(
            [
                "Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -Bindings '0.0.0.0:25' -PermissionGroups 'anonymousUsers','exchangeServers' -AuthMechanism 'tls'",
                "Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -RemoteIPRanges @{Remove='::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'}",
            ],
            plan.Steps.Select(s => s.Command));
    }

    /// <summary>review with an export: under the flow impact, the plan a reviewer reads before approving.</summary>
    [Fact]
    public void Review_with_an_export_shows_the_plan_under_the_flow_impact()
    {
        var markdown = CliRunner.Run("review", Scenario("renewal-new-name"), "--base", TestPaths.Example("contoso-hybrid.yaml"),
            "--exchange-export", Exchange("contoso-hybrid.yaml"), "--format", "markdown", "--no-step-summary", "--fail-on", "never");
        var text = CliRunner.Run("review", Scenario("renewal-new-name"), "--base", TestPaths.Example("contoso-hybrid.yaml"),
            "--exchange-export", Exchange("contoso-hybrid.yaml"), "--no-step-summary", "--fail-on", "never");

        Assert.Equal((0, 0), (markdown.ExitCode, text.ExitCode));
        var plan = markdown.Stdout.IndexOf("#### Plan: what to run once this is merged", StringComparison.Ordinal);
        Assert.InRange(plan, markdown.Stdout.IndexOf("#### Flow impact", StringComparison.Ordinal), markdown.Stdout.IndexOf("#### Findings", StringComparison.Ordinal));
        Assert.Contains("| 4 | Exchange Server | `Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("bridge: steps 3 to 5 bridge the inbound connector", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("  plan, once merged (connectorlint plan):\n    1. [by hand] Import the certificate's PFX", text.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Run in the wrong tenant's session, or a session without the cmdlets, the script stops before its first step.</summary>
    [Fact]
    public async Task The_script_refuses_another_tenant_and_a_session_without_the_cmdlets()
    {
        var report = await PlanAsync(Scenario("renewal-new-name"), "contoso-hybrid.yaml");
        var script = Path.Combine(folder.Path, "plan.ExchangeOnline.ps1");
        File.WriteAllText(script, PlanWriter.PowerShell(report, PlanSide.ExchangeOnline, "contoso.onmicrosoft.com")!);
        var other = Path.Combine(folder.Path, "fabrikam");
        StubExchange.WriteState(ImportRoundTripTests.Load("contoso-hybrid.yaml"), other);
        File.WriteAllText(Path.Combine(other, "ExchangeOnline", "OrganizationConfig.json"), "[{\"Name\": \"fabrikam.onmicrosoft.com\", \"RejectDirectSend\": false}]");
        var before = File.ReadAllText(Path.Combine(other, "ExchangeOnline", "InboundConnector.json"));

        var errors = StubExchange.Run(
            [
                new StubJob(other, null, "ExchangeOnline", Script: script),
                new StubJob(other, null, "ExchangeOnline", Script: script, Without: ["Set-InboundConnector"]),
            ],
            folder.Path);

        Assert.Equal("This session is connected to fabrikam.onmicrosoft.com, not to contoso.onmicrosoft.com.", errors[0]);
        Assert.Equal("This session cannot run Set-InboundConnector: run this script in an Exchange Online session (Connect-ExchangeOnline).", errors[1]);
        Assert.Equal(before, File.ReadAllText(Path.Combine(other, "ExchangeOnline", "InboundConnector.json")));
    }

    /// <summary>With DNS: a record the file wants is published before the Exchange steps, one only DNS has is removed after them.</summary>
    [Fact]
    public void With_a_zone_file_the_record_changes_are_steps_for_the_DNS_provider()
    {
        var zone = Path.Combine(folder.Path, "contoso.zone");
        File.WriteAllText(zone, File.ReadAllText(TestPaths.Example("contoso.zone")).Replace("@        IN MX  0 contoso-com.mail.protection.outlook.com.", "@        IN MX  0 contoso-com.mail.protection.outlook.com.\n@        IN MX  20 old-gateway.contoso.com.", StringComparison.Ordinal));

        var result = CliRunner.Run("plan", TestPaths.Example("two-mx-records.yaml"), "--exchange-export", Exchange("contoso-hybrid.yaml"), "--zone-file", zone, "--format", "text");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n').Where(l => l.Contains("At the DNS provider", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(
            [
                "1. [by hand] At the DNS provider, publish contoso.com MX 10 mail.contoso.com",
                "2. [by hand] At the DNS provider, remove contoso.com MX 20 old-gateway.contoso.com",
            ],
            lines);
        Assert.Contains("DNS MX of contoso.com: publish (examples/two-mx-records.yaml:", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>An object only Exchange has is left alone, and the advice never says to remove it: it may carry mail today.</summary>
    [Fact]
    public async Task A_connector_only_Exchange_has_is_left_alone_with_advice_that_keeps_it()
    {
        var plan = (await PlanAsync(TestPaths.Example("contoso-hybrid.yaml"), "spf-missing-egress.yaml")).Plan;

        var note = Assert.Single(plan.NotTouched);
        Assert.Equal("send connector 'Outbound to the internet'", note.Target);
        Assert.DoesNotContain(plan.Steps, s => s.Command.Contains("Outbound to the internet", StringComparison.Ordinal));
        Assert.Equal("is in Exchange but not in the file: the plan leaves it as it is. It may still carry mail: describe it in the file (connectorlint import writes it) and check the flows with review before anyone removes it.", note.Text);
    }
}
