using ConnectorLint.Loading;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;

namespace ConnectorLint;

/// <summary>The engine's front door: a loaded document in, findings out.</summary>
public static class Linter
{
    public static IReadOnlyList<Finding> Lint(LoadedDocument document, LintSettings settings)
    {
        var findings = new List<Finding>(document.Findings);
        if (!settings.DisabledRules.Contains(RelayRules.Secret.Id))
        {
            var secretSeverity = settings.SeverityOverrides.TryGetValue(RelayRules.Secret.Id, out var ss) ? ss : (Severity?)null;
            findings.AddRange(RelayRules.FindSecrets(document.Root).Select(f => secretSeverity is { } s2 ? f with { Severity = s2 } : f));
        }

        if (document.State is { } state)
        {
            var context = new RuleContext(state, settings);
            foreach (var rule in RuleCatalog.Rules)
            {
                var descriptor = rule.Descriptor;
                if (descriptor.Suppressible && settings.DisabledRules.Contains(descriptor.Id))
                {
                    continue;
                }

                var overridden = descriptor.Suppressible && settings.SeverityOverrides.TryGetValue(descriptor.Id, out var s) ? s : (Severity?)null;
                foreach (var diagnostic in rule.Check(context))
                {
                    findings.Add(Finding.Create(descriptor, diagnostic.Span, diagnostic.Message, overridden ?? diagnostic.Severity));
                }
            }
        }

        return Finding.Sort(Suppressions.Apply(document, findings));
    }

    public static IReadOnlyList<Finding> LintText(string file, string text, LintSettings? settings = null) =>
        Lint(DesiredStateLoader.Load(file, text), settings ?? new LintSettings());
}
