using ConnectorLint.Exchange;
using ConnectorLint.Model;
using ConnectorLint.Reporting;

namespace ConnectorLint.Rules;

/// <summary>What a check says: where, what, and optionally a severity other than the rule's default.</summary>
public readonly record struct Diagnostic(SourceSpan Span, string Message, Severity? Severity = null);

/// <summary>A rule: its descriptor (data) and its one check.</summary>
public sealed record Rule(RuleDescriptor Descriptor, Func<RuleContext, IEnumerable<Diagnostic>> Check);

/// <summary>What a check may read: the model, the facts derived from it, and the settings that tune rules.</summary>
public sealed class RuleContext(DesiredState state, LintSettings settings)
{
    private MailFlowTopology? topology;
    private MailFlowSimulator? simulator;

    public DesiredState State { get; } = state;

    public LintSettings Settings { get; } = settings;

    public MailFlowTopology Topology => topology ??= new MailFlowTopology(State);

    /// <summary>The routing model's decisions, computed once per document and shared by every rule and by trace.</summary>
    public MailFlowSimulator Simulator => simulator ??= new MailFlowSimulator(State, Topology);
}

/// <summary>Settings that tune rules (from .connectorlint.yaml and the command line).</summary>
public sealed record LintSettings
{
    public int CertificateExpiryWarningDays { get; init; } = 30;

    /// <summary>The day certificates are judged on; fixed in tests so that results do not age.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    public IReadOnlySet<string> DisabledRules { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
}
