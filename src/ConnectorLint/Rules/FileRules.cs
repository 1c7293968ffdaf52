using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;

namespace ConnectorLint.Rules;

/// <summary>CL001, CL002, CL005, CL006: the file itself, as discovery and the loader met it. Always on, never suppressed.</summary>
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

    public static readonly Rule NearMiss = new(
        new("CL005", "A YAML file looks like a desired-state file but is not read as one", Severity.Error, "file",
            "a check silently skipped: a misspelled apiVersion leaves the whole file unlinted", Suppressible: false),
        RuleInput.Load,
        context => Problems(context, LoadProblemKind.NearMiss));

    public static readonly Rule Foreign = new(
        new("CL006", "A file named on the command line is not a desired-state file", Severity.Error, "file",
            "a schema error for every line of a file that was never meant for ConnectorLint", Suppressible: false),
        RuleInput.Load,
        context => Problems(context, LoadProblemKind.Foreign));

    private static IEnumerable<Diagnostic> Problems(RuleContext context, LoadProblemKind kind) =>
        context.Document.Problems.Where(p => p.Kind == kind).Select(p => new Diagnostic(p.Span, p.Message));
}
