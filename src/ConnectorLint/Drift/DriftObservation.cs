using ConnectorLint.Model;

namespace ConnectorLint.Drift;

/// <summary>What drift compares. Each has one rule that reports it: CL5xx against DNS, CL6xx against Exchange's exports.</summary>
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

    /// <summary>Config drift: a property differs from Exchange's export.</summary>
    ConfigPropertyDrift,

    /// <summary>Config drift: Exchange has an object the file does not.</summary>
    ConfigOnlyInExchange,

    /// <summary>Config drift: the file has an object Exchange's export does not.</summary>
    ConfigOnlyInFile,

    /// <summary>Config drift: the export does not hold a property the file sets (unknown).</summary>
    ConfigNotExported,
}

/// <summary>One difference (or one unanswered lookup) between the file and DNS, at the file's position for it.</summary>
public sealed record DriftObservation(DriftCheck Check, SourceSpan Span, string Message, IReadOnlyList<string> Details);
