namespace ConnectorLint.Drift;

public enum RecordState { InSync, Drift, Unknown }

/// <summary>
/// One record set of one name: what the file wants, what DNS says, and the difference as a plan:
/// what only DNS has (to remove) and what only the file has (to publish).
/// </summary>
public sealed record RecordDrift(string Name, string Type, RecordState State, IReadOnlyList<string> Desired, IReadOnlyList<string> Live, string? Note = null)
{
    public IReadOnlyList<string> OnlyLive { get; init; } = State == RecordState.Drift ? [.. Live.Except(Desired, StringComparer.OrdinalIgnoreCase)] : [];

    public IReadOnlyList<string> OnlyDesired { get; init; } = State == RecordState.Drift ? [.. Desired.Except(Live, StringComparer.OrdinalIgnoreCase)] : [];
}

public sealed record DomainDrift(string Domain, IReadOnlyList<RecordDrift> Records)
{
    public RecordState State => Records.Any(r => r.State == RecordState.Drift) ? RecordState.Drift
        : Records.Any(r => r.State == RecordState.Unknown) ? RecordState.Unknown
        : RecordState.InSync;
}

/// <summary>Drift read like a plan: per domain, per record, desired against live.</summary>
public sealed record DriftPlan(IReadOnlyList<DomainDrift> Domains, int Queries, int FailedQueries)
{
    /// <summary>True when queries were made and none was answered: the tool could not do its job.</summary>
    public bool NoServerAnswered => Queries > 0 && FailedQueries == Queries;
}
