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

    [GeneratedRegex(@"\$\{\{\s*(inputs|github)\.([A-Za-z_.-]+)\s*\}\}")]
    private static partial Regex Expression();

    /// <summary>What one run of the action left behind.</summary>
    private sealed record ActionRun(int ExitCode, string Stdout, string Stderr, string[] Outputs, string Summary, string SarifFile)
    {
        public string ToolCache => Path.Combine(Path.GetDirectoryName(SarifFile)!, "toolcache");
    }

    /// <summary>
    /// Runs every `run` step of action.yml with the given inputs (the rest take their defaults),
    /// in <paramref name="workspace"/>, with the runner's variables pointing into <paramref name="temp"/>.
    /// </summary>
    private static ActionRun RunAction(Dictionary<string, string> inputs, string workspace, string temp)
    {
        var output = Path.Combine(temp, "output");
        var summary = Path.Combine(temp, "summary.md");
        var sarif = Path.Combine(temp, "results.sarif");
        var path = Path.Combine(temp, "path");
        var env = Path.Combine(temp, "env");
        foreach (var file in new[] { output, summary, path, env })
        {
            File.WriteAllText(file, "");
        }

        inputs = new Dictionary<string, string>(inputs);
        inputs.TryAdd("sarif-file", sarif);
        var action = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(TestPaths.RepositoryRoot, "action.yml")))
        {
            action.Load(reader);
        }

        var document = (YamlMappingNode)action.Documents[0].RootNode;
        foreach (var (name, input) in ((YamlMappingNode)document["inputs"]).Children)
        {
            var key = ((YamlScalarNode)name).Value!;
            if (!inputs.ContainsKey(key) && ((YamlMappingNode)input).Children.TryGetValue(new YamlScalarNode("default"), out var value))
            {
                // A default such as ${{ github.event.pull_request.base.sha }}: outside a pull request, empty.
                inputs[key] = Expression().Replace(((YamlScalarNode)value).Value ?? "", "");
            }
        }

        var ranSteps = 0;
        (int ExitCode, string Stdout, string Stderr) result = (-1, "", "");
        foreach (var step in ((YamlSequenceNode)((YamlMappingNode)document["runs"])["steps"]).Children.Cast<YamlMappingNode>())
        {
            Assert.True(step.Children.ContainsKey(new YamlScalarNode("run")), "every step of the action is a `run` step: it sets up nothing a user's later steps would see");
            var environment = new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_OUTPUT"] = output,
                ["GITHUB_STEP_SUMMARY"] = summary,
                ["GITHUB_PATH"] = path,
                ["GITHUB_ENV"] = env,
                ["GITHUB_WORKSPACE"] = workspace,
                ["RUNNER_TEMP"] = temp,
                ["RUNNER_TOOL_CACHE"] = Path.Combine(temp, "toolcache"),
                ["RUNNER_OS"] = "Linux",
                ["RUNNER_ARCH"] = "X64",
            };
            if (step.Children.TryGetValue(new YamlScalarNode("env"), out var stepEnv))
            {
                foreach (var (key, value) in ((YamlMappingNode)stepEnv).Children)
                {
                    environment[((YamlScalarNode)key).Value!] = Expression().Replace(((YamlScalarNode)value).Value!, m =>
                        m.Groups[1].Value == "github" ? (m.Groups[2].Value == "action_path" ? TestPaths.RepositoryRoot : "") : inputs.GetValueOrDefault(m.Groups[2].Value, ""));
                }
            }

            result = Run("bash", ["-c", ((YamlScalarNode)step["run"]).Value!], environment, workspace);
            ranSteps++;
        }

        Assert.Equal(1, ranSteps);
        Assert.Equal("", File.ReadAllText(path));
        Assert.Equal("", File.ReadAllText(env));
        return new ActionRun(result.ExitCode, result.Stdout, result.Stderr, File.ReadAllLines(output), File.ReadAllText(summary), sarif);
    }

    /// <summary>A workspace of the user's own, with two examples in it under examples/.</summary>
    private static string Workspace(string temp, string? globalJson = null)
    {
        var workspace = Path.Combine(temp, "workspace");
        Directory.CreateDirectory(Path.Combine(workspace, "examples"));
        foreach (var example in new[] { "open-relay.yaml", "contoso-hybrid.yaml" })
        {
            File.Copy(TestPaths.Example(example), Path.Combine(workspace, "examples", example));
        }

        if (globalJson is not null)
        {
            File.WriteAllText(Path.Combine(workspace, "global.json"), globalJson);
        }

        return workspace;
    }

    private static readonly Dictionary<string, string> TwoExamples = new() { ["files"] = "examples/open-relay.yaml examples/contoso-hybrid.yaml" };

    private static async Task AssertLintedTheExamples(ActionRun run)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        Assert.Contains($"::error file=examples/open-relay.yaml,line={TestPaths.ExampleLine("open-relay.yaml", "remoteIPRanges: [0.0.0.0/0]")},col=24,", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("title=CL401::", run.Stdout, StringComparison.Ordinal);

        Assert.Contains("findings=1", run.Outputs);
        Assert.Contains("errors=1", run.Outputs);
        Assert.Contains($"sarif-file={run.SarifFile}", run.Outputs);

        var schema = await JsonSchema.FromFileAsync(TestPaths.Conformance("sarif-schema-2.1.0.json"));
        var sarifJson = JToken.Parse(File.ReadAllText(run.SarifFile));
        Assert.Empty(schema.Validate(sarifJson));
        Assert.Equal("examples/open-relay.yaml", (string)sarifJson["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);

        Assert.StartsWith("## ConnectorLint", run.Summary, StringComparison.Ordinal);
        Assert.Contains("[CL401](", run.Summary, StringComparison.Ordinal);
        Assert.Contains($"`examples/open-relay.yaml:{TestPaths.ExampleLine("open-relay.yaml", "remoteIPRanges: [0.0.0.0/0]")}:24`", run.Summary, StringComparison.Ordinal);
    }

    /// <summary>The version this build reports, without the commit (0.1.0).</summary>
    private static string BuiltVersion =>
        FileVersionInfo.GetVersionInfo(Path.Combine(AppContext.BaseDirectory, "connectorlint.dll")).ProductVersion!.Split('+')[0];

    /// <summary>
    /// A release laid out as GitHub serves one (download/vX.Y.Z/ and latest/download/), made by the
    /// release workflow's own scripts from a stand-in for the native binary that runs this build.
    /// </summary>
    private static string FakeRelease(string temp)
    {
        var publish = Path.Combine(temp, "publish");
        Directory.CreateDirectory(publish);
        var binary = Path.Combine(publish, "connectorlint");
        File.WriteAllText(binary, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "connectorlint.dll")}' \"$@\"\n");
        var release = Path.Combine(temp, "release");
        var tagged = Path.Combine(release, "download", "v" + BuiltVersion);
        var package = Run("bash", [Path.Combine(TestPaths.RepositoryRoot, "tools", "release", "package.sh"), "linux-x64", publish, tagged], new Dictionary<string, string>(), temp);
        Assert.True(package.ExitCode == 0, package.Stderr);
        var sums = Run("bash", [Path.Combine(TestPaths.RepositoryRoot, "tools", "release", "checksums.sh"), tagged], new Dictionary<string, string>(), temp);
        Assert.True(sums.ExitCode == 0, sums.Stderr);
        Assert.Matches("^[0-9a-f]{64}  connectorlint-linux-x64.tar.gz\n$", File.ReadAllText(Path.Combine(tagged, "SHA256SUMS")));
        var listing = Run("tar", ["-tzf", Path.Combine(tagged, "connectorlint-linux-x64.tar.gz")], new Dictionary<string, string>(), temp);
        Assert.Equal(["LICENSE", "README.md", "connectorlint"], listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        var latest = Path.Combine(release, "latest", "download");
        Directory.CreateDirectory(latest);
        foreach (var file in Directory.GetFiles(tagged))
        {
            File.Copy(file, Path.Combine(latest, Path.GetFileName(file)));
        }

        return release;
    }

    /// <summary>The same binary packs to the same bytes: times, owners and order are fixed, whenever and wherever it is packed.</summary>
    [Fact]
    public void The_same_binary_packs_to_the_same_bytes()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-pack-");
        try
        {
            var publish = Path.Combine(temp.FullName, "publish");
            Directory.CreateDirectory(publish);
            var binary = Path.Combine(publish, "connectorlint");
            File.WriteAllText(binary, "#!/bin/sh\necho connectorlint\n");
            var script = Path.Combine(TestPaths.RepositoryRoot, "tools", "release", "package.sh");

            var first = Run("bash", [script, "linux-x64", publish, Path.Combine(temp.FullName, "a")], new Dictionary<string, string>(), temp.FullName);
            File.SetLastWriteTimeUtc(binary, DateTime.UtcNow.AddHours(-3));
            var second = Run("bash", [script, "linux-x64", publish, Path.Combine(temp.FullName, "b")], new Dictionary<string, string>(), temp.FullName);

            Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(temp.FullName, "a", "connectorlint-linux-x64.tar.gz")),
                File.ReadAllBytes(Path.Combine(temp.FullName, "b", "connectorlint-linux-x64.tar.gz")));
            var listing = Run("tar", ["-tvzf", Path.Combine(temp.FullName, "a", "connectorlint-linux-x64.tar.gz")], new Dictionary<string, string>(), temp.FullName);
            Assert.All(listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Contains(" 0/0 ", l, StringComparison.Ordinal));
            Assert.All(listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Contains(" 1970-01-01 ", l, StringComparison.Ordinal));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> FromRelease(string release, string version) =>
        new(TwoExamples) { ["version"] = version, ["release-url"] = new Uri(release).AbsoluteUri };

    [Fact]
    public async Task SourceBuildIsItsOwnAndAUsersGlobalJsonCannotBreakIt()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            // The SDK a user's repository pins is not this machine's: building there would fail.
            var workspace = Workspace(temp.FullName, """{ "sdk": { "version": "8.0.400", "rollForward": "disable" } }""");
            var run = RunAction(new(TwoExamples) { ["version"] = "source" }, workspace, temp.FullName);
            await AssertLintedTheExamples(run);
            Assert.True(File.Exists(Path.Combine(temp.FullName, "connectorlint-build", "connectorlint.dll")));
            Assert.False(Directory.Exists(run.ToolCache));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReleasedBinaryIsDownloadedVerifiedCachedAndRun()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            var release = FakeRelease(temp.FullName);
            var run = RunAction(FromRelease(release, BuiltVersion), workspace, temp.FullName);
            await AssertLintedTheExamples(run);
            var cached = Path.Combine(run.ToolCache, "connectorlint", BuiltVersion, "x64");
            Assert.True(File.Exists(Path.Combine(cached, "connectorlint")));
            Assert.True(File.Exists(cached + ".complete"));
            Assert.False(Directory.Exists(Path.Combine(temp.FullName, "connectorlint-build")), "a released version is not built");

            // The second job on the runner finds it in the tool cache: the release is not read again.
            Directory.Delete(release, recursive: true);
            await AssertLintedTheExamples(RunAction(FromRelease(release, BuiltVersion), workspace, temp.FullName));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LatestIsCachedUnderTheVersionTheBinaryReports()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var run = RunAction(FromRelease(FakeRelease(temp.FullName), "latest"), Workspace(temp.FullName), temp.FullName);
            await AssertLintedTheExamples(run);
            Assert.True(File.Exists(Path.Combine(run.ToolCache, "connectorlint", BuiltVersion, "x64.complete")));
            Assert.False(Directory.Exists(Path.Combine(run.ToolCache, "connectorlint", "latest")));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void DownloadThatDoesNotMatchItsChecksumIsRefused()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var release = FakeRelease(temp.FullName);
            var asset = Path.Combine(release, "download", "v" + BuiltVersion, "connectorlint-linux-x64.tar.gz");
            File.AppendAllText(asset, "tampered");
            var run = RunAction(FromRelease(release, BuiltVersion), Workspace(temp.FullName), temp.FullName);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("::error title=ConnectorLint::connectorlint-linux-x64.tar.gz does not match its SHA-256 in SHA256SUMS", run.Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(run.ToolCache, "connectorlint", BuiltVersion)), "nothing unverified is cached");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void VersionThatWasNeverReleasedSaysSo()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var run = RunAction(FromRelease(FakeRelease(temp.FullName), "9.9.9"), Workspace(temp.FullName), temp.FullName);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("::error title=ConnectorLint::could not download ", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("/download/v9.9.9/SHA256SUMS: is 9.9.9 a released version of ConnectorLint?", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void ProbeInputRunsProbeWithTheGivenHostsAndAnnotatesWhatItCouldNotAsk()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            // Every endpoint of the example at a loopback port no one listens on: nothing leaves the machine.
            var inputs = new Dictionary<string, string>(FromRelease(FakeRelease(temp.FullName), BuiltVersion))
            {
                ["files"] = "examples/contoso-hybrid.yaml",
                ["probe"] = "true",
                ["probe-hosts"] = "mail.contoso.com=127.0.0.1:1 ex01.contoso.com=127.0.0.1:1 contoso-com.mail.protection.outlook.com=127.0.0.1:1",
            };
            var run = RunAction(inputs, Workspace(temp.FullName), temp.FullName);
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
            Assert.Contains($"::warning file=examples/contoso-hybrid.yaml,line={TestPaths.ExampleLine("contoso-hybrid.yaml", "smartHosts: [mail.contoso.com]", after: "- name: To on-premises")},col=20,", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("title=CL707::", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("no SMTP server answered (3 endpoints, none reachable)", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void ExchangeExportInputRunsConfigDriftWithoutDns()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            var changed = ConnectorLint.Tests.Import.ImportRoundTripTests.Load("contoso-hybrid.yaml");
            changed = changed with { ExchangeOnline = changed.ExchangeOnline! with { OutboundConnectors = [.. changed.OutboundConnectors.Select(c => c with { Enabled = c.Enabled with { Value = false } })] } };
            ConnectorLint.Tests.Import.ExportShapes.Write(changed, Path.Combine(workspace, "exchange-export"), ConnectorLint.Tests.Import.ExportShape.PowerShell7Json);
            var inputs = new Dictionary<string, string>(FromRelease(FakeRelease(temp.FullName), BuiltVersion))
            {
                ["files"] = "examples/contoso-hybrid.yaml",
                ["exchange-export"] = "exchange-export",
            };

            var run = RunAction(inputs, workspace, temp.FullName);

            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
            Assert.Contains($"::error file=examples/contoso-hybrid.yaml,line={TestPaths.ExampleLine("contoso-hybrid.yaml", "enabled: true", after: "- name: To on-premises")},col=", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("title=CL601::", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void WithABaseAndAnExportTheReviewShowsThePlan()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            foreach (var args in (string[][])[["init", "-q"], ["add", "."], ["commit", "-q", "-m", "base"]])
            {
                var (exit, _, error) = Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args], new Dictionary<string, string>(), workspace);
                Assert.True(exit == 0, error);
            }

            ConnectorLint.Tests.Import.ExportShapes.Write(ConnectorLint.Tests.Import.ImportRoundTripTests.Load("contoso-hybrid.yaml"), Path.Combine(workspace, "exchange-export"), ConnectorLint.Tests.Import.ExportShape.PowerShell7Json);
            var org = Path.Combine(workspace, "examples", "contoso-hybrid.yaml");
            File.WriteAllText(org, File.ReadAllText(org).Replace("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [203.0.113.25, 203.0.113.26]", StringComparison.Ordinal));
            var inputs = new Dictionary<string, string>(FromRelease(FakeRelease(temp.FullName), BuiltVersion))
            {
                ["base"] = "HEAD",
                ["files"] = "examples/contoso-hybrid.yaml",
                ["exchange-export"] = "exchange-export",
            };

            var run = RunAction(inputs, workspace, temp.FullName);

            Assert.Contains("#### Plan: what to run once this is merged", run.Summary, StringComparison.Ordinal);
            Assert.Contains("`Set-InboundConnector -Identity 'From on-premises' -SenderIPAddresses @{Add='203.0.113.26'}`", run.Summary, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void WithABaseOnlyTheFindingsTheChangeBringsFailTheStep()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            void Git(params string[] args)
            {
                var (exit, _, error) = Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args], new Dictionary<string, string>(), workspace);
                Assert.True(exit == 0, error);
            }

            Git("init", "-q");
            Git("add", ".");
            Git("commit", "-q", "-m", "base");
            var inputs = new Dictionary<string, string>(FromRelease(FakeRelease(temp.FullName), BuiltVersion)) { ["base"] = "HEAD" };

            // The open relay was there before: counted in one notice, not annotated again, not failing the
            // step; the step summary is the review alone, each finding once.
            var unchanged = RunAction(inputs, workspace, temp.FullName);
            Assert.True(unchanged.ExitCode == 0, unchanged.Stdout + unchanged.Stderr);
            Assert.DoesNotContain("title=CL401::", unchanged.Stdout, StringComparison.Ordinal);
            Assert.Contains("::notice title=ConnectorLint::1 finding was already on HEAD", unchanged.Stdout, StringComparison.Ordinal);
            Assert.Contains("## ConnectorLint review against `HEAD`", unchanged.Summary, StringComparison.Ordinal);
            Assert.DoesNotContain("| Errors | Warnings", unchanged.Summary, StringComparison.Ordinal);
            Assert.Contains("errors=0", unchanged.Outputs);
            Assert.Contains("findings=1", unchanged.Outputs);
            Assert.Contains("\"ruleId\": \"CL401\"", File.ReadAllText(unchanged.SarifFile), StringComparison.Ordinal);

            // A renewal under another name is new: 5.7.64 for the flows through the inbound connector.
            var org = Path.Combine(workspace, "examples", "contoso-hybrid.yaml");
            File.WriteAllText(org, File.ReadAllText(org).Replace("subject: CN=mail.contoso.com", "subject: CN=smtp.contoso.com", StringComparison.Ordinal)
                .Replace("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.contoso.com]", StringComparison.Ordinal));
            var changed = RunAction(inputs, workspace, temp.FullName);
            Assert.True(changed.ExitCode == 1, changed.Stdout + changed.Stderr);
            Assert.Contains("on-premises mailbox -> internet<br>", changed.Summary, StringComparison.Ordinal);
            Assert.Contains("| 🔴 now bounces | delivered | 550 5.7.64", changed.Summary, StringComparison.Ordinal);
            Assert.Contains("[CL305](", changed.Summary, StringComparison.Ordinal);
            var newErrors = changed.Stdout.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal));
            Assert.Contains(changed.Stdout.Split('\n'), l => l.StartsWith("::error ", StringComparison.Ordinal) && l.Contains("title=CL305::", StringComparison.Ordinal));
            Assert.DoesNotContain(changed.Stdout.Split('\n'), l => l.StartsWith("::error ", StringComparison.Ordinal) && l.Contains("title=CL401::", StringComparison.Ordinal));
            Assert.Contains($"errors={newErrors}", changed.Outputs);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("0.1.0$(touch pwned)")]
    [InlineData("0.1.0\n::add-mask::secret")]
    [InlineData("../../../etc")]
    public void VersionInputCannotReachAPathACommandOrTheLog(string version)
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            var run = RunAction(new(TwoExamples) { ["version"] = version }, workspace, temp.FullName);
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("::error title=ConnectorLint::version must be latest, source, or a released version such as 0.1.0; got ", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("\n::add-mask", run.Stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(workspace, "pwned")));
            Assert.False(Directory.Exists(run.ToolCache));
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

    /// <summary>
    /// Inputs a pull request can reach (file names from a changed-files step, a base, hosts) that try
    /// to become options, commands or step outputs. Each is refused or stays a path; no file outside
    /// the outputs is written, no command runs, no output is forged.
    /// </summary>
    [Theory]
    [InlineData("files", "examples/contoso-hybrid.yaml --format=json=VICTIM")]
    [InlineData("files", "--format=json=VICTIM")]
    [InlineData("files", "examples/contoso-hybrid.yaml\n--sarif-output=VICTIM")]
    [InlineData("probe-hosts", "mail.contoso.com=127.0.0.1 --format=json=VICTIM")]
    [InlineData("probe-hosts", "--format=json=VICTIM")]
    [InlineData("base", "--upload-pack=touch PWNED")]
    [InlineData("base", "main\n::error::forged")]
    [InlineData("sarif-file", "out.sarif\nerrors=0")]
    [InlineData("config", "x\n::error::forged")]
    [InlineData("dns-server", "--format=json=VICTIM")]
    [InlineData("fail-on", "never --format=json=VICTIM")]
    public void HostileInputsStayData(string input, string value)
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            var victim = Path.Combine(temp.FullName, "victim.txt");
            File.WriteAllText(victim, "the admin's file\n");
            var pwned = Path.Combine(temp.FullName, "pwned");
            value = value.Replace("VICTIM", victim, StringComparison.Ordinal).Replace("PWNED", pwned, StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
            var inputs = FromRelease(FakeRelease(temp.FullName), BuiltVersion);
            inputs["files"] = "examples/contoso-hybrid.yaml";
            inputs[input] = value;
            if (input == "probe-hosts")
            {
                inputs["probe"] = "true";
            }

            var run = RunAction(inputs, workspace, temp.FullName);

            Assert.Equal("the admin's file\n", File.ReadAllText(victim));
            Assert.False(File.Exists(pwned), "a command ran");
            Assert.DoesNotContain(run.Outputs, line => line == "errors=0" && input == "sarif-file");
            Assert.DoesNotContain("::error::forged", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(run.Stdout.Split('\n'), line => line.StartsWith("::", StringComparison.Ordinal) && !line.StartsWith("::error ", StringComparison.Ordinal) && !line.StartsWith("::error title=", StringComparison.Ordinal) && !line.StartsWith("::notice", StringComparison.Ordinal) && !line.StartsWith("::warning", StringComparison.Ordinal));
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void APathThatStartsWithADashIsLintedAsAPath()
    {
        var temp = Directory.CreateTempSubdirectory("connectorlint-action-");
        try
        {
            var workspace = Workspace(temp.FullName);
            File.Copy(TestPaths.Example("open-relay.yaml"), Path.Combine(workspace, "-relay.yaml"));
            var inputs = FromRelease(FakeRelease(temp.FullName), BuiltVersion);
            inputs["files"] = "-relay.yaml";
            var run = RunAction(inputs, workspace, temp.FullName);
            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
            Assert.Contains($"::error file=-relay.yaml,line={TestPaths.ExampleLine("open-relay.yaml", "remoteIPRanges: [0.0.0.0/0]")},col=24,", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
