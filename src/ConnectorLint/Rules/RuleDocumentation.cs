using ConnectorLint.Diagnostics;

namespace ConnectorLint.Rules;

/// <summary>
/// The docs/rules/&lt;ID&gt;.md pages: a header generated from the rule's descriptor, then the
/// hand-written explanation. Embedded so that `explain` works from any folder.
/// </summary>
public static class RuleDocumentation
{
    /// <summary>Where the generated header ends and the hand-written part begins.</summary>
    public const string BodyStart = "## What it checks";

    public static string? Page(string ruleId)
    {
        using var stream = typeof(RuleDocumentation).Assembly.GetManifestResourceStream($"ConnectorLint.rules.{ruleId}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The page's header, from the descriptor alone: title, default severity, category, which command reports it, whether it can be configured, what it prevents.</summary>
    public static string Header(Rule rule)
    {
        var d = rule.Descriptor;
        var reportedBy = rule.Input switch
        {
            RuleInput.Tree or RuleInput.Model => "`connectorlint lint`",
            RuleInput.Dns => "`connectorlint drift`",
            RuleInput.Probe => "`connectorlint probe`",
            RuleInput.Export => "`connectorlint drift --exchange-export`",
            _ => "`connectorlint lint`, `connectorlint drift` and `connectorlint probe`",
        };
        var configurable = d.Suppressible
            ? "yes: turn it off or change its severity in `.connectorlint.yaml`, or suppress one finding with a comment"
            : "no: always on, cannot be turned off or suppressed";
        var security = d.SecuritySeverity is { } score
            ? $"- **Security severity:** {score} (a security matter: code scanning ranks it by this score)\n"
            : "";
        return $"""
            # {d.Id}: {d.Title}

            - **Severity:** {d.DefaultSeverity.ToName()}
            - **Category:** {d.Category}
            - **Reported by:** {reportedBy}
            - **Configurable:** {configurable}

            """.Replace("\r\n", "\n", StringComparison.Ordinal) + security + $"- **Prevents:** {d.Prevents}\n\n";
    }

    /// <summary>The page with its header regenerated and its hand-written part kept.</summary>
    public static string Regenerate(Rule rule, string page)
    {
        var body = page.IndexOf(BodyStart, StringComparison.Ordinal);
        if (body < 0)
        {
            throw new FormatException($"the page of {rule.Descriptor.Id} has no '{BodyStart}' section.");
        }

        return Header(rule) + page[body..];
    }
}
