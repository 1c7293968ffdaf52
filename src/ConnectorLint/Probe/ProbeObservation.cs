using System.Net;
using System.Security.Cryptography.X509Certificates;
using ConnectorLint.Model;

namespace ConnectorLint.Probe;

/// <summary>What probe compares. Each has one rule (CL7xx) that reports it.</summary>
public enum ProbeCheck
{
    CertificateDiffers,
    NameNotAttributed,
    Expiry,
    ChainInvalid,
    NoStartTls,
    NoModernTls,
    Unreachable,
}

/// <summary>
/// One difference between what the file says a server presents and what it presented (or one
/// endpoint that could not be asked), at the file's position for it. <see cref="Expired"/> tells
/// an expired certificate (an error) from one that expires soon (a warning).
/// </summary>
public sealed record ProbeObservation(ProbeCheck Check, SourceSpan Span, string Message, IReadOnlyList<string> Details, bool Expired = false);

/// <summary>How a probe run connects.</summary>
public sealed record ProbeOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public const int DefaultConcurrency = 8;

    /// <summary>How long one endpoint may take, from connect to QUIT.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Addresses to use instead of DNS, by host name (lower case); a port here replaces the file's.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Hosts { get; init; } = new Dictionary<string, IPEndPoint>();

    /// <summary>When not empty, only endpoints with these host names are probed.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>Roots trusted besides the system's (an internal CA of the organization).</summary>
    public X509Certificate2Collection TrustedRoots { get; init; } = [];
}

/// <summary>How many endpoints a run probed, and how many answered SMTP: none answering is a run that could not do its job.</summary>
public sealed record ProbeSummary(int Endpoints, int Answered)
{
    public bool NothingAnswered => Endpoints > 0 && Answered == 0;
}
