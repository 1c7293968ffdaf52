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

/// <summary>An item of a list: how it compares, and how it is written.</summary>
public sealed record ConfigItem(string Canonical, string Written);

/// <summary>A value a config change wants or Exchange holds: a scalar as written (Exchange's spelling for enumerations), or the items of a list.</summary>
public sealed record ConfigValue(string? Scalar, IReadOnlyList<ConfigItem> Items, bool IsList);

/// <summary>
/// One config difference, structured: an object only in the file (with the properties it sets), only
/// in Exchange, or one property of an object in both. <paramref name="Want"/> is null where the file
/// leaves a key out and Exchange's default is not known.
/// </summary>
public sealed record ConfigChange(DriftCheck Check, string Section, string Name, string? Key, string? ExchangeProperty, ConfigValue? Want, ConfigValue? Have, SourceSpan Span, IReadOnlyList<ConfigChange>? Properties = null);
