using ConnectorLint.Model;

namespace ConnectorLint.Drift;

/// <summary>What drift compares. Each has one rule (CL5xx) that reports it.</summary>
public enum DriftCheck
{
    MxDrift,
    SpfDrift,
    MultipleSpf,
    LiveLookupLimit,
    Unresolvable,
    EgressFailsSpf,
    DmarcDrift,
    LookupFailed,
}

/// <summary>One difference (or one unanswered lookup) between the file and DNS, at the file's position for it.</summary>
public sealed record DriftObservation(DriftCheck Check, SourceSpan Span, string Message, IReadOnlyList<string> Details);
