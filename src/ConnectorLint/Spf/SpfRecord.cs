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

    /// <summary>Terms that cost a DNS lookup, counted on the record itself: include, a, mx, ptr, exists, redirect.</summary>
    public int DnsLookupTerms => Mechanisms.Count(m => m.QueriesDns) + (Redirect is null ? 0 : 1);
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
