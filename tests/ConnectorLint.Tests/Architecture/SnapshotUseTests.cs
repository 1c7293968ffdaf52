namespace ConnectorLint.Tests.Architecture;

/// <summary>
/// Every pinned output goes through <see cref="WholeOutputSnapshot"/>: a direct call to Snapshooter would
/// escape both the orphan check and mutation testing's count of the mutants only a snapshot kills.
/// </summary>
public class SnapshotUseTests
{
    // Written in two parts so that this file does not name what it looks for.
    private const string Snapshooter = "Snapshooter" + ".Xunit";

    [Fact]
    public void NoTestCallsSnapshooterDirectly()
    {
        var tests = Path.Combine(TestPaths.RepositoryRoot, "tests");
        var offenders = Directory.GetFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetFileName(f) != nameof(WholeOutputSnapshot) + ".cs")
            .Where(f => File.ReadAllText(f).Contains(Snapshooter, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TestPaths.RepositoryRoot, f))
            .ToList();
        Assert.True(offenders.Count == 0, $"files that use {Snapshooter} directly:\n" + string.Join("\n", offenders));
    }
}
