using System.Diagnostics;
using ConnectorLint.Cli;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace ConnectorLint.Tests.Cli;

/// <summary>A run that cannot do its job still tells CI: a GitHub error annotation, a SARIF file that says so, exit 2.</summary>
public class SetupErrorTests
{
    /// <summary>The built command in its own process, with the environment of a GitHub Actions job.</summary>
    private static (int Exit, string Stdout, string Stderr) RunInActions(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(CommandLineApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment.Remove("GITHUB_STEP_SUMMARY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "connectorlint did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static async Task<JToken> ValidSarif(string path)
    {
        var sarif = JToken.Parse(await File.ReadAllTextAsync(path));
        var schema = await JsonSchema.FromFileAsync(TestPaths.Conformance("sarif-schema-2.1.0.json"));
        var errors = schema.Validate(sarif);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        return sarif;
    }

    [Fact]
    public async Task AMissingFileIsAnErrorAnnotationAndAFailedSarifRun()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-setup-").FullName;
        var (exit, stdout, stderr) = RunInActions(folder, "lint", "missing.yaml", "--sarif-output", "r.sarif");
        Assert.Equal(2, exit);
        Assert.Equal("::error title=ConnectorLint could not run::'missing.yaml' does not exist.\n", stdout);
        Assert.Contains("connectorlint: error: 'missing.yaml' does not exist.", stderr, StringComparison.Ordinal);
        var invocation = (await ValidSarif(Path.Combine(folder, "r.sarif")))["runs"]![0]!["invocations"]![0]!;
        Assert.False((bool)invocation["executionSuccessful"]!);
        Assert.Equal("'missing.yaml' does not exist.", (string)invocation["toolExecutionNotifications"]![0]!["message"]!["text"]!);
    }

    [Fact]
    public async Task ABadConfigurationIsAnnotatedAtItsLine()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-setup-").FullName;
        File.Copy(TestPaths.Example("contoso-hybrid.yaml"), Path.Combine(folder, "org.yaml"));
        File.WriteAllText(Path.Combine(folder, ".connectorlint.yaml"), "rules:\n  CL999: off\n");
        var sarifPath = Path.Combine(folder, "r.sarif");
        var result = CliRunner.Run("lint", Path.Combine(folder, "org.yaml"), "--format", "github", "--sarif-output", sarifPath, "--no-step-summary");
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"^::error file=[^,]*\.connectorlint\.yaml,line=2,col=3,title=ConnectorLint could not run::'CL999' is not a rule; 'connectorlint rules' lists them\.\n$", result.Stdout);
        var notification = (await ValidSarif(sarifPath))["runs"]![0]!["invocations"]![0]!["toolExecutionNotifications"]![0]!;
        Assert.Equal(2, (int)notification["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
    }

    /// <summary>A value outside an option's choices is one readable line: the choices separated by commas, no literal "\\n".</summary>
    [Fact]
    public void AValueOutsideTheChoicesListsThemOnOneLine()
    {
        var result = CliRunner.Run("lint", TestPaths.Example("contoso-hybrid.yaml"), "--fail-on", "critical");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("connectorlint: error: Argument 'critical' not recognized. Must be one of: 'error', 'warning', 'note', 'never'\n", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TextAndJsonLeaveTheErrorToStandardError()
    {
        var result = CliRunner.Run("lint", "/nonexistent/org.yaml", "--format", "json");
        Assert.Equal((2, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
    }
}
