using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// The hook of .pre-commit-hooks.yaml, installed and run the way pre-commit's dotnet language does
/// (pre-commit itself comes from PyPI, which this machine cannot reach): pack the repository, install
/// every package it gives as a tool, then run the entry with the changed files that match.
/// </summary>
public partial class PreCommitHookTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static (int Exit, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(600_000), $"{file} {string.Join(' ', args)} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void TheHookInstallsAsPreCommitDoesAndPassesForeignYaml()
    {
        var hooks = File.ReadAllText(Path.Combine(Root, ".pre-commit-hooks.yaml"));
        Assert.Contains("language: dotnet", hooks, StringComparison.Ordinal);
        var entry = EntryLine().Match(hooks).Groups["entry"].Value.Trim().Split(' ');
        var filesPattern = new Regex(FilesLine().Match(hooks).Groups["files"].Value.Trim(), RegexOptions.NonBacktracking);

        var env = Directory.CreateTempSubdirectory("connectorlint-precommit-").FullName;
        var build = Path.Combine(env, "pre-commit-build");
        var (packed, packOutput) = Run("dotnet", Root, "pack", "--configuration", "Release", "--property", $"PackageOutputPath={build}");
        Assert.True(packed == 0, packOutput);

        var packages = Directory.GetFiles(build, "*.nupkg");
        Assert.NotEmpty(packages);
        foreach (var package in packages)
        {
            using var zip = ZipFile.OpenRead(package);
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            var id = metadata.Element(ns + "id")!.Value;
            Assert.Contains(metadata.Descendants(ns + "packageType"), t => t.Attribute("name")?.Value == "DotnetTool");
            var (installed, installOutput) = Run("dotnet", env, "tool", "install", "--tool-path", Path.Combine(env, "bin"), "--add-source", build, id);
            Assert.True(installed == 0, installOutput);
        }

        var tool = Path.Combine(env, "bin", entry[0]);
        string[] Changed(params string[] paths) => paths.Where(p => filesPattern.IsMatch(p)).ToArray();

        var clean = Changed("examples/contoso-hybrid.yaml", ".github/workflows/ci.yml", "README.md");
        Assert.Equal(2, clean.Length);
        var (cleanExit, cleanOutput) = Run(tool, Root, [.. entry.Skip(1), .. clean]);
        Assert.True(cleanExit == 0, cleanOutput);
        Assert.Contains("1 other YAML file is not a desired-state file", cleanOutput, StringComparison.Ordinal);

        var (relayExit, relayOutput) = Run(tool, Root, [.. entry.Skip(1), .. Changed("examples/open-relay.yaml", ".github/workflows/ci.yml")]);
        Assert.Equal(1, relayExit);
        Assert.Contains("CL401", relayOutput, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*entry:\s*(?<entry>.+)$", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex EntryLine();

    [GeneratedRegex(@"^\s*files:\s*(?<files>.+)$", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex FilesLine();
}
