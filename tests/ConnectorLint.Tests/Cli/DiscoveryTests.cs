using System.Text.Json;

namespace ConnectorLint.Tests.Cli;

/// <summary>Folder mode never skips a file that was meant to be linted without saying so.</summary>
public class DiscoveryTests
{
    private static string Folder()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-discovery-").FullName;
        var clean = TestPaths.ExampleText("contoso-hybrid.yaml");
        File.WriteAllText(Path.Combine(folder, "clean.yaml"), clean);
        // An open relay, but its apiVersion key is typed in lower case: it must not pass unseen.
        var openRelay = TestPaths.ExampleText("open-relay.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains("\napiVersion: connectorlint/v1\n", openRelay, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "relay.yaml"), openRelay.Replace("\napiVersion: connectorlint/v1\n", "\napiversion: connectorlint/v1\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "next.yml"), clean.Replace("apiVersion: connectorlint/v1", "apiVersion: connectorlint/v2", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(folder, ".github", "workflows"));
        File.WriteAllText(Path.Combine(folder, ".github", "workflows", "ci.yml"), "name: CI\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n");
        return folder;
    }

    [Fact]
    public void TheNearMissesOfAFolderAreReportedAtTheirLinesAndFailTheRun()
    {
        var folder = Folder();
        var result = CliRunner.Run("lint", folder, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (File: Path.GetFileName(f.GetProperty("file").GetString()!), Rule: f.GetProperty("ruleId").GetString(), Line: f.GetProperty("line").GetInt32(), Column: f.GetProperty("column").GetInt32()))
            .ToList();
        int LineOf(string file, string text) => File.ReadAllLines(Path.Combine(folder, file)).ToList().FindIndex(l => l.StartsWith(text, StringComparison.Ordinal)) + 1;
        Assert.Equal([("next.yml", "CL005", LineOf("next.yml", "apiVersion:"), 13), ("relay.yaml", "CL005", LineOf("relay.yaml", "apiversion:"), 1)], findings.OrderBy(f => f.File));

        var text = CliRunner.Run("lint", folder);
        Assert.EndsWith("2 errors, 0 warnings, 0 notes in 3 files; 1 other YAML file is not a desired-state file\n", text.Stdout.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Contains("the key 'apiversion' is not 'apiVersion'", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("apiVersion is 'connectorlint/v2'", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFormatsKeysWithoutApiVersionAreANearMiss()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-discovery-").FullName;
        File.WriteAllText(Path.Combine(folder, "org.yaml"), TestPaths.ExampleText("contoso-hybrid.yaml").Replace("apiVersion: connectorlint/v1\n", "", StringComparison.Ordinal));
        var result = CliRunner.Run("lint", folder);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error CL005: the file has the format's keys (tenant, acceptedDomains", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ANamedForeignFileGetsOneFindingOrPassesWithSkipForeign()
    {
        var workflow = Path.Combine(Folder(), ".github", "workflows", "ci.yml");
        var named = CliRunner.Run("lint", workflow, "--format", "json");
        Assert.Equal(1, named.ExitCode);
        using var json = JsonDocument.Parse(named.Stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(("CL006", 1, 1), (finding.GetProperty("ruleId").GetString(), finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32()));
        Assert.Contains("looks like a GitHub Actions workflow", finding.GetProperty("message").GetString(), StringComparison.Ordinal);

        var skipped = CliRunner.Run("lint", workflow, TestPaths.Example("contoso-hybrid.yaml"), "--skip-foreign");
        Assert.Equal(0, skipped.ExitCode);
        Assert.EndsWith("no findings in 1 file; 1 other YAML file is not a desired-state file\n", skipped.Stdout.Replace("\r\n", "\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void AZoneFileGivenToLintNamesTheCommandThatTakesIt()
    {
        var result = CliRunner.Run("lint", TestPaths.Example("contoso.zone"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error CL006: 'contoso.zone' is not a ConnectorLint desired-state file (no 'apiVersion: connectorlint/v1'); it looks like a DNS zone file; give it to 'connectorlint drift --zone-file'", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYamlNamedOnTheCommandLineStillSaysWhereItBreaks()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("connectorlint-discovery-").FullName, "f.yaml");
        File.WriteAllText(path, "a: [\nb\n");
        var result = CliRunner.Run("lint", path);
        Assert.Contains("error CL001", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CL006", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobPatternsAreExpandedByTheToolItself()
    {
        var folder = Folder();
        var all = CliRunner.Run("lint", Path.Combine(folder, "**", "*.y*ml"));
        Assert.Equal(1, all.ExitCode);
        Assert.EndsWith("2 errors, 0 warnings, 0 notes in 3 files; 1 other YAML file is not a desired-state file\n", all.Stdout.Replace("\r\n", "\n"), StringComparison.Ordinal);

        var one = CliRunner.Run("lint", Path.Combine(folder, "c*.yaml"));
        Assert.Equal((0, "no findings in 1 file\n"), (one.ExitCode, one.Stdout.Replace("\r\n", "\n")));

        var none = CliRunner.Run("lint", Path.Combine(folder, "nothing", "*.yaml"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("matches no desired-state files", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandardInputIsLintedUnderTheNameGiven()
    {
        var text = TestPaths.ExampleText("open-relay.yaml");
        var request = new LintRequest(["-"])
        {
            StandardInput = () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)),
            StandardInputName = "mailflow/org.yaml",
        };
        var report = await LintEngine.RunAsync(request);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("CL401", "mailflow/org.yaml"), (finding.RuleId, finding.Span.File));
        Assert.Equal("mailflow/org.yaml", Assert.Single(report.Files).Path);
    }

    [Fact]
    public void StandardInputThroughTheRealCommand()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(ConnectorLint.Cli.CommandLineApp).Assembly.Location, "lint", "-", "--format", "json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Write(TestPaths.ExampleText("open-relay.yaml"));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("\"file\": \"<stdin>\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"ruleId\": \"CL401\"", stdout, StringComparison.Ordinal);
    }
}
