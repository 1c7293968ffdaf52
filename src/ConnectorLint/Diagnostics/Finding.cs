using ConnectorLint.Model;

namespace ConnectorLint.Diagnostics;

public enum Severity
{
    Note = 0,
    Warning = 1,
    Error = 2,
}

/// <summary>
/// The one currency every rule produces and every writer consumes. The message's first line is the
/// finding; any further lines are details the engine laid out (an SPF lookup tree). Values inside a
/// message never carry a line break of their own: <see cref="Create"/> escapes them.
/// </summary>
public sealed record Finding(string RuleId, Severity Severity, string Message, SourceSpan Span, string HelpUri)
{
    public static Finding Create(RuleDescriptor rule, SourceSpan span, string message, Severity? severity = null, IEnumerable<string>? details = null)
    {
        var text = PrintableText.Escape(message);
        if (details is not null)
        {
            text = string.Join('\n', details.Select(PrintableText.Escape).Prepend(text));
        }

        return new(rule.Id, severity ?? rule.DefaultSeverity, text, span, rule.HelpUri);
    }

    /// <summary>Stable order for every writer: file, position, then rule.</summary>
    public static IReadOnlyList<Finding> Sort(IEnumerable<Finding> findings) =>
        findings.OrderBy(f => f.Span.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.Line).ThenBy(f => f.Span.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
}

public static class SeverityNames
{
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": severity = Severity.Warning; return true;
            case "note": severity = Severity.Note; return true;
            default: severity = Severity.Note; return false;
        }
    }
}
