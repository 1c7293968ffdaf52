using ConnectorLint.Diagnostics;
using System.Text.RegularExpressions;
using ConnectorLint.Loading;
using ConnectorLint.Model;

namespace ConnectorLint.Rules;

/// <summary>What the inline suppressions of one file need said about them (CL009).</summary>
public sealed record SuppressionOutcome(IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// Inline suppressions: "# connectorlint-disable-next-line CL203 -- reason" and
/// "# connectorlint-disable-line CL203 -- reason". A reason is required; a suppression that
/// matches nothing is reported, so stale ones do not pile up.
/// </summary>
public static partial class Suppressions
{
    public static readonly Rule Rule = new(
        new("CL009", "A suppression comment is malformed or suppresses nothing", Severity.Note, "file",
            "stale suppressions that would hide the next real problem on that line", Suppressible: false),
        RuleInput.Suppressions,
        context => context.Suppression?.Problems ?? []);

    private sealed record Directive(SourceSpan Span, int TargetLine, HashSet<Rule> Rules)
    {
        public HashSet<Rule> Used { get; } = [];
    }

    [GeneratedRegex(@"^\s*connectorlint-disable-(?<kind>next-line|line)\b(?<rest>.*)$", RegexOptions.NonBacktracking)]
    private static partial Regex DirectivePattern();

    private static readonly string[] DirectiveNames = ["connectorlint-disable-next-line", "connectorlint-disable-line"];

    /// <summary>A comment that starts like a directive ("connectorlint-" and a word), for telling a misspelled one.</summary>
    [GeneratedRegex(@"^\s*(?<name>connectorlint-[A-Za-z-]*)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex DirectiveLike();

    [GeneratedRegex(@"^CL\d{3}$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex RuleIdPattern();

    /// <summary>Drops the findings a directive suppresses; says what is wrong with the directives themselves.</summary>
    /// <param name="ran">
    /// Which rules the run could have reported: a suppression of another run's rule (CL502 in a
    /// lint run) is left for that run, never called stale.
    /// </param>
    /// <param name="reportMalformed">Report malformed directives; lint does, so another run over the same file need not.</param>
    public static (IReadOnlyList<Finding> Kept, SuppressionOutcome Outcome) Apply(
        LoadedDocument document, IReadOnlyList<(Rule Rule, Finding Finding)> findings, Func<Rule, bool> ran, bool reportMalformed)
    {
        var directives = new List<Directive>();
        var problems = new List<Diagnostic>();
        foreach (var comment in document.Comments)
        {
            // Only a comment that names the tool can be a directive; the others never reach the automatons.
            if (!comment.Text.Contains("connectorlint-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var match = DirectivePattern().Match(comment.Text);
            if (!match.Success)
            {
                if (DirectiveLike().Match(comment.Text) is { Success: true } like)
                {
                    var name = like.Groups["name"].Value;
                    var suggestion = NearestName.Among(name, DirectiveNames);
                    problems.Add(new Diagnostic(comment.Span,
                        $"'{name}' is not a directive{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (directives: {string.Join(", ", DirectiveNames)}); this comment suppresses nothing."));
                }

                continue;
            }

            var rest = match.Groups["rest"].Value;
            var separator = rest.IndexOf("--", StringComparison.Ordinal);
            var idsText = separator >= 0 ? rest[..separator] : rest;
            var reason = separator >= 0 ? rest[(separator + 2)..].Trim() : "";
            var ids = idsText.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
            var directiveName = "connectorlint-disable-" + match.Groups["kind"].Value;
            var notAnId = ids.FirstOrDefault(id => !RuleIdPattern().IsMatch(id));
            if (ids.Length == 0 || reason.Length == 0 || notAnId is not null)
            {
                var shown = ids.Length == 0 || notAnId is not null ? "<rule ID>" : string.Join(' ', ids);
                var what = ids.Length == 0 ? "names no rule" : notAnId is not null ? $"has '{notAnId}', which is not a rule ID" : "gives no reason";
                problems.Add(new Diagnostic(comment.Span,
                    $"this suppression {what}, so it is not applied and the findings it names still report; write it as '# {directiveName} {shown} -- why this is safe'."));
                continue;
            }

            var rules = new HashSet<Rule>();
            foreach (var id in ids)
            {
                var rule = RuleCatalog.Find(id);
                if (rule is null)
                {
                    problems.Add(new Diagnostic(comment.Span, $"{id.ToUpperInvariant()} is not a rule; `connectorlint rules` lists them."));
                }
                else if (!rule.Descriptor.Suppressible)
                {
                    problems.Add(new Diagnostic(comment.Span, $"{rule.Descriptor.Id} is about the file itself and cannot be suppressed."));
                }
                else
                {
                    rules.Add(rule);
                }
            }

            var target = match.Groups["kind"].Value == "line" ? comment.Span.Line : NextContentLine(document, comment.Span.Line);
            directives.Add(new Directive(comment.Span, target, rules));
        }

        var kept = new List<Finding>();
        foreach (var (rule, finding) in findings)
        {
            var directive = directives.FirstOrDefault(d => d.TargetLine == finding.Span.Line && d.Rules.Contains(rule));
            if (directive is null)
            {
                kept.Add(finding);
            }
            else
            {
                directive.Used.Add(rule);
            }
        }

        var stale = new List<Diagnostic>();
        foreach (var directive in directives)
        {
            foreach (var rule in directive.Rules.Where(r => !directive.Used.Contains(r) && ran(r)).OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal))
            {
                stale.Add(new Diagnostic(directive.Span, $"the suppression of {rule.Descriptor.Id} matches no finding on line {directive.TargetLine}; remove it."));
            }
        }

        return (kept, new SuppressionOutcome(reportMalformed ? [.. stale, .. problems] : stale));
    }

    private static int NextContentLine(LoadedDocument document, int line)
    {
        var lines = document.Lines;
        for (var i = line; i < lines.Count; i++)
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
