using ConnectorLint.Net;
using System.Collections.Immutable;

namespace ConnectorLint.Model;

// The v1 desired state (format.md). Every record keeps the span of its own mapping, so a finding
// about something missing can point at the parent that should hold it; every value keeps its own span.

public enum Cloud { Commercial, GccHigh, Dod, China }

public enum DomainType { Authoritative, InternalRelay, ExternalRelay }

public enum TlsAuthLevel { EncryptionOnly, CertificateValidation, DomainValidation }

public enum ConnectorType { OnPremises, Partner }

public enum SubmitTo { OnPremises, ClientSubmission, DirectSend, ConnectorRelay }

public enum ServerRole { Mailbox, Edge }

/// <summary>The Exchange Server version a server runs (AdminDisplayVersion), which decides the texts it answers with.</summary>
public enum ExchangeVersion { Exchange2010, Exchange2013, Exchange2016, Exchange2019, ExchangeSE }

public sealed record DesiredState(
    string File,
    Located<string> ApiVersion,
    Tenant Tenant,
    ImmutableArray<AcceptedDomain> AcceptedDomains,
    OnPremises? OnPremises,
    ExchangeOnline? ExchangeOnline,
    ImmutableArray<Sender> Senders,
    SourceSpan Span)
{
    public IEnumerable<SendConnector> SendConnectors => OnPremises?.SendConnectors ?? [];

    public IEnumerable<ReceiveConnector> ReceiveConnectors => OnPremises?.ReceiveConnectors ?? [];

    public IEnumerable<InboundConnector> InboundConnectors => ExchangeOnline?.InboundConnectors ?? [];

    public IEnumerable<OutboundConnector> OutboundConnectors => ExchangeOnline?.OutboundConnectors ?? [];

    public Server? FindServer(string name) =>
        OnPremises?.Servers.FirstOrDefault(s => string.Equals(s.Name.Value, name, StringComparison.OrdinalIgnoreCase));

    public Certificate? FindCertificate(string name) =>
        OnPremises?.Certificates.FirstOrDefault(c => string.Equals(c.Name.Value, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The certificate a send connector presents: by tlsCertificate (a certificates[] name), or by
    /// tlsCertificateName (Exchange's &lt;I&gt;issuer&lt;S&gt;subject), matched on issuer and subject.
    /// </summary>
    public Certificate? CertificateOf(SendConnector connector) =>
        connector.TlsCertificate is { } name ? FindCertificate(name.Value)
        : connector.TlsCertificateName is { } identity ? FindCertificateByIdentity(identity.Value)
        : null;

    public Certificate? FindCertificateByIdentity(string identity) =>
        DistinguishedName.ParseCertificateIdentity(identity) is var (issuer, subject)
            ? OnPremises?.Certificates.FirstOrDefault(c =>
                DistinguishedName.SameName(c.Subject.Value, subject) && (c.Issuer is null || DistinguishedName.SameName(c.Issuer.Value.Value, issuer)))
            : null;

    /// <summary>
    /// The accepted domains by name, built on first use. It remembers which list it indexes: a copy
    /// made with `with` shares the field, and must not answer from the original's list.
    /// </summary>
    private DomainIndex? domainIndex;

    private sealed class DomainIndex(ImmutableArray<AcceptedDomain> source)
    {
        public ImmutableArray<AcceptedDomain> Source { get; } = source;

        public Dictionary<string, AcceptedDomain> ByName { get; } = source
            .GroupBy(d => d.DomainName.Value.TrimEnd('.'), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    public AcceptedDomain? FindDomain(string domain)
    {
        var index = domainIndex;
        if (index is null || index.Source != AcceptedDomains)
        {
            domainIndex = index = new DomainIndex(AcceptedDomains);
        }

        return index.ByName.GetValueOrDefault(domain.TrimEnd('.'));
    }
}

public sealed record Tenant(
    Located<string> Name,
    Located<string>? InitialDomain,
    Located<Cloud> Cloud,
    SourceSpan Span,
    Located<bool>? RejectDirectSend = null,
    Located<bool>? SmtpClientAuthenticationDisabled = null);

/// <summary>An MX record; <see cref="PreferenceGiven"/> tells a written preference from the default 0.</summary>
public sealed record MxRecord(Located<string> Exchange, Located<int> Preference, SourceSpan Span, bool PreferenceGiven = true);

public sealed record AcceptedDomain(
    Located<string> DomainName,
    Located<DomainType> DomainType,
    Located<bool> Verified,
    ImmutableArray<MxRecord> Mx,
    SourceSpan? MxSpan,
    Located<string>? Spf,
    Located<string>? Dmarc,
    SourceSpan Span,
    Located<bool>? MatchSubDomains = null,
    Located<bool>? Default = null,
    Located<string>? RecipientsElsewhere = null,
    Located<bool>? ElsewhereInDirectory = null)
{
    /// <summary>Some recipients live in another system and the directory does not know them: only internalRelay reaches them.</summary>
    public bool HasUnknownRecipientsElsewhere => RecipientsElsewhere is not null && ElsewhereInDirectory is not { Value: true };
}

/// <summary>The onPremises section; its span is the key's, so findings about something missing point there.</summary>
public sealed record OnPremises(
    ImmutableArray<Server> Servers,
    ImmutableArray<Certificate> Certificates,
    ImmutableArray<SendConnector> SendConnectors,
    ImmutableArray<ReceiveConnector> ReceiveConnectors,
    SourceSpan Span);

public sealed record Server(
    Located<string> Name,
    Located<string> Fqdn,
    ImmutableArray<Located<IpRange>> EgressIPAddresses,
    SourceSpan Span,
    Located<ServerRole>? ServerRole = null,
    Located<string>? Site = null,
    Located<ExchangeVersion>? Version = null,
    ImmutableArray<Located<string>> Certificates = default,
    SourceSpan? CertificatesSpan = null)
{
    public bool IsEdge => ServerRole?.Value == Model.ServerRole.Edge;

    /// <summary>
    /// Does this server hold <paramref name="certificate"/>? A server whose certificates the file does
    /// not list is taken to hold every certificate of the file, as before the key existed.
    /// </summary>
    public bool Holds(Certificate certificate) =>
        Certificates.IsDefault || Certificates.Any(c => c.Value.Equals(certificate.Name.Value, StringComparison.OrdinalIgnoreCase));
}

public sealed record Certificate(
    Located<string> Name,
    Located<string> Subject,
    Located<string>? Issuer,
    ImmutableArray<Located<string>> SubjectAlternativeNames,
    Located<DateOnly> NotAfter,
    Located<string>? Thumbprint,
    SourceSpan Span)
{
    /// <summary>The CN of the subject, if it has one.</summary>
    public string? SubjectCommonName => DistinguishedName.CommonName(Subject.Value);

    /// <summary>Subject CN and SANs: the names a receiver can match against.</summary>
    public IEnumerable<string> Names =>
        (SubjectCommonName is { } cn ? [cn] : Array.Empty<string>()).Concat(SubjectAlternativeNames.Select(s => s.Value))
            .Distinct(StringComparer.OrdinalIgnoreCase);
}

public sealed record SendConnector(
    Located<string> Name,
    Located<bool> Enabled,
    ImmutableArray<Located<string>> AddressSpaces,
    Located<bool>? DnsRoutingEnabled,
    ImmutableArray<Located<string>> SmartHosts,
    Located<int>? Port,
    Located<bool>? RequireTls,
    Located<TlsAuthLevel>? TlsAuthLevel,
    Located<string>? TlsDomain,
    Located<string>? TlsCertificate,
    ImmutableArray<Located<string>> SourceTransportServers,
    SourceSpan? SourceTransportServersSpan,
    Located<bool>? CloudServicesMailEnabled,
    Located<string>? SmartHostAuthMechanism,
    SourceSpan Span,
    Located<string>? Fqdn = null,
    Located<string>? TlsCertificateName = null,
    Located<bool>? FrontendProxyEnabled = null)
{
    /// <summary>The connector names a certificate to present, either way.</summary>
    public bool PresentsCertificate => TlsCertificate is not null || TlsCertificateName is not null;

    /// <summary>Exchange's default: DNS routing unless smart hosts are given.</summary>
    public bool UsesDnsRouting => DnsRoutingEnabled?.Value ?? SmartHosts.IsEmpty;
}

public sealed record ReceiveConnector(
    Located<string> Name,
    Located<string> Server,
    Located<string>? TransportRole,
    ImmutableArray<Located<string>> Bindings,
    ImmutableArray<Located<IpRange>> RemoteIPRanges,
    ImmutableArray<Located<string>> PermissionGroups,
    ImmutableArray<Located<string>> AuthMechanism,
    Located<bool>? RequireTls,
    Located<bool>? AnonymousRelay,
    Located<bool> Enabled,
    SourceSpan Span,
    Located<string>? Fqdn = null,
    Located<string>? TlsCertificateName = null,
    ImmutableArray<Located<string>> TlsDomainCapabilities = default);

/// <summary>The exchangeOnline section; its span is the key's, so findings about something missing point there.</summary>
public sealed record ExchangeOnline(
    ImmutableArray<InboundConnector> InboundConnectors,
    ImmutableArray<OutboundConnector> OutboundConnectors,
    SourceSpan Span);

public sealed record InboundConnector(
    Located<string> Name,
    Located<bool> Enabled,
    Located<ConnectorType> ConnectorType,
    ImmutableArray<Located<string>> SenderDomains,
    SourceSpan? SenderDomainsSpan,
    ImmutableArray<Located<IpRange>> SenderIPAddresses,
    SourceSpan? SenderIPAddressesSpan,
    Located<bool>? RequireTls,
    Located<string>? TlsSenderCertificateName,
    Located<bool>? RestrictDomainsToCertificate,
    Located<bool>? RestrictDomainsToIPAddresses,
    Located<bool>? CloudServicesMailEnabled,
    Located<bool>? TreatMessagesAsInternal,
    SourceSpan Span,
    ImmutableArray<Located<IpRange>> EfSkipIPs = default,
    Located<bool>? EfSkipLastIP = null,
    ImmutableArray<Located<string>> EfUsers = default,
    ImmutableArray<Located<string>> AssociatedAcceptedDomains = default,
    ImmutableArray<Located<string>> TrustedOrganizations = default);

public sealed record OutboundConnector(
    Located<string> Name,
    Located<bool> Enabled,
    Located<ConnectorType> ConnectorType,
    ImmutableArray<Located<string>> RecipientDomains,
    Located<bool>? UseMxRecord,
    ImmutableArray<Located<string>> SmartHosts,
    Located<TlsAuthLevel>? TlsSettings,
    Located<string>? TlsDomain,
    Located<bool>? RouteAllMessagesViaOnPremises,
    SourceSpan Span,
    Located<bool>? IsTransportRuleScoped = null,
    Located<bool>? CloudServicesMailEnabled = null,
    Located<bool>? AllAcceptedDomains = null,
    Located<bool>? SenderRewritingEnabled = null);

public sealed record Sender(
    Located<string> Name,
    Located<IpRange> SourceIPAddress,
    Located<SubmitTo> SubmitTo,
    Located<string>? Host,
    Located<int>? Port,
    Located<bool>? Authenticated,
    Located<bool>? StartTls,
    Located<string>? MailFrom,
    ImmutableArray<Located<string>> Recipients,
    SourceSpan Span,
    Located<string>? CertificateName = null)
{
    public bool MustReachExternal => Recipients.IsEmpty || Recipients.Any(r => r.Value == "external");

    public bool MustReachInternal => Recipients.IsEmpty || Recipients.Any(r => r.Value == "internal");
}
