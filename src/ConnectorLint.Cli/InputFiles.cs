using ConnectorLint.Loading;

namespace ConnectorLint.Cli;

/// <summary>Finding and reading the desired-state files a command was given; file-system trouble is exit 2.</summary>
internal static class InputFiles
{
    public static IReadOnlyList<string> Discover(IEnumerable<string> paths)
    {
        try
        {
            return FileDiscovery.Expand(paths);
        }
        catch (Exception ex) when (ex is FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException(ex.Message);
        }
    }

    public static LoadedDocument Load(string file, LoadOptions? options = null)
    {
        try
        {
            return DesiredStateLoader.LoadFile(file, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{file}': {ex.Message}");
        }
    }
}
