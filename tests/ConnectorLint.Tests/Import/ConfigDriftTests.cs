using System.Text.Json.Nodes;
using ConnectorLint.Diagnostics;
using ConnectorLint.Tests.Cli;
using Xunit;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// drift --exchange-export: a property changed in Exchange is reported at the file's line for it, in
/// plan form; an unchanged export gives nothing; what the export does not hold is unknown.
/// </summary>
public sealed class ConfigDriftTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly string file;
    private readonly string export;

    public ConfigDriftTests()
    {
        file = Path.Combine(folder.Path, "contoso.yaml");
        File.Copy(TestPaths.Example("contoso-hybrid.yaml"), file);
        export = Path.Combine(folder.Path, "export");
        ExportShapes.Write(ImportRoundTripTests.Load("contoso-hybrid.yaml"), export, ExportShape.PowerShell7Json);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_unchanged_export_gives_no_finding()
    {
        Assert.Empty(await DriftAsync());
    }

    [Fact]
    public async Task A_renamed_TlsCertificateName_is_reported_at_the_connectors_certificate_line()
    {
        Edit("ExchangeServer/SendConnector.json", c => c["TlsCertificateName"] = "<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail2.contoso.com");

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL601", Line("tlsCertificate: smtp-2026")), (finding.RuleId, finding.Span.Line));
        Assert.Equal(
            "send connector 'Outbound to Office 365': TlsCertificateName in Exchange is '<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail2.contoso.com', "
            + "the file wants '<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail.contoso.com' (Get-SendConnector in export/ExchangeServer).\n"
            + "- tlsCertificate: '<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail2.contoso.com'\n"
            + "+ tlsCertificate: '<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail.contoso.com'",
            finding.Message);
    }

    [Fact]
    public async Task An_added_SenderIPAddresses_entry_is_reported_at_senderIPAddresses()
    {
        Edit("ExchangeOnline/InboundConnector.json", c => c["SenderIPAddresses"]!.AsArray().Add("198.51.100.7"));

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL601", Line("senderIPAddresses: [203.0.113.25]")), (finding.RuleId, finding.Span.Line));
        Assert.EndsWith("(Get-InboundConnector in export/ExchangeOnline).\n- senderIPAddresses: 198.51.100.7", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A range listed twice is one item, as lint and Exchange take it: no drift, a clean run, nothing on standard error.</summary>
    [Fact]
    public async Task A_range_listed_twice_is_one_range()
    {
        var text = File.ReadAllText(file);
        var first = text.IndexOf("remoteIPRanges: [", StringComparison.Ordinal) + "remoteIPRanges: [".Length;
        var end = text.IndexOf(']', first);
        var ranges = text[first..end];
        File.WriteAllText(file, text[..first] + ranges + ", " + ranges.Split(',')[0].Trim() + text[end..]);

        Assert.Empty(await DriftAsync());
        var result = CliRunner.Run("drift", file, "--exchange-export", export, "--skip-dns");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
    }

    /// <summary>A version the file sets is compared; an upgrade done outside the repository is drift at its line.</summary>
    [Fact]
    public async Task A_server_version_the_file_sets_is_compared()
    {
        File.WriteAllText(file, File.ReadAllText(file).Replace("      fqdn: ex01.contoso.com\n", "      fqdn: ex01.contoso.com\n      version: exchange2016\n", StringComparison.Ordinal));

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL601", Line("version: exchange2016")), (finding.RuleId, finding.Span.Line));
        Assert.Contains("AdminDisplayVersion in Exchange is exchange2019, the file wants exchange2016", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_connector_is_reported_at_enabled()
    {
        Edit("ExchangeOnline/OutboundConnector.json", c => c["Enabled"] = false);

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL601", LineAfter("- name: To on-premises", "enabled: true")), (finding.RuleId, finding.Span.Line));
        Assert.Contains("outbound connector 'To on-premises': Enabled in Exchange is false, the file wants true", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("- enabled: false\n+ enabled: true", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_file_leaves_out_is_compared_with_Exchanges_default()
    {
        // The file's scanner relay connector does not say "enabled"; Exchange's default is true.
        Edit("ExchangeServer/ReceiveConnector.json", c => c["Enabled"] = false);

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL601", Line("- name: Scanner relay")), (finding.RuleId, finding.Span.Line));
        Assert.Contains("receive connector 'EX01\\Scanner relay': Enabled in Exchange is false, the file wants true", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_property_shows_each_item_as_the_file_and_Exchange_spell_it()
    {
        Edit("ExchangeServer/ReceiveConnector.json", c => c["PermissionGroups"] = "AnonymousUsers, ExchangeLegacyServers");

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL601", Line("permissionGroups: [anonymousUsers]")), (finding.RuleId, finding.Span.Line));
        Assert.EndsWith("\n- permissionGroups: exchangeLegacyServers", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_on_one_side_only_are_reported()
    {
        EditFile("ExchangeOnline/InboundConnector.json", root =>
        {
            var copy = root.DeepClone();
            copy["Name"] = "Temporary relay";
            return new JsonArray(root.DeepClone(), copy);
        });
        EditFile("ExchangeServer/ReceiveConnector.json", _ => new JsonArray());

        var findings = await DriftAsync();

        Assert.Equal(
            [("CL602", Line("exchangeOnline:"), "inbound connector 'Temporary relay' is in Exchange (Get-InboundConnector in export/ExchangeOnline) but not in the file: it was added outside the repository.\n- inboundConnectors: Temporary relay"),
             ("CL603", Line("- name: Scanner relay"), "receive connector 'EX01\\Scanner relay' is in the file but not in Exchange's export (Get-ReceiveConnector in export/ExchangeServer): it was removed or renamed outside the repository.\n+ receiveConnectors: EX01\\Scanner relay")],
            findings.Select(f => (f.RuleId, f.Span.Line, f.Message)).OrderBy(f => f.RuleId));
    }

    [Fact]
    public async Task A_replaced_certificate_is_reported_at_the_certificate()
    {
        EditFile("ExchangeServer/ExchangeCertificate.json", root =>
        {
            root["Thumbprint"] = "FEDCBA9876543210FEDCBA9876543210FEDCBA98";
            root["Subject"] = "CN=mail.contoso.net";
            return root;
        });

        var findings = await DriftAsync();

        var finding = Assert.Single(findings, f => f.RuleId == "CL603");
        Assert.Equal(Line("- name: smtp-2026"), finding.Span.Line);
    }

    [Fact]
    public async Task A_property_the_export_does_not_hold_is_unknown_not_drift()
    {
        Edit("ExchangeServer/SendConnector.json", c =>
        {
            c.AsObject().Remove("TlsDomain");
            c.AsObject().Remove("Port");
        });

        var finding = Assert.Single(await DriftAsync());

        Assert.Equal(("CL604", Severity.Warning, Line("- name: Outbound to Office 365")), (finding.RuleId, finding.Severity, finding.Span.Line));
        Assert.StartsWith("send connector 'Outbound to Office 365': the export does not hold port, tlsDomain; not compared (unknown, not drift).", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cmdlet_not_exported_leaves_its_objects_uncompared()
    {
        File.Delete(Path.Combine(export, "ExchangeServer", "ReceiveConnector.json"));
        File.Delete(Path.Combine(export, "ExchangeServer", "AnonymousRelayPermission.json"));

        Assert.Empty(await DriftAsync());
    }

    [Fact]
    public async Task Configuration_and_inline_suppressions_apply_to_config_drift()
    {
        Edit("ExchangeOnline/OutboundConnector.json", c => c["Enabled"] = false);
        Edit("ExchangeOnline/InboundConnector.json", c => c["SenderIPAddresses"]!.AsArray().Add("198.51.100.7"));
        var lines = File.ReadAllLines(file).ToList();
        var at = lines.FindIndex(l => l.Contains("senderIPAddresses: [203.0.113.25]", StringComparison.Ordinal));
        lines[at] += "   # connectorlint-disable-line CL601 -- the second relay is being moved";
        File.WriteAllLines(file, lines);

        var suppressed = await DriftAsync();
        Assert.Equal(LineAfter("- name: To on-premises", "enabled: true"), Assert.Single(suppressed).Span.Line);

        File.Copy(TestPaths.Example("contoso-hybrid.yaml"), file, overwrite: true);
        File.WriteAllText(Path.Combine(folder.Path, ".connectorlint.yaml"), "rules:\n  CL601: off\n");
        Assert.Empty((await DriftAsync()).Select(f => $"{f.RuleId} {f.Span.Line} {f.Message}"));
    }

    [Fact]
    public void The_command_reports_config_drift_at_the_line_and_exits_1()
    {
        Edit("ExchangeOnline/InboundConnector.json", c => c["SenderIPAddresses"]!.AsArray().Add("198.51.100.7"));

        var result = CliRunner.Run("drift", file, "--exchange-export", export, "--skip-dns", "--format", "github");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"::error file={file},line={Line("senderIPAddresses: [203.0.113.25]")},", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CL601", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_refuses_a_folder_that_is_not_an_export()
    {
        File.WriteAllText(Path.Combine(export, "notes.txt"), "x");

        var result = CliRunner.Run("drift", file, "--exchange-export", export, "--skip-dns");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("notes.txt", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not part of an export", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_dns_without_an_export_is_a_usage_error()
    {
        var result = CliRunner.Run("drift", file, "--skip-dns");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--skip-dns leaves nothing to compare without --exchange-export", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<Finding>> DriftAsync() =>
        (await LintEngine.RunAsync(new LintRequest([file]) { Checks = Checks.ExchangeExport, ExchangeExport = export })).Findings;

    /// <summary>Changes the one object of a file that holds a single object (ConvertTo-Json writes it without an array).</summary>
    private void Edit(string relative, Action<JsonNode> change) => EditFile(relative, root =>
    {
        change(root);
        return root;
    });

    private void EditFile(string relative, Func<JsonNode, JsonNode> change)
    {
        var path = Path.Combine(export, relative);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        File.WriteAllText(path, change(root).ToJsonString());
    }

    private int Line(string text) => Array.FindIndex(File.ReadAllLines(file), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private int LineAfter(string anchor, string text)
    {
        var lines = File.ReadAllLines(file);
        var start = Array.FindIndex(lines, l => l.Contains(anchor, StringComparison.Ordinal));
        return Array.FindIndex(lines, start, l => l.Contains(text, StringComparison.Ordinal)) + 1;
    }
}
