using ConnectorLint.Diagnostics;
using ConnectorLint.Drift;

namespace ConnectorLint.Rules;

/// <summary>CL6xx: the desired state against what Exchange has, from its exports. Each reports one of config drift's checks.</summary>
public static class ConfigDriftRules
{
    public static readonly Rule PropertyDrift = Reporting(DriftCheck.ConfigPropertyDrift,
        new("CL601", "A property in Exchange differs from the desired state", Severity.Error, "config drift", "a change made in the admin center or the shell that no review saw"));

    public static readonly Rule OnlyInExchange = Reporting(DriftCheck.ConfigOnlyInExchange,
        new("CL602", "Exchange has a connector, domain or server the desired state does not", Severity.Error, "config drift", "mail routed by an object no review saw"));

    public static readonly Rule OnlyInFile = Reporting(DriftCheck.ConfigOnlyInFile,
        new("CL603", "The desired state has a connector, domain, server or certificate Exchange does not", Severity.Error, "config drift", "mail flow the file promises but Exchange no longer has"));

    public static readonly Rule NotExported = Reporting(DriftCheck.ConfigNotExported,
        new("CL604", "The export does not hold a property the file sets", Severity.Warning, "config drift", "reporting a property missing from an export as drift"));

    private static Rule Reporting(DriftCheck check, RuleDescriptor descriptor) => new(descriptor, RuleInput.Export, context =>
        context.Drift.Where(o => o.Check == check).Select(o => new Diagnostic(o.Span, o.Message, Details: o.Details)));
}
