using System.Diagnostics;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// The hooks of .pre-commit-hooks.yaml run by Debian's pre-commit in a throwaway repository, as a
/// user's .pre-commit-config.yaml names them: the dotnet hook (pre-commit packs this repository and
/// installs the tool) and the system hook (the connectorlint on PATH).
/// </summary>
public sealed class PreCommitHookTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("connectorlint-precommit-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int Exit, string Output) Run(string workingDirectory, IDictionary<string, string>? env, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(900_000), $"{file} {string.Join(' ', args)} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void Git(string repository, params string[] args)
    {
        var (exit, output) = Run(repository, null, "git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", .. args]);
        Assert.True(exit == 0, $"git {string.Join(' ', args)}: {output}");
    }

    private static string Head(string repository) => Run(repository, null, "git", "rev-parse", "HEAD").Output.Trim();

    /// <summary>This checkout as it is now (committed or not) as a repository pre-commit can clone at a commit.</summary>
    private string HooksRepository()
    {
        var hooks = Path.Combine(folder, "hooks");
        var (exit, listing) = Run(RepositoryRoot.Path, null, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        Assert.True(exit == 0, listing);
        foreach (var relative in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(RepositoryRoot.Path, relative);
            if (!File.Exists(source))
            {
                continue;
            }

            var target = Path.Combine(hooks, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        Git(hooks, "init", "-q");
        Git(hooks, "add", "-A");
        Git(hooks, "commit", "-q", "-m", "hooks");
        return hooks;
    }

    /// <summary>A user's repository: two desired-state files (one clean, one open relay) and a workflow that is not ours.</summary>
    private string UserRepository(string hooks)
    {
        var user = Path.Combine(folder, "user");
        Directory.CreateDirectory(Path.Combine(user, "mailflow"));
        Directory.CreateDirectory(Path.Combine(user, ".github", "workflows"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "examples", "contoso-hybrid.yaml"), Path.Combine(user, "mailflow", "contoso-hybrid.yaml"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "examples", "open-relay.yaml"), Path.Combine(user, "mailflow", "open-relay.yaml"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "examples", "workflows", "connectorlint.yml"), Path.Combine(user, ".github", "workflows", "ci.yml"));
        File.WriteAllText(Path.Combine(user, ".pre-commit-config.yaml"), $"""
            repos:
              - repo: {hooks}
                rev: {Head(hooks)}
                hooks:
                  - id: connectorlint
                  - id: connectorlint-system

            """);
        Git(user, "init", "-q");
        Git(user, "add", "-A");
        Git(user, "commit", "-q", "-m", "user");
        return user;
    }

    /// <summary>A PATH whose connectorlint is the build under test, as an installed binary would be.</summary>
    private Dictionary<string, string> Environment()
    {
        var bin = Path.Combine(folder, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "connectorlint");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "connectorlint.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new()
        {
            ["PATH"] = bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
            ["PRE_COMMIT_HOME"] = Path.Combine(folder, "cache"),
        };
    }

    [Theory]
    [InlineData("connectorlint")]
    [InlineData("connectorlint-system")]
    public void TheHookPassesCleanAndForeignFilesAndStopsAnOpenRelay(string hook)
    {
        var user = UserRepository(HooksRepository());
        var env = Environment();

        var (cleanExit, clean) = Run(user, env, "pre-commit", "run", hook, "--files", "mailflow/contoso-hybrid.yaml", ".github/workflows/ci.yml");
        Assert.True(cleanExit == 0, clean);
        Assert.Contains("Passed", clean, StringComparison.Ordinal);

        var (relayExit, relay) = Run(user, env, "pre-commit", "run", hook, "--files", "mailflow/open-relay.yaml", ".github/workflows/ci.yml");
        Assert.True(relayExit == 1, relay);
        Assert.Contains("Failed", relay, StringComparison.Ordinal);
        Assert.Contains("mailflow/open-relay.yaml:", relay, StringComparison.Ordinal);
        Assert.Contains("CL401", relay, StringComparison.Ordinal);

        // Only YAML files reach the hook: a README changed alone runs nothing.
        File.WriteAllText(Path.Combine(user, "README.md"), "# mail flow\n");
        var (skipExit, skip) = Run(user, env, "pre-commit", "run", hook, "--files", "README.md");
        Assert.True(skipExit == 0, skip);
        Assert.Contains("(no files to check)Skipped", skip, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSystemHookNeedsConnectorlintOnPath()
    {
        var user = UserRepository(HooksRepository());
        var env = Environment();
        env["PATH"] = "/usr/bin:/bin";

        var (exit, output) = Run(user, env, "pre-commit", "run", "connectorlint-system", "--files", "mailflow/contoso-hybrid.yaml");
        Assert.NotEqual(0, exit);
        Assert.Contains("connectorlint", output, StringComparison.Ordinal);
    }
}
