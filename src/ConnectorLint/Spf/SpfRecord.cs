using ConnectorLint.Net;

namespace ConnectorLint.Spf;

public enum SpfQualifier { Pass, Fail, SoftFail, Neutral }

public enum SpfMechanismKind { All, Include, A, Mx, Ptr, Ip4, Ip6, Exists }

/// <summary>One term of a record, with the 1-based column it starts at in the record text.</summary>
public abstract record SpfTerm(string Text, int Column);

public sealed record SpfMechanism(
    SpfQualifier Qualifier,
    SpfMechanismKind Kind,
    MacroString? DomainSpec,
    IpRange? Network,
    int? Cidr4,
    int? Cidr6,
    string Text,
    int Column) : SpfTerm(Text, Column)
{
    /// <summary>include, a, mx, ptr and exists cost a DNS lookup (RFC 7208 4.6.4).</summary>
    public bool QueriesDns => Kind is SpfMechanismKind.Include or SpfMechanismKind.A or SpfMechanismKind.Mx or SpfMechanismKind.Ptr or SpfMechanismKind.Exists;

    public string Name => Kind.ToString().ToLowerInvariant();
}

public sealed record SpfModifier(string Name, MacroString Value, string Text, int Column) : SpfTerm(Text, Column);

/// <summary>A parsed SPF record: its terms in order, and the redirect and exp modifiers.</summary>
public sealed record SpfRecord(string Text, IReadOnlyList<SpfTerm> Terms, SpfModifier? Redirect, SpfModifier? Explanation)
{
    public IEnumerable<SpfMechanism> Mechanisms => Terms.OfType<SpfMechanism>();

    public SpfMechanism? All => Mechanisms.FirstOrDefault(m => m.Kind == SpfMechanismKind.All);

    /// <summary>
    /// The terms that cost a DNS lookup, in order (RFC 7208 4.6.4): include, a, mx, ptr and exists, and
    /// the redirect, which counts only where it is used: RFC 7208 6.1 ignores it in a record with 'all'.
    /// The one definition of a record's own lookup cost, for CL112, the include graph and spf lint.
    /// </summary>
    public IReadOnlyList<SpfTerm> DnsLookupTerms =>
        [.. Terms.Where(t => t is SpfMechanism { QueriesDns: true } || (ReferenceEquals(t, Redirect) && All is null))];
}

/// <summary>RFC 7208's processing limits, each named once.</summary>
public static class SpfLimits
{
    /// <summary>RFC 7208 4.6.4: at most 10 terms that query DNS over the whole evaluation.</summary>
    public const int DnsLookups = 10;

    /// <summary>RFC 7208 4.6.4: at most 2 lookups that return no answer (a default the RFC lets a receiver configure).</summary>
    public const int VoidLookups = 2;

    /// <summary>RFC 7208 4.6.4: an mx mechanism looks up the addresses of at most 10 MX hosts.</summary>
    public const int MxHosts = 10;

    /// <summary>RFC 7208 5.5: at most 10 PTR names are checked.</summary>
    public const int PtrNames = 10;
}

/// <summary>Where and why a record breaks the grammar: the term, its 1-based column in the record, what is wrong.</summary>
public sealed record SpfSyntaxError(string Message, string Term, int Column);

/// <summary>Thrown only by <see cref="SpfParser.Parse"/>, for callers that expect a valid record.</summary>
public sealed class SpfSyntaxException(SpfSyntaxError error) : FormatException(error.Message)
{
    public SpfSyntaxError Error { get; } = error;

    public string Term => Error.Term;

    public int Column => Error.Column;
}
