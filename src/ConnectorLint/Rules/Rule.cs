using ConnectorLint.Diagnostics;
using ConnectorLint.Drift;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Probe;

namespace ConnectorLint.Rules;

/// <summary>What a check says: where, what, optionally a severity other than the rule's default, and detail lines.</summary>
public readonly record struct Diagnostic(SourceSpan Span, string Message, Severity? Severity = null, IReadOnlyList<string>? Details = null);

/// <summary>What a rule reads; it decides which runs report the rule and in which order.</summary>
public enum RuleInput
{
    /// <summary>What the loader met (YAML that does not parse, a schema violation): every run.</summary>
    Load,

    /// <summary>The YAML tree, whether or not it became a model: lint.</summary>
    Tree,

    /// <summary>The desired state and the routing model computed from it: lint, on a file that loaded.</summary>
    Model,

    /// <summary>What DNS answered, compared with the file: drift.</summary>
    Dns,

    /// <summary>What the SMTP servers presented, compared with the file: probe.</summary>
    Probe,

    /// <summary>What Exchange's exports hold, compared with the file: drift --exchange-export.</summary>
    Export,

    /// <summary>The outcome of the inline suppressions, after every other rule: every run.</summary>
    Suppressions,
}

/// <summary>A rule: its descriptor (data), what it reads, and its one check. Every rule ID is one of these.</summary>
public sealed record Rule(RuleDescriptor Descriptor, RuleInput Input, Func<RuleContext, IEnumerable<Diagnostic>> Check)
{
    /// <summary>A rule over the desired state, the common case.</summary>
    public Rule(RuleDescriptor descriptor, Func<RuleContext, IEnumerable<Diagnostic>> check)
        : this(descriptor, RuleInput.Model, check)
    {
    }
}

/// <summary>What a check may read: the loaded file, its model and the facts derived from it, the settings that tune rules, and what DNS answered.</summary>
public sealed class RuleContext(LoadedDocument document, LintSettings settings)
{
    public LoadedDocument Document { get; } = document;

    /// <summary>The desired state; only rules over the model read it, and they run only when the file loaded.</summary>
    public DesiredState State => Document.State ?? throw new InvalidOperationException($"{Document.File} has no model; only rules over the model read it.");

    public LintSettings Settings { get; } = settings;

    public MailFlowTopology Topology => MailFlowTopology.Of(State);

    /// <summary>The routing model's decisions, computed once per document and shared by every rule and by trace.</summary>
    public MailFlowSimulator Simulator => MailFlowSimulator.Of(State);

    /// <summary>What drift observed for this file, against DNS and against Exchange's exports (empty outside drift).</summary>
    public IReadOnlyList<DriftObservation> Drift { get; init; } = [];

    /// <summary>What probe observed for this file (empty outside probe).</summary>
    public IReadOnlyList<ProbeObservation> Probe { get; init; } = [];

    /// <summary>Set by the pipeline once suppressions were applied, before the rules that read them run.</summary>
    public SuppressionOutcome? Suppression { get; internal set; }
}

/// <summary>Settings that tune rules (from .connectorlint.yaml and the command line).</summary>
public sealed record LintSettings
{
    public int CertificateExpiryWarningDays { get; init; } = 30;

    /// <summary>The day certificates are judged on; fixed in tests so that results do not age.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    public IReadOnlySet<string> DisabledRules { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration file these settings were read from; null when none applies.</summary>
    public string? Source { get; init; }

    /// <summary>Where each configured setting was set: a rule ID, or <c>certificateExpiryWarningDays</c>.</summary>
    public IReadOnlyDictionary<string, SourceSpan> Origins { get; init; } = new Dictionary<string, SourceSpan>(StringComparer.OrdinalIgnoreCase);
}
