namespace ConnectorLint.Diagnostics;

/// <summary>A rule as data, declared once (after Roslyn's DiagnosticDescriptor).</summary>
/// <param name="SecuritySeverity">
/// For a rule that is a security matter, its CVSS-like score from 0.1 to 10.0 as code scanning reads
/// it (9.0 and above is critical, 7.0 high, 4.0 medium); null for the others.
/// </param>
public sealed record RuleDescriptor(
    string Id,
    string Title,
    Severity DefaultSeverity,
    string Category,
    string Prevents,
    bool Suppressible = true,
    string? SecuritySeverity = null)
{
    public const string DocsBaseUri = "https://github.com/connectorlint/connectorlint/blob/main/docs/rules/";

    public string HelpUri => DocsBaseUri + Id + ".md";
}
