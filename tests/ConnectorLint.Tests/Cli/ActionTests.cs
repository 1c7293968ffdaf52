using System.Diagnostics;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using YamlDotNet.RepresentationModel;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// Runs the steps of action.yml as the runner would: each `run` in bash, with its `env` expanded
/// from the inputs and GITHUB_* variables pointing at temporary files; then checks what it left.
/// </summary>
public partial class ActionTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(string fileName, IEnumerable<string> args, IDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in new[] { "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_WORKSPACE" })
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the step did not finish in 5 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [GeneratedRegex(@"\$\{\{\s*(inputs|github)\.([A-Za-z_-]+)\s*\}\}")]
    private static partial Regex Expression();

    [Fact]
    public async Task ActionStepsAnnotateWriteSarifSummaryAndOutputs()
    {
        var root = TestPaths.RepositoryRoot;
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var output = Path.Combine(temp.FullName, "output");
            var summary = Path.Combine(temp.FullName, "summary.md");
            var sarif = Path.Combine(temp.FullName, "results.sarif");
            File.WriteAllText(output, "");
            File.WriteAllText(summary, "");
            var inputs = new Dictionary<string, string>
            {
                ["files"] = "examples/open-relay.yaml examples/contoso-hybrid.yaml",
                ["sarif-file"] = sarif,
            };

            var action = new YamlStream();
            using (var reader = new StreamReader(Path.Combine(root, "action.yml")))
            {
                action.Load(reader);
            }

            var document = (YamlMappingNode)action.Documents[0].RootNode;
            foreach (var (name, input) in ((YamlMappingNode)document["inputs"]).Children)
            {
                var key = ((YamlScalarNode)name).Value!;
                if (!inputs.ContainsKey(key) && ((YamlMappingNode)input).Children.TryGetValue(new YamlScalarNode("default"), out var value))
                {
                    inputs[key] = ((YamlScalarNode)value).Value ?? "";
                }
            }

            var ranSteps = 0;
            int exitCode = -1;
            var stdout = "";
            foreach (var step in ((YamlSequenceNode)((YamlMappingNode)document["runs"])["steps"]).Children.Cast<YamlMappingNode>())
            {
                if (!step.Children.TryGetValue(new YamlScalarNode("run"), out var run))
                {
                    continue; // uses: actions/setup-dotnet; .NET is already here
                }

                var environment = new Dictionary<string, string>
                {
                    ["GITHUB_ACTIONS"] = "true",
                    ["GITHUB_OUTPUT"] = output,
                    ["GITHUB_STEP_SUMMARY"] = summary,
                    ["GITHUB_WORKSPACE"] = root,
                    ["RUNNER_TEMP"] = temp.FullName,
                };
                if (step.Children.TryGetValue(new YamlScalarNode("env"), out var env))
                {
                    foreach (var (key, value) in ((YamlMappingNode)env).Children)
                    {
                        environment[((YamlScalarNode)key).Value!] = Expression().Replace(((YamlScalarNode)value).Value!, m =>
                            m.Groups[1].Value == "github" ? (m.Groups[2].Value == "action_path" ? root : "") : inputs.GetValueOrDefault(m.Groups[2].Value, ""));
                    }
                }

                (exitCode, stdout, var stderr) = Run("bash", ["-c", ((YamlScalarNode)run).Value!], environment, root);
                Assert.True(exitCode is 0 or 1, $"exit {exitCode}: {stderr}");
                ranSteps++;
            }

            Assert.Equal(1, ranSteps);
            Assert.Equal(1, exitCode);
            Assert.Contains("::error file=examples/open-relay.yaml,line=60,col=24,", stdout, StringComparison.Ordinal);
            Assert.Contains("title=CL401::", stdout, StringComparison.Ordinal);

            var outputs = File.ReadAllLines(output);
            Assert.Contains("findings=1", outputs);
            Assert.Contains("errors=1", outputs);
            Assert.Contains($"sarif-file={sarif}", outputs);

            var schema = await JsonSchema.FromFileAsync(TestPaths.Conformance("sarif-schema-2.1.0.json"));
            var sarifJson = JToken.Parse(File.ReadAllText(sarif));
            Assert.Empty(schema.Validate(sarifJson));
            Assert.Equal("examples/open-relay.yaml", (string)sarifJson["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);

            var markdown = File.ReadAllText(summary);
            Assert.StartsWith("## ConnectorLint", markdown, StringComparison.Ordinal);
            Assert.Contains("[CL401](", markdown, StringComparison.Ordinal);
            Assert.Contains("`examples/open-relay.yaml:60:24`", markdown, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void GitHubIsTheDefaultFormatInActionsAndTheSummaryIsAppended()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-gha-");
        try
        {
            var summary = Path.Combine(temp.FullName, "summary.md");
            File.WriteAllText(summary, "earlier step\n");
            var dll = Path.Combine(AppContext.BaseDirectory, "connectorlint.dll");
            var env = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary, ["GITHUB_WORKSPACE"] = TestPaths.RepositoryRoot };
            var (exit, stdout, _) = Run("dotnet", [dll, "lint", "examples/open-relay.yaml"], env, TestPaths.RepositoryRoot);
            Assert.Equal(1, exit);
            Assert.StartsWith("::error file=examples/open-relay.yaml,", stdout, StringComparison.Ordinal);
            var markdown = File.ReadAllText(summary);
            Assert.StartsWith("earlier step\n## ConnectorLint", markdown, StringComparison.Ordinal);

            var (quietExit, _, _) = Run("dotnet", [dll, "lint", "examples/contoso-hybrid.yaml", "--no-step-summary"], env, TestPaths.RepositoryRoot);
            Assert.Equal(0, quietExit);
            Assert.Equal(markdown, File.ReadAllText(summary));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
