namespace ConnectorLint.IntegrationTests;

/// <summary>The checkout the tests run from: the folder above the test output that holds ConnectorLint.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ConnectorLint.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ConnectorLint.sln not found above " + AppContext.BaseDirectory);
    }
}
