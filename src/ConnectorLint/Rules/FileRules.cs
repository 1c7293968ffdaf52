using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;

namespace ConnectorLint.Rules;

/// <summary>CL001 and CL002: the file itself, as the loader met it. Always on, never suppressed.</summary>
public static class FileRules
{
    public static readonly Rule Parse = new(
        new("CL001", "The YAML cannot be parsed", Severity.Error, "file",
            "every other check: a file that does not parse is not what Exchange will run", Suppressible: false),
        RuleInput.Load,
        context => Problems(context, LoadProblemKind.Parse));

    public static readonly Rule Schema = new(
        new("CL002", "The document breaks the JSON schema", Severity.Error, "file",
            "settings that silently mean something else (a mistyped key is an unset key)", Suppressible: false),
        RuleInput.Load,
        context => Problems(context, LoadProblemKind.Schema));

    private static IEnumerable<Diagnostic> Problems(RuleContext context, LoadProblemKind kind) =>
        context.Document.Problems.Where(p => p.Kind == kind).Select(p => new Diagnostic(p.Span, p.Message));
}
