using ConnectorLint.Loading;

namespace ConnectorLint.Cli;

/// <summary>Reading the one desired-state file a command such as trace was given; file-system trouble is exit 2.</summary>
internal static class InputFiles
{
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
