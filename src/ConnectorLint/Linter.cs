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

        return Finding.Sort(Suppressions.Apply(document, findings, id => !Drift.DriftRules.Owns(id)));
    }

    /// <summary>
    /// Drift's findings for one document under the same configuration and suppressions as lint:
    /// rules turned off are dropped, severities overridden, inline suppressions of CL5xx applied.
    /// </summary>
    public static IReadOnlyList<Finding> Configure(LoadedDocument document, IEnumerable<Finding> driftFindings, LintSettings settings)
    {
        var configured = driftFindings
            .Where(f => !settings.DisabledRules.Contains(f.RuleId))
            .Select(f => settings.SeverityOverrides.TryGetValue(f.RuleId, out var severity) ? f with { Severity = severity } : f)
            .ToList();
        return Finding.Sort(Suppressions.Apply(document, configured, Drift.DriftRules.Owns, reportMalformed: false));
    }

    public static IReadOnlyList<Finding> LintText(string file, string text, LintSettings? settings = null) =>
        Lint(DesiredStateLoader.Load(file, text), settings ?? new LintSettings());
}
