using System.Diagnostics;

namespace ConnectorLint.Tests.Cli;

/// <summary>git in a repository a test made, as a committer of its own (no signing, no global identity needed).</summary>
internal static class TestGit
{
    public static void Run(string repository, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        _ = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
