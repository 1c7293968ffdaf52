using System.Runtime.CompilerServices;

namespace ConnectorLint.Tests;

/// <summary>
/// The suite runs the command line in its own process. When that process is a GitHub Actions job, the
/// runner's variables (GITHUB_ACTIONS, GITHUB_STEP_SUMMARY, GITHUB_SHA, ...) would switch every
/// in-process run to GitHub's formats and append megabytes to the job's summary. They are removed
/// once, before any test: a test that wants them sets them for the process it starts.
/// </summary>
internal static class GitHubEnvironment
{
    [ModuleInitializer]
    internal static void Clear()
    {
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("GITHUB_", StringComparison.Ordinal) || n.StartsWith("RUNNER_", StringComparison.Ordinal)).ToList())
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
