using System.Text.RegularExpressions;
using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;

namespace ConnectorLint.Review;

/// <summary>How a flow's outcome moved between the base and the head of a change.</summary>
public enum FlowChangeKind
{
    /// <summary>Bounces now: delivered before, or new in the head and refused (a new scanner no relay connector admits).</summary>
    Broken,

    /// <summary>Bounced before, delivered now.</summary>
    Fixed,

    /// <summary>Same outcome kind, another route or another bounce.</summary>
    Rerouted,

    /// <summary>The head traces a flow the base had no ground for (a new sender, a new partner), and it does not bounce.</summary>
    Added,

    /// <summary>The base traced a flow the head no longer has.</summary>
    Removed,
}

public sealed record FlowChange(string Flow, FlowTrace? Before, FlowTrace? After)
{
    public FlowChangeKind Kind =>
        Before is null ? (After is { Outcome.Bounced: true } ? FlowChangeKind.Broken : FlowChangeKind.Added)
        : After is null ? FlowChangeKind.Removed
        : !Before.Outcome.Bounced && After.Outcome.Bounced ? FlowChangeKind.Broken
        : Before.Outcome.Bounced && !After.Outcome.Bounced ? FlowChangeKind.Fixed
        : FlowChangeKind.Rerouted;
}

/// <summary>
/// One value the change set, changed or removed, in Exchange's terms: the item (send connector
/// 'Outbound to Office 365'), the property (tlsCertificateName), before and after. <see cref="Span"/>
/// is where the head says it, or where the base said it when it is gone.
/// </summary>
public sealed record PropertyChange(string Item, string Property, string? Before, string? After, SourceSpan Span);

/// <summary>Findings of the head that the base did not have, findings the change fixed, and the ones both have.</summary>
public sealed record FindingChanges(IReadOnlyList<Finding> New, IReadOnlyList<Finding> Fixed, IReadOnlyList<Finding> Unchanged);

/// <summary>Every file's review, in discovery order, against <see cref="Base"/>.</summary>
public sealed record ReviewReport(IReadOnlyList<FileReview> Files, string Base);

/// <summary>What one file's change does: to its findings, to the canonical flows, to its properties.</summary>
/// <param name="HeadFlows">The canonical flows of the head, for drawing its mail flow.</param>
public sealed record FileReview(string File, bool NewFile, FindingChanges Findings, IReadOnlyList<FlowChange> Flows, int UnchangedFlows, IReadOnlyList<PropertyChange> Properties, IReadOnlyList<CanonicalFlow> HeadFlows)
{
    /// <summary>With an export of Exchange: the cmdlets this change implies, in the order that bounces no mail.</summary>
    public Plan.PlanReport? Plan { get; init; }

    public IEnumerable<FlowChange> Changed(FlowChangeKind kind) => Flows.Where(f => f.Kind == kind);

    /// <summary>The head does not load (a YAML or schema error): none of its flows could be traced.</summary>
    public bool HeadUnreadable { get; init; }

    /// <summary>How many canonical flows the base traced (what a head that does not load leaves untraced).</summary>
    public int BaseFlowCount { get; init; }

    /// <summary>The head deleted the file: every flow it traced is gone.</summary>
    public bool Deleted { get; init; }

    /// <summary>
    /// A flow newly bounces, and the change brings no new finding at error level that could say why
    /// (CL409 does not count: it repeats a bounce at its sender, whatever the cause). The review fails
    /// on it all the same, and asks for a report: a rule is missing.
    /// </summary>
    public bool BouncesUnexplained =>
        Changed(FlowChangeKind.Broken).Any() && !Findings.New.Any(f => f.Severity == Severity.Error && f.RuleId != Rules.SenderRules.BouncesDownstream.Descriptor.Id);
}

/// <summary>
/// Compares two versions of one desired-state file: both linted by the one runner (the engine hands
/// over the findings), both traced
/// through the routing model, and both YAML trees walked. A finding is the same finding on both
/// sides when its rule and message are (line numbers inside a message aside), wherever it moved.
/// </summary>
public static partial class ChangeReview
{
    /// <param name="baseFindings">What the rules found in <paramref name="before"/> (empty for a new file).</param>
    /// <param name="headFindings">What the rules found in <paramref name="after"/>.</param>
    public static FileReview Compare(LoadedDocument? before, LoadedDocument after, IReadOnlyList<Finding> baseFindings, IReadOnlyList<Finding> headFindings)
    {
        var findings = MatchFindings(baseFindings, headFindings);

        var headFlows = after.State is { } headState ? MailFlowSimulator.Of(headState).CanonicalFlows : [];
        var baseFlows = before?.State is { } baseState ? MailFlowSimulator.Of(baseState).CanonicalFlows : [];
        var (flows, unchanged) = after.State is not null && before?.State is not null ? CompareFlows(baseFlows, headFlows) : ([], 0);
        var properties = before?.Root is { } baseRoot && after.Root is { } headRoot ? PropertyDiff.Compare(baseRoot, headRoot) : [];
        return new FileReview(after.File, before is null, findings, flows, unchanged, properties, headFlows)
        {
            HeadUnreadable = after.State is null,
            BaseFlowCount = baseFlows.Count,
        };
    }

    private static FindingChanges MatchFindings(IReadOnlyList<Finding> before, IReadOnlyList<Finding> after)
    {
        var remaining = before.GroupBy(Key).ToDictionary(g => g.Key, g => new Queue<Finding>(g));
        var fresh = new List<Finding>();
        var kept = new List<Finding>();
        foreach (var finding in after)
        {
            if (remaining.TryGetValue(Key(finding), out var same) && same.Count > 0)
            {
                same.Dequeue();
                kept.Add(finding);
            }
            else
            {
                fresh.Add(finding);
            }
        }

        return new FindingChanges(fresh, Finding.Sort(remaining.Values.SelectMany(q => q)), kept);
    }

    private static (string Rule, string Message) Key(Finding finding) => (finding.RuleId, LineNumber().Replace(finding.Message, "line #"));

    [GeneratedRegex(@"\bline [0-9]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LineNumber();

    private static (IReadOnlyList<FlowChange> Changes, int Unchanged) CompareFlows(IReadOnlyList<CanonicalFlow> before, IReadOnlyList<CanonicalFlow> after)
    {
        var changes = new List<FlowChange>();
        var unchanged = 0;
        var old = before.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Trace);
        foreach (var flow in after.DistinctBy(f => f.Name))
        {
            if (!old.Remove(flow.Name, out var was))
            {
                changes.Add(new FlowChange(flow.Name, null, flow.Trace));
            }
            else if (SameRoute(was, flow.Trace))
            {
                unchanged++;
            }
            else
            {
                changes.Add(new FlowChange(flow.Name, was, flow.Trace));
            }
        }

        changes.AddRange(before.Where(f => old.ContainsKey(f.Name)).DistinctBy(f => f.Name).Select(f => new FlowChange(f.Name, f.Trace, null)));
        return (changes, unchanged);
    }

    /// <summary>The same outcome through the same deciders; positions and wording of a hop's reasons may move.</summary>
    private static bool SameRoute(FlowTrace a, FlowTrace b) =>
        a.Outcome.Kind == b.Outcome.Kind && a.Outcome.Code == b.Outcome.Code && a.Outcome.RefusingHop == b.Outcome.RefusingHop
        && a.Hops.Select(h => (h.Stage, h.Decider)).SequenceEqual(b.Hops.Select(h => (h.Stage, h.Decider)));
}
