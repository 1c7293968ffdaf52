namespace ConnectorLint.Tests;

/// <summary>Where the repository and its shipped files are, from the test's output folder.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(RepositoryRoot, "examples", name);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Conformance(string name) => Path.Combine(AppContext.BaseDirectory, "Conformance", name);

    public static string ExampleText(string name) => File.ReadAllText(Example(name));

    /// <summary>
    /// The 1-based line of an example holding <paramref name="needle"/>, the first after the line holding
    /// <paramref name="after"/> when given: tests name the line by its text, which survives edits above it.
    /// </summary>
    public static int ExampleLine(string name, string needle, string? after = null)
    {
        var lines = ExampleText(name).Split('\n');
        var start = after is null ? 0 : Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
        Assert.True(start >= 0, $"'{after}' is not in {name}");
        var index = Array.FindIndex(lines, start, l => l.Contains(needle, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{needle}' is not in {name}");
        return index + 1;
    }

    /// <summary>Every shipped example, the topologies included, as paths below examples/.</summary>
    public static IEnumerable<string> AllExamples() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "examples"), "*.yaml", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Path.Combine(RepositoryRoot, "examples"), p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConnectorLint.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ConnectorLint.sln not found above " + AppContext.BaseDirectory);
    }
}
