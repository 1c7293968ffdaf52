using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

/// <summary>The one place that reads GitHub Actions' variables; the engine gets their values.</summary>
internal static class GitHubEnvironment
{
    public static GitHubRun Read() => new()
    {
        Workspace = Variable("GITHUB_WORKSPACE"),
        ServerUrl = Variable("GITHUB_SERVER_URL"),
        Repository = Variable("GITHUB_REPOSITORY"),
        HeadSha = Variable("CONNECTORLINT_HEAD_SHA") ?? Variable("GITHUB_SHA"),
        Token = Variable("GITHUB_TOKEN"),
        ApiUrl = Variable("GITHUB_API_URL"),
        EventPath = Variable("GITHUB_EVENT_PATH"),
    };

    /// <summary>The repository root, from GITHUB_WORKSPACE when the run has one.</summary>
    public static string RepositoryRoot() => RepositoryPath.Root(Variable("GITHUB_WORKSPACE"));

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
