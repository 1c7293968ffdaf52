using ConnectorLint.Diagnostics;
using ConnectorLint.Drift;
using ConnectorLint.Loading;
using ConnectorLint.Probe;
using ConnectorLint.Rules;

namespace ConnectorLint;

/// <summary>What a run checks besides loading the file.</summary>
[Flags]
public enum Checks
{
    /// <summary>The rules over the YAML tree and the model (lint).</summary>
    Rules = 1,

    /// <summary>The desired state against live DNS (drift).</summary>
    Drift = 2,

    /// <summary>The desired state against what its SMTP servers present (probe).</summary>
    Probe = 4,

    /// <summary>The desired state against Exchange's exports (drift --exchange-export).</summary>
    ExchangeExport = 8,
}

/// <summary>
/// The one rule runner. Every rule, drift's included, goes through it, so a rule turned off, a
/// severity override and an inline suppression work the same for all of them.
/// </summary>
public static class Linter
{
    public static IReadOnlyList<Finding> Lint(LoadedDocument document, LintSettings settings) =>
        Run(document, settings, Checks.Rules);

    public static IReadOnlyList<Finding> LintText(string file, string text, LintSettings? settings = null) =>
        Lint(DesiredStateLoader.Load(file, text), settings ?? new LintSettings());

    /// <param name="drift">What drift observed for this document; read by the CL5xx rules when <paramref name="checks"/> has <see cref="Checks.Drift"/>, by the CL6xx rules when it has <see cref="Checks.ExchangeExport"/>.</param>
    /// <param name="probe">What probe observed for this document; read by the CL7xx rules when <paramref name="checks"/> has <see cref="Checks.Probe"/>.</param>
    public static IReadOnlyList<Finding> Run(LoadedDocument document, LintSettings settings, Checks checks, IReadOnlyList<DriftObservation>? drift = null, IReadOnlyList<ProbeObservation>? probe = null)
    {
        var context = new RuleContext(document, settings) { Drift = drift ?? [], Probe = probe ?? [] };
        bool Runs(Rule rule) => rule.Input switch
        {
            RuleInput.Load or RuleInput.Suppressions => true,
            RuleInput.Tree => checks.HasFlag(Checks.Rules),
            RuleInput.Model => checks.HasFlag(Checks.Rules) && document.State is not null,
            RuleInput.Dns => checks.HasFlag(Checks.Drift),
            RuleInput.Probe => checks.HasFlag(Checks.Probe),
            RuleInput.Export => checks.HasFlag(Checks.ExchangeExport),
            _ => false,
        };

        var produced = new List<(Rule, Finding)>();
        foreach (var rule in RuleCatalog.Rules.Where(r => r.Input != RuleInput.Suppressions && Runs(r)))
        {
            produced.AddRange(Check(rule, context).Select(f => (rule, f)));
        }

        var (kept, outcome) = Suppressions.Apply(document, produced, Runs, reportMalformed: checks.HasFlag(Checks.Rules));
        context.Suppression = outcome;
        var findings = kept.ToList();
        foreach (var rule in RuleCatalog.Rules.Where(r => r.Input == RuleInput.Suppressions))
        {
            findings.AddRange(Check(rule, context));
        }

        return Finding.Sort(findings);
    }

    private static IEnumerable<Finding> Check(Rule rule, RuleContext context)
    {
        var descriptor = rule.Descriptor;
        return IsOff(descriptor, context.Settings) ? [] : rule.Check(context).Select(d => Report(descriptor, context.Settings, d));
    }

    /// <summary>Whether the configuration turns the rule off (a rule that cannot be suppressed never is).</summary>
    internal static bool IsOff(RuleDescriptor descriptor, LintSettings settings) =>
        descriptor.Suppressible && settings.DisabledRules.Contains(descriptor.Id);

    /// <summary>A rule's diagnostic as reported, at the severity the configuration gives the rule.</summary>
    internal static Finding Report(RuleDescriptor descriptor, LintSettings settings, Diagnostic diagnostic)
    {
        var overridden = descriptor.Suppressible && settings.SeverityOverrides.TryGetValue(descriptor.Id, out var s) ? s : (Severity?)null;
        return Finding.Create(descriptor, diagnostic.Span, diagnostic.Message, overridden ?? diagnostic.Severity, diagnostic.Details);
    }
}
