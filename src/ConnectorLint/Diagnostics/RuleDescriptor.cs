namespace ConnectorLint.Diagnostics;

/// <summary>A rule as data, declared once (after Roslyn's DiagnosticDescriptor).</summary>
public sealed record RuleDescriptor(
    string Id,
    string Title,
    Severity DefaultSeverity,
    string Category,
    string Prevents,
    bool Suppressible = true)
{
    public const string DocsBaseUri = "https://github.com/connectorlint/connectorlint/blob/main/docs/rules/";

    public string HelpUri => DocsBaseUri + Id + ".md";
}
