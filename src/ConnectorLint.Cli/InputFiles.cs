using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Rules;

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

    /// <summary>The desired state of a file that must be valid (trace, graph): otherwise exit 2 with its errors.</summary>
    public static DesiredState LoadState(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist.");
        }

        var document = Load(path);
        if (document.State is not { } state)
        {
            var errors = Linter.Lint(document, new LintSettings()).Where(f => f.Severity == Severity.Error).Select(f => $"{f.Span}: {f.RuleId}: {f.Message}");
            throw new UsageException($"'{path}' is not a valid desired-state file; run 'connectorlint lint' first.\n{string.Join("\n", errors)}");
        }

        return state;
    }
}
