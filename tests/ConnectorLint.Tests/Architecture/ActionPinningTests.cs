using System.Text.RegularExpressions;

namespace ConnectorLint.Tests.Architecture;

/// <summary>
/// A tag can be moved to other code after review; a commit cannot. Every action our workflows and the
/// example workflows run from another repository is named by its full commit SHA (GitHub's security
/// hardening guide for Actions). Our own Action is exempt: the examples show users its release tag.
/// </summary>
public partial class ActionPinningTests
{
    [Fact]
    public void EveryOtherRepositorysActionIsPinnedByItsCommit()
    {
        var files = new[] { ".github/workflows", "examples/workflows" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, d), "*.y*ml"))
            .Append(Path.Combine(TestPaths.RepositoryRoot, "action.yml"))
            .ToList();
        Assert.True(files.Count >= 4, $"{files.Count} workflow files");
        var unpinned = files.SelectMany(f => Unpinned(File.ReadAllText(f)).Select(u => $"{Path.GetRelativePath(TestPaths.RepositoryRoot, f)}: {u}")).ToList();
        Assert.True(unpinned.Count == 0, "actions not pinned by a commit SHA:\n" + string.Join("\n", unpinned));
    }

    [Fact]
    public void TheScanFindsATagAndAcceptsACommitAndLocalActions()
    {
        const string workflow = """
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9
              - uses: ./
              - uses: connectorlint/connectorlint@v1
              - uses: docker://alpine:3.20
                uses: "github/codeql-action/upload-sarif@main"
            """;
        Assert.Equal(["actions/checkout@v4", "docker://alpine:3.20", "github/codeql-action/upload-sarif@main"], Unpinned(workflow));
    }

    private static IEnumerable<string> Unpinned(string workflow) =>
        Uses().Matches(workflow)
            .Select(m => m.Groups["action"].Value)
            .Where(a => !a.StartsWith("./", StringComparison.Ordinal)
                        && !a.StartsWith("connectorlint/connectorlint@", StringComparison.Ordinal)
                        && !Pinned().IsMatch(a));

    [GeneratedRegex("""^\s*(?:-\s+)?uses:\s*["']?(?<action>[^\s"'#]+)""", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex Uses();

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$", RegexOptions.NonBacktracking)]
    private static partial Regex Pinned();
}
