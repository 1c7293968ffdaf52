namespace ConnectorLint.Reporting;

/// <summary>
/// What GitHub Actions says about the run, as values: the command line reads the variables
/// (GITHUB_WORKSPACE, GITHUB_SERVER_URL, ...) once and passes this in; the engine never reads the
/// process environment itself, so a test says exactly which run it stands in.
/// </summary>
public sealed record GitHubRun
{
    /// <summary>GITHUB_WORKSPACE: the checkout, the root paths are made relative to.</summary>
    public string? Workspace { get; init; }

    /// <summary>GITHUB_SERVER_URL, GITHUB_REPOSITORY and the head commit (CONNECTORLINT_HEAD_SHA, else GITHUB_SHA): where a location links to.</summary>
    public string? ServerUrl { get; init; }

    public string? Repository { get; init; }

    public string? HeadSha { get; init; }

    /// <summary>GITHUB_TOKEN and GITHUB_API_URL, for the pull-request comment.</summary>
    public string? Token { get; init; }

    public string? ApiUrl { get; init; }

    /// <summary>GITHUB_EVENT_PATH: the event, whose pull request the comment goes to.</summary>
    public string? EventPath { get; init; }

    /// <summary>Not on GitHub Actions: nothing is known.</summary>
    public static GitHubRun None { get; } = new();
}
