using ConnectorLint.Configuration;
using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Rules;

namespace ConnectorLint;

/// <summary>
/// The one way every command reaches the user's files: finding them, reading them, reading their
/// configuration. What goes wrong on the way (a missing path, a file that cannot be read, a broken
/// .connectorlint.yaml) becomes one <see cref="InputException"/> here, with the file and line where
/// known, which every command reports the same way (exit 2).
/// </summary>
public static class Workspace
{
    /// <exception cref="InputException">A path does not exist, holds no desired-state file, or cannot be listed.</exception>
    public static Discovery Discover(IEnumerable<string> paths)
    {
        try
        {
            return FileDiscovery.Expand(paths);
        }
        catch (Exception ex) when (ex is FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new InputException(ex.Message);
        }
    }

    /// <summary>Reads what <paramref name="read"/> reads from <paramref name="file"/>; file-system trouble names the file.</summary>
    /// <exception cref="InputException">The file cannot be read.</exception>
    public static T Read<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{file}': {ex.Message}", SourceSpan.At(file, 1, 1));
        }
    }

    /// <exception cref="InputException">The file cannot be read.</exception>
    public static LoadedDocument Load(string file, LoadOptions? options = null) =>
        Read(file, () => DesiredStateLoader.LoadFile(file, options));

    /// <summary>
    /// The desired state of a file that must be valid for the command to work at all (trace, graph,
    /// plan, import --keep): otherwise the command stops, naming the first errors and where they are.
    /// </summary>
    /// <param name="purpose">What the command would have done with it, for the message.</param>
    /// <exception cref="InputException">The file does not exist, cannot be read, or is not a valid desired state.</exception>
    public static DesiredState LoadState(string file, string purpose = "run 'connectorlint lint' first")
    {
        if (!File.Exists(file))
        {
            throw new InputException($"'{file}' does not exist.");
        }

        var document = Load(file);
        if (document.State is { } state)
        {
            return state;
        }

        const int Shown = 5;
        var errors = Linter.Lint(document, new LintSettings()).Where(f => f.Severity == Severity.Error).ToList();
        var listed = errors.Take(Shown).Select(f => $"{f.Span}: {f.RuleId}: {f.Message}")
            .Concat(errors.Count > Shown ? [$"and {errors.Count - Shown} more"] : []);
        throw new InputException($"'{file}' is not a valid desired-state file; {purpose}.\n{string.Join("\n", listed)}",
            errors.Count > 0 ? errors[0].Span : SourceSpan.At(file, 1, 1));
    }

    /// <summary>Reads configuration through <paramref name="read"/>; a broken configuration names its file and line.</summary>
    /// <exception cref="InputException">The configuration cannot be read or is wrong.</exception>
    public static T Configure<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ConfigurationException ex)
        {
            throw new InputException(ex.Message, ex.Span, ex.Reason);
        }
    }
}
