using ConnectorLint.Model;

namespace ConnectorLint.Loading;

/// <summary>What stops a file from becoming a model: YAML that does not parse, or a document the schema refuses.</summary>
public enum LoadProblemKind
{
    Parse,
    Schema,

    /// <summary>The file looks like a desired-state file but would not be read as one.</summary>
    NearMiss,

    /// <summary>A file named explicitly is not a desired-state file at all.</summary>
    Foreign,
}

/// <summary>
/// One problem the loader met, at its position. The loader knows no rules: the file rules
/// (CL001, CL002, CL005, CL006) turn these into findings, under the same pipeline as every other rule.
/// </summary>
public sealed record LoadProblem(LoadProblemKind Kind, SourceSpan Span, string Message)
{
    public static LoadProblem Parse(SourceSpan span, string message) => new(LoadProblemKind.Parse, span, message);

    public static LoadProblem Schema(SourceSpan span, string message) => new(LoadProblemKind.Schema, span, message);

    public static LoadProblem NearMiss(SourceSpan span, string message) => new(LoadProblemKind.NearMiss, span, message);

    public static LoadProblem Foreign(SourceSpan span, string message) => new(LoadProblemKind.Foreign, span, message);

    public static IReadOnlyList<LoadProblem> Sort(IEnumerable<LoadProblem> problems) =>
        problems.OrderBy(p => p.Span.Line).ThenBy(p => p.Span.Column).ThenBy(p => p.Message, StringComparer.Ordinal).ToList();
}
