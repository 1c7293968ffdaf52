using System.Text.Json.Nodes;
using ConnectorLint.Drift;
using ConnectorLint.Tests.Cli;
using Xunit;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// tools/Export-MailFlowState.ps1 as it runs, under PowerShell, against the stub Exchange module:
/// what RBAC hides, a cmdlet that fails half-way, an organization with nothing to export, and a
/// first night of config drift: export, import, export again, drift says nothing until a connector
/// is changed in Exchange.
/// </summary>
public sealed class ExportScriptRunTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly string state;

    public ExportScriptRunTests()
    {
        state = Path.Combine(folder.Path, "state");
        StubExchange.WriteState(ImportRoundTripTests.Load("contoso-hybrid.yaml"), state);
    }

    public void Dispose() => folder.Dispose();

    private string Export(string name) => Path.Combine(folder.Path, name);

    private string? RunOne(StubJob job) => StubExchange.Run([job], folder.Path)[0];

    [Theory]
    [InlineData("ExchangeServer", "Get-ADPermission", "the View-Only Organization Management role group")]
    [InlineData("ExchangeOnline", "Get-OutboundConnector", "the View-Only Organization Management role group (or Global Reader)")]
    public void A_cmdlet_the_role_does_not_grant_is_named_and_nothing_is_written(string side, string hidden, string role)
    {
        var error = RunOne(new StubJob(state, Export("export"), side, Without: [hidden]));

        Assert.Equal($"This session cannot run {hidden}. Connect first, with an account that has {role}.", error);
        Assert.False(Directory.Exists(Export("export")) && Directory.EnumerateFileSystemEntries(Export("export"), "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("Json")]
    [InlineData("CliXml")]
    public void A_cmdlet_that_fails_half_way_leaves_the_previous_export_as_it_was(string format)
    {
        var target = Export("export");
        Assert.Null(RunOne(new StubJob(state, target, "ExchangeServer", format)));
        var before = Snapshot(target);

        var error = RunOne(new StubJob(state, target, "ExchangeServer", format, Failing: "Get-ExchangeCertificate"));

        Assert.Contains("did not return a suitable domain controller (Get-ExchangeCertificate)", error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(target));
        Assert.Empty(Directory.EnumerateDirectories(target, ".*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("Json")]
    [InlineData("CliXml")]
    public async Task An_organization_with_no_connectors_exports_empty_lists_that_import(string format)
    {
        var empty = Path.Combine(folder.Path, "empty-state");
        StubExchange.WriteState(ImportRoundTripTests.Load("contoso-hybrid.yaml"), empty);
        foreach (var name in (string[])["ExchangeServer/SendConnector.json", "ExchangeServer/AnonymousRelayPermission.json", "ExchangeOnline/InboundConnector.json"])
        {
            File.WriteAllText(Path.Combine(empty, name), "[]");
        }

        var target = Export("export");
        Assert.Null(RunOne(new StubJob(empty, target, "ExchangeServer", format)));
        Assert.Null(RunOne(new StubJob(empty, target, "ExchangeOnline", format)));

        var report = await ImportEngine.RunAsync(new ImportRequest(target));
        Assert.Empty(report.State.SendConnectors);
        Assert.Empty(report.State.InboundConnectors);
        Assert.NotEmpty(report.State.OutboundConnectors);
        Assert.DoesNotContain(report.State.ReceiveConnectors, c => c.AnonymousRelay?.Value == true);
    }

    /// <summary>
    /// The first night: import writes the file from an export, the nightly export right after it
    /// drifts by nothing (built-in connectors, Microsoft-managed domains and keys the file does not set
    /// included); a smart host changed in Exchange afterwards is CL601 at the file's smartHosts line.
    /// </summary>
    [Theory]
    [InlineData("Json")]
    [InlineData("CliXml")]
    public void The_first_night_of_config_drift_reports_nothing_until_Exchange_changes(string format)
    {
        var target = Export("export");
        Assert.Null(RunOne(new StubJob(state, target, "ExchangeServer", format)));
        Assert.Null(RunOne(new StubJob(state, target, "ExchangeOnline", format)));
        var file = Path.Combine(folder.Path, "mail-flow.yaml");
        var zone = Path.Combine(folder.Path, "contoso.zone");
        File.WriteAllText(zone, ExportShapes.ZoneFile(ImportRoundTripTests.Load("contoso-hybrid.yaml")));
        var imported = CliRunner.Run("import", target, "-o", file, "--zone-file", zone);
        Assert.Equal(0, imported.ExitCode);

        Assert.Null(RunOne(new StubJob(state, target, "ExchangeServer", format)));
        var night = CliRunner.Run("drift", file, "--exchange-export", target, "--skip-dns", "--format", "json");
        Assert.Equal(0, night.ExitCode);
        Assert.Empty(JsonNode.Parse(night.Stdout)!["findings"]!.AsArray());

        var connectors = JsonNode.Parse(File.ReadAllText(Path.Combine(state, "ExchangeServer/SendConnector.json")))!;
        foreach (var connector in connectors is JsonArray all ? all.Select(c => c!) : [connectors])
        {
            if (connector["SmartHosts"] is JsonArray { Count: > 0 } hosts)
            {
                hosts[0] = "smtp.relay.example.net";
            }
        }

        File.WriteAllText(Path.Combine(state, "ExchangeServer/SendConnector.json"), connectors.ToJsonString());
        Assert.Null(RunOne(new StubJob(state, target, "ExchangeServer", format)));
        var changed = CliRunner.Run("drift", file, "--exchange-export", target, "--skip-dns", "--format", "json");

        Assert.Equal(1, changed.ExitCode);
        var finding = Assert.Single(JsonNode.Parse(changed.Stdout)!["findings"]!.AsArray());
        var line = File.ReadAllLines(file).Select((text, i) => (text, i)).First(l => l.text.TrimStart().StartsWith("smartHosts:", StringComparison.Ordinal)).i + 1;
        Assert.Equal(("CL601", line), (finding!["ruleId"]!.GetValue<string>(), finding["line"]!.GetValue<int>()));
        Assert.Contains("smtp.relay.example.net", finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A built-in connector is quiet drift only while it is as setup made it: one that lets anyone relay is reported.</summary>
    [Fact]
    public void A_built_in_connector_that_grants_anonymous_relay_is_drift()
    {
        var permissions = Path.Combine(state, "ExchangeServer/AnonymousRelayPermission.json");
        var granted = JsonNode.Parse(File.ReadAllText(permissions))!;
        var all = granted is JsonArray array ? array : new JsonArray(granted.DeepClone());
        var relay = all[0]!.DeepClone();
        relay["Connector"] = "EX01\\Default Frontend EX01";
        all.Add(relay);
        File.WriteAllText(permissions, all.ToJsonString());
        var target = Export("export");
        Assert.Null(RunOne(new StubJob(state, target, "ExchangeServer")));
        Assert.Null(RunOne(new StubJob(state, target, "ExchangeOnline")));

        var result = CliRunner.Run("drift", TestPaths.Example("contoso-hybrid.yaml"), "--exchange-export", target, "--skip-dns", "--format", "json");

        var finding = Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray());
        Assert.Equal("CL602", finding!["ruleId"]!.GetValue<string>());
        Assert.StartsWith("receive connector 'EX01\\Default Frontend EX01' is in Exchange", finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Snapshot(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")];
}

/// <summary>
/// One tenant, two Exchange forests (topology i): the script exports each forest into
/// ExchangeServer/&lt;forest&gt;/, import merges them into one file, and config drift compares each
/// object with the forest it came from.
/// </summary>
public sealed class TwoForestExportTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly string export;

    public TwoForestExportTests()
    {
        var whole = Path.Combine(folder.Path, "state");
        StubExchange.WriteState(ImportRoundTripTests.Load("topologies/i-two-forests.yaml"), whole);
        export = Path.Combine(folder.Path, "export");
        var jobs = new List<StubJob> { new(whole, export, "ExchangeOnline") };
        foreach (var (forest, server) in new[] { ("contoso", "EX01"), ("fabrikam", "FABEX01") })
        {
            jobs.Add(new StubJob(ForestState(whole, forest, server), export, "ExchangeServer", Forest: forest));
        }

        Assert.Equal([null, null, null], StubExchange.Run(jobs, folder.Path));
    }

    public void Dispose() => folder.Dispose();

    /// <summary>One forest's part of the organization, its outbound connector named as the Hybrid Configuration Wizard names it in every forest.</summary>
    private string ForestState(string whole, string forest, string server)
    {
        var state = Path.Combine(folder.Path, "state-" + forest);
        TemporaryFolder.CopyFolder(whole, state);
        Filter(state, "ExchangeServer", c => c["Name"]!.GetValue<string>() == server);
        Filter(state, "SendConnector", c => c["SourceTransportServers"]!.AsArray().Any(s => s!.GetValue<string>() == server), c =>
            c["Name"] = c["Name"]!.GetValue<string>().Replace($" ({forest})", "", StringComparison.Ordinal));
        Filter(state, "ReceiveConnector", c => c["Server"]!.GetValue<string>() == server);
        Filter(state, "AnonymousRelayPermission", c => c["Connector"]!.GetValue<string>().StartsWith(server + "\\", StringComparison.Ordinal));
        Filter(state, "ExchangeCertificate", c => c["Subject"]!.GetValue<string>().EndsWith($".{forest}.com", StringComparison.Ordinal));
        return state;
    }

    private static void Filter(string state, string name, Func<JsonNode, bool> keep, Action<JsonNode>? change = null)
    {
        var path = Path.Combine(state, "ExchangeServer", name + ".json");
        if (!File.Exists(path))
        {
            return;
        }

        var root = JsonNode.Parse(File.ReadAllText(path));
        var kept = new JsonArray([.. (root is JsonArray all ? all.Select(n => n!) : root is null ? [] : [root]).Where(keep).Select(n => n.DeepClone())]);
        foreach (var item in kept)
        {
            change?.Invoke(item!);
        }

        File.WriteAllText(path, kept.ToJsonString());
    }


    [Fact]
    public void Each_forest_is_exported_into_a_folder_of_its_own()
    {
        Assert.Equal(["contoso", "fabrikam"], Directory.GetDirectories(Path.Combine(export, "ExchangeServer")).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(export, "ExchangeServer", "fabrikam", "SendConnector.json")));
    }

    [Fact]
    public async Task Two_forests_import_into_one_file_with_no_drift_against_the_example()
    {
        var original = ImportRoundTripTests.Load("topologies/i-two-forests.yaml");

        var report = await ImportEngine.RunAsync(new ImportRequest(export));

        Assert.Equal(["EX01", "FABEX01"], report.State.OnPremises!.Servers.Select(s => s.Name.Value).Order());
        Assert.Contains("Outbound to Office 365 (fabrikam)", report.State.SendConnectors.Select(c => c.Name.Value));
        Assert.Contains("# 'Outbound to Office 365' in forest fabrikam", report.Yaml, StringComparison.Ordinal);
        Assert.Empty(new ConfigDriftChecker(report.State, report.Result, export).Check(original).Select(d => $"{d.Span.Line}: {d.Message}"));
    }

    [Fact]
    public void A_change_in_one_forest_is_drift_of_that_forest_at_the_connectors_line()
    {
        var state = Path.Combine(folder.Path, "state-fabrikam");
        var path = Path.Combine(state, "ExchangeServer", "SendConnector.json");
        var connectors = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        connectors.Single(c => c!["Name"]!.GetValue<string>() == "Outbound to Office 365")!["Port"] = 587;
        File.WriteAllText(path, connectors.ToJsonString());
        Assert.Null(StubExchange.Run([new StubJob(state, export, "ExchangeServer", Forest: "fabrikam")], folder.Path)[0]);

        var result = CliRunner.Run("drift", TestPaths.Example("topologies/i-two-forests.yaml"), "--exchange-export", export, "--skip-dns", "--format", "json");

        var finding = Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray());
        var lines = File.ReadAllLines(TestPaths.Example("topologies/i-two-forests.yaml"));
        var connector = Array.FindIndex(lines, l => l.Contains("name: Outbound to Office 365 (fabrikam)", StringComparison.Ordinal));
        var port = Array.FindIndex(lines, connector, l => l.TrimStart().StartsWith("port:", StringComparison.Ordinal)) + 1;
        Assert.Equal(("CL601", port), (finding!["ruleId"]!.GetValue<string>(), finding["line"]!.GetValue<int>()));
        Assert.Contains("(Get-SendConnector in export/ExchangeServer/fabrikam)", finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_without_the_forest_name_into_a_layout_of_forests_is_refused()
    {
        var error = StubExchange.Run([new StubJob(Path.Combine(folder.Path, "state-contoso"), export, "ExchangeServer")], folder.Path)[0];

        Assert.Contains("holds the exports of the forests contoso, fabrikam; give -Forest", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(export, "ExchangeServer", "contoso", "SendConnector.json")));
    }
}
