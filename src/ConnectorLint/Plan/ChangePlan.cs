using ConnectorLint.Model;

namespace ConnectorLint.Plan;

/// <summary>The session a step runs in: an Exchange Online session, or the Exchange Management Shell; or none (a step only an admin can do).</summary>
public enum PlanSide { ExchangeOnline, ExchangeServer, Manual }

/// <summary>
/// When a step may run: what adds (a new object, an item added to a list, a certificate installed,
/// a connector enabled) before what changes a single value, before what takes away (an item removed,
/// a connector disabled): make before break.
/// </summary>
public enum StepPhase { Prepare, Change, Retire }

/// <summary>
/// One command of a plan: the cmdlet line with Exchange's parameter names and values, the object
/// it touches, the file line and rule it resolves, and the desired state once it has run.
/// </summary>
/// <param name="Command">The PowerShell, one line; for a manual step, what to do.</param>
/// <param name="Apply">The organization after the step, from the organization before it: what the routing model traces.</param>
public sealed record PlanStep(
    PlanSide Side,
    StepPhase Phase,
    string Target,
    string Action,
    string Command,
    string RuleId,
    SourceSpan Span,
    Func<DesiredState, DesiredState> Apply)
{
    /// <summary>The object key: steps of one object keep their phase order.</summary>
    public required string ObjectKey { get; init; }

    /// <summary>A step that only renames the certificate an inbound connector expects: the one change a wildcard can bridge.</summary>
    public (InboundConnector Connector, string From, string To)? CertificateNameChange { get; init; }
}

/// <summary>A temporary step pair that keeps flows delivering through a change no order can make safely, and what it costs while it lasts.</summary>
public sealed record PlanBridge(int FromStep, int UntilStep, string Text);

/// <summary>A flow that delivers before the change and after it, but bounces while the steps between run.</summary>
/// <param name="AfterStep">The window opens once this step (1-based) has run.</param>
/// <param name="UntilStep">It closes when this step has run.</param>
public sealed record PlanWindow(int AfterStep, int UntilStep, IReadOnlyList<string> Flows, string Outcome);

/// <summary>What the plan leaves alone, and why (an object only Exchange has, a fact of a server).</summary>
public sealed record PlanNote(string Target, string Text, SourceSpan Span);

/// <summary>
/// The plan from Exchange's state to the file's: steps in an order that the routing model found
/// bounces no flow that delivers before and after, or with every window it could not avoid marked.
/// </summary>
public sealed record ChangePlan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<PlanWindow> Windows, IReadOnlyList<PlanNote> NotTouched)
{
    public IReadOnlyList<PlanBridge> Bridges { get; init; } = [];

    public bool IsEmpty => Steps.Count == 0;
}

/// <summary>The plan, and the two organizations it goes between.</summary>
public sealed record PlanReport(ChangePlan Plan, DesiredState Desired, DesiredState Exchange, string File, string ExportFolder);
