using System.Text.RegularExpressions;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Reporting;

namespace ConnectorLint.Rules;

/// <summary>
/// Inline suppressions: "# connectorlint-disable-next-line CL203 -- reason" and
/// "# connectorlint-disable-line CL203 -- reason". A reason is required; a suppression that
/// matches nothing is reported, so stale ones do not pile up.
/// </summary>
public static partial class Suppressions
{
    public static readonly RuleDescriptor Descriptor = new(
        "CL009", "A suppression comment is malformed or suppresses nothing", Severity.Note, "file",
        "stale suppressions that would hide the next real problem on that line", Suppressible: false);

    private sealed record Directive(SourceSpan Span, int TargetLine, HashSet<string> RuleIds)
    {
        public HashSet<string> Used { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\s*connectorlint-disable-(?<kind>next-line|line)\b(?<rest>.*)$", RegexOptions.NonBacktracking)]
    private static partial Regex DirectivePattern();

    [GeneratedRegex(@"^CL\d{3}$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex RuleIdPattern();

    /// <param name="ranBy">
    /// Which rule IDs the run could have reported: a suppression of another run's rule (CL502 in a
    /// lint run) is left for that run, never called stale.
    /// </param>
    /// <param name="reportMalformed">Report malformed directives; lint does, so another run over the same file need not.</param>
    public static IReadOnlyList<Finding> Apply(LoadedDocument document, IReadOnlyList<Finding> findings, Func<string, bool>? ranBy = null, bool reportMalformed = true)
    {
        ranBy ??= _ => true;
        var directives = new List<Directive>();
        var problems = new List<Finding>();
        foreach (var comment in document.Comments)
        {
            var match = DirectivePattern().Match(comment.Text);
            if (!match.Success)
            {
                continue;
            }

            var rest = match.Groups["rest"].Value;
            var separator = rest.IndexOf("--", StringComparison.Ordinal);
            var idsText = separator >= 0 ? rest[..separator] : rest;
            var reason = separator >= 0 ? rest[(separator + 2)..].Trim() : "";
            var ids = idsText.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length == 0 || reason.Length == 0 || ids.Any(id => !RuleIdPattern().IsMatch(id)))
            {
                problems.Add(Finding.Create(Descriptor, comment.Span,
                    "a suppression needs rule IDs and a reason: '# connectorlint-disable-next-line CL203 -- why this is safe'."));
                continue;
            }

            var unsuppressible = ids.FirstOrDefault(id => id.StartsWith("CL0", StringComparison.OrdinalIgnoreCase));
            if (unsuppressible is not null)
            {
                problems.Add(Finding.Create(Descriptor, comment.Span, $"{unsuppressible.ToUpperInvariant()} is about the file itself and cannot be suppressed."));
            }

            var target = match.Groups["kind"].Value == "line" ? comment.Span.Line : NextContentLine(document, comment.Span.Line);
            directives.Add(new Directive(comment.Span, target, new HashSet<string>(ids.Select(i => i.ToUpperInvariant()), StringComparer.OrdinalIgnoreCase)));
        }

        if (directives.Count == 0)
        {
            return reportMalformed ? [.. findings, .. problems] : [.. findings];
        }

        var kept = new List<Finding>();
        foreach (var finding in findings)
        {
            var directive = finding.RuleId.StartsWith("CL0", StringComparison.Ordinal)
                ? null
                : directives.FirstOrDefault(d => d.TargetLine == finding.Span.Line && d.RuleIds.Contains(finding.RuleId));
            if (directive is null)
            {
                kept.Add(finding);
            }
            else
            {
                directive.Used.Add(finding.RuleId);
            }
        }

        foreach (var directive in directives)
        {
            foreach (var id in directive.RuleIds.Where(id => !id.StartsWith("CL0", StringComparison.OrdinalIgnoreCase) && !directive.Used.Contains(id) && ranBy(id)).Order(StringComparer.Ordinal))
            {
                kept.Add(Finding.Create(Descriptor, directive.Span, $"the suppression of {id} matches no finding on line {directive.TargetLine}; remove it."));
            }
        }

        return reportMalformed ? [.. kept, .. problems] : kept;
    }

    private static int NextContentLine(LoadedDocument document, int line)
    {
        var lines = document.Lines;
        for (var i = line; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                return i + 1;
            }
        }

        return line + 1;
    }
}
