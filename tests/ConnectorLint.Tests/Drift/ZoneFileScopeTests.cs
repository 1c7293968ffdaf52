using System.Text.Json.Nodes;
using ConnectorLint.Tests.Cli;
using ConnectorLint.Tests.Import;

namespace ConnectorLint.Tests.Drift;

/// <summary>
/// A zone file speaks for the names it holds: a domain it leaves out is unknown to drift and import,
/// never "no MX" (NXDOMAIN), while spf check keeps the test suite's reading (the zone files are all of DNS).
/// </summary>
public sealed class ZoneFileScopeTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly string zone;

    public ZoneFileScopeTests()
    {
        // The example's zone without contoso.net.
        var text = File.ReadAllText(TestPaths.Example("contoso.zone"));
        var start = text.IndexOf("$ORIGIN contoso.net.", StringComparison.Ordinal);
        var end = text.IndexOf("$ORIGIN", start + 1, StringComparison.Ordinal);
        zone = Path.Combine(folder.Path, "contoso-com-only.zone");
        File.WriteAllText(zone, text[..start] + text[end..]);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Drift_reports_a_domain_the_zone_file_leaves_out_as_unknown_never_as_missing_records()
    {
        var result = CliRunner.Run("drift", TestPaths.Example("contoso-hybrid.yaml"), "--zone-file", zone, "--format", "json");

        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray().Select(f => (Rule: f!["ruleId"]!.GetValue<string>(), Message: f["message"]!.GetValue<string>())).ToList();
        var net = findings.Where(f => f.Message.Contains("contoso.net", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(net);
        Assert.All(net, f => Assert.Equal("CL508", f.Rule));
        Assert.All(net, f => Assert.Contains("the zone files given do not hold", f.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Message.Contains("contoso.com'", StringComparison.Ordinal) && f.Rule == "CL508" && f.Message.Contains("MX", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_comments_the_records_of_a_domain_the_zone_file_leaves_out_as_unknown()
    {
        using var exportFolder = new TemporaryFolder();
        ExportShapes.Write(ImportRoundTripTests.Load("contoso-hybrid.yaml"), exportFolder.Path, ExportShape.PowerShell7Json);
        var output = Path.Combine(folder.Path, "imported.yaml");

        var result = CliRunner.Run("import", exportFolder.Path, "-o", output, "--zone-file", zone);

        Assert.Equal(0, result.ExitCode);
        var yaml = File.ReadAllText(output);
        var net = Section(yaml, "domainName: contoso.net");
        Assert.Contains("# mx: unknown (the zone files given do not hold the name); fill it in.", net, StringComparison.Ordinal);
        Assert.Contains("# spf: unknown (the zone files given do not hold the name); fill it in.", net, StringComparison.Ordinal);
        Assert.Contains("exchange: contoso-com.mail.protection.outlook.com", Section(yaml, "domainName: contoso.com"), StringComparison.Ordinal);
    }

    /// <summary>A domain's entry: from its name to the next domain or section.</summary>
    private static string Section(string yaml, string start)
    {
        var from = yaml.IndexOf(start, StringComparison.Ordinal);
        var to = new[] { yaml.IndexOf("- domainName:", from, StringComparison.Ordinal), yaml.IndexOf("\nonPremises:", from, StringComparison.Ordinal) }.Where(i => i > 0).DefaultIfEmpty(yaml.Length).Min();
        return yaml[from..to];
    }
}
