using ConnectorLint.Reporting;

namespace ConnectorLint.Rules;

/// <summary>CL0xx: the file itself. Always on, never suppressed.</summary>
public static class FileRules
{
    public static readonly RuleDescriptor Parse = new(
        "CL001", "The YAML cannot be parsed", Severity.Error, "file",
        "every other check: a file that does not parse is not what Exchange will run", Suppressible: false);

    public static readonly RuleDescriptor Schema = new(
        "CL002", "The document breaks the JSON schema", Severity.Error, "file",
        "settings that silently mean something else (a mistyped key is an unset key)", Suppressible: false);

    public static readonly RuleDescriptor Reference = new(
        "CL003", "A reference does not resolve", Severity.Error, "file",
        "a connector bound to a certificate or server that does not exist", Suppressible: false);

    public static readonly RuleDescriptor DuplicateName = new(
        "CL004", "Two items share a name", Severity.Error, "file",
        "Exchange refuses a second object of the same name; references become ambiguous", Suppressible: false);

    public static IReadOnlyList<RuleDescriptor> All { get; } = [Parse, Schema, Reference, DuplicateName];
}
