using System.Diagnostics;
using ConnectorLint.Cli;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// Admins who keep YAML in git often run yamllint: the examples, the workflows and what import writes
/// pass its default configuration with warnings counted as failures (-s).
/// </summary>
public class YamllintTests
{
    private static (int Exit, string Output) Yamllint(params string[] paths)
    {
        var start = new ProcessStartInfo("yamllint") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-s", "-f", "parsable", "-d", "{extends: default}", .. paths])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "yamllint did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void EveryExampleAndWorkflowPassesYamllintsDefaults()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "examples"), "*.y*ml", SearchOption.AllDirectories);
        Assert.True(files.Length >= 20, $"{files.Length} example files");
        var (exit, output) = Yamllint(files);
        Assert.True(exit == 0, output);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task AnImportedFilePassesYamllintsDefaults()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-yamllint-").FullName;
        try
        {
            var fixture = Path.Combine(RepositoryRoot.Path, "tests", "ConnectorLint.Tests", "Import", "Fixtures");
            var output = Path.Combine(folder, "imported.yaml");
            var stderr = new StringWriter();
            var exit = await CommandLineApp.RunAsync(
                ["import", Path.Combine(fixture, "classic-hybrid"), "--zone-file", Path.Combine(fixture, "classic-hybrid.zone"), "-o", output],
                new StringWriter(), stderr);
            Assert.True(exit == 0, stderr.ToString());

            // The fixture has what used to pass the line length: long certificate names, range lists,
            // comments after values and the header listing every export file.
            var text = File.ReadAllText(output);
            Assert.Contains(text.Split('\n'), l => l.Length > 60);
            var (lintExit, lint) = Yamllint(output);
            Assert.True(lintExit == 0, lint + "\n" + text);
            Assert.Equal("", lint.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
