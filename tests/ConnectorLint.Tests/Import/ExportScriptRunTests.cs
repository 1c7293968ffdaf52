using System.Text.Json.Nodes;
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
