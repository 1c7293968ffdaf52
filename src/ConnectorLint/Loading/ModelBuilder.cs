using System.Collections.Immutable;
using System.Globalization;
using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Loading;

/// <summary>
/// Builds the immutable model from a schema-valid YAML tree. The schema checks shape; this adds the
/// exact checks a regular expression cannot make (an address the runtime cannot parse, a real date).
/// </summary>
public sealed class ModelBuilder
{
    private readonly string file;
    private readonly List<LoadProblem> findings = [];

    private ModelBuilder(string file) => this.file = file;

    public static (DesiredState? State, IReadOnlyList<LoadProblem> Problems) Build(string file, YamlMapping root)
    {
        var builder = new ModelBuilder(file);
        var state = builder.BuildState(root);
        return (builder.findings.Count == 0 ? state : null, builder.findings);
    }

    private DesiredState BuildState(YamlMapping root)
    {
        var tenantMap = Map(root, "tenant")!;
        var tenant = new Tenant(
            Str(tenantMap, "name")!.Value,
            Str(tenantMap, "initialDomain"),
            Enum(tenantMap, "cloud", Cloud.Commercial),
            tenantMap.Span,
            Bool(tenantMap, "rejectDirectSend"),
            Bool(tenantMap, "smtpClientAuthenticationDisabled"));

        var onPremMap = Map(root, "onPremises");
        OnPremises? onPremises = onPremMap is null ? null : new OnPremises(
            Items(onPremMap, "servers", BuildServer),
            Items(onPremMap, "certificates", BuildCertificate),
            Items(onPremMap, "sendConnectors", BuildSendConnector),
            Items(onPremMap, "receiveConnectors", BuildReceiveConnector),
            root.Find("onPremises")!.Value.Key.Span);

        var onlineMap = Map(root, "exchangeOnline");
        ExchangeOnline? online = onlineMap is null ? null : new ExchangeOnline(
            Items(onlineMap, "inboundConnectors", BuildInboundConnector),
            Items(onlineMap, "outboundConnectors", BuildOutboundConnector),
            root.Find("exchangeOnline")!.Value.Key.Span);

        return new DesiredState(
            file,
            Str(root, "apiVersion")!.Value,
            tenant,
            Items(root, "acceptedDomains", BuildDomain),
            onPremises,
            online,
            Items(root, "senders", BuildSender),
            root.Span);
    }

    private AcceptedDomain BuildDomain(YamlMapping m) => new(
        Str(m, "domainName")!.Value,
        Enum(m, "domainType", DomainType.Authoritative),
        Bool(m, "verified", true),
        Items(m, "mx", mx => new MxRecord(Str(mx, "exchange")!.Value, Int(mx, "preference") ?? new Located<int>(0, mx.Span), mx.Span, Int(mx, "preference") is not null)),
        m.Find("mx")?.Key.Span,
        Str(m, "spf"),
        Str(m, "dmarc"),
        m.Span,
        Bool(m, "matchSubDomains"),
        Bool(m, "default"),
        Str(m, "recipientsElsewhere"),
        Bool(m, "elsewhereInDirectory"));

    private Server BuildServer(YamlMapping m) => new(
        Str(m, "name")!.Value, Str(m, "fqdn")!.Value, Ranges(m, "egressIPAddresses"), m.Span, Enum<ServerRole>(m, "serverRole"), Str(m, "site"), Enum<ExchangeVersion>(m, "version"),
        m.Find("certificates") is null ? default : Strings(m, "certificates"), m.Find("certificates")?.Key.Span);

    private Certificate BuildCertificate(YamlMapping m)
    {
        var notAfterText = Str(m, "notAfter")!.Value;
        if (!DateOnly.TryParseExact(notAfterText.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var notAfter))
        {
            Report(notAfterText.Span, $"'{notAfterText.Value}' is not a real date; expected YYYY-MM-DD.");
        }

        return new Certificate(
            Str(m, "name")!.Value,
            Str(m, "subject")!.Value,
            Str(m, "issuer"),
            Strings(m, "subjectAlternativeNames"),
            new Located<DateOnly>(notAfter, notAfterText.Span),
            Str(m, "thumbprint"),
            m.Span);
    }

    private SendConnector BuildSendConnector(YamlMapping m) => new(
        Str(m, "name")!.Value,
        Bool(m, "enabled", true),
        Strings(m, "addressSpaces"),
        Bool(m, "dnsRoutingEnabled"),
        Strings(m, "smartHosts"),
        Int(m, "port"),
        Bool(m, "requireTls"),
        Enum<TlsAuthLevel>(m, "tlsAuthLevel"),
        Str(m, "tlsDomain"),
        Str(m, "tlsCertificate"),
        Strings(m, "sourceTransportServers"),
        m.Find("sourceTransportServers")?.Key.Span,
        Bool(m, "cloudServicesMailEnabled"),
        Camel(Str(m, "smartHostAuthMechanism")),
        m.Span,
        Str(m, "fqdn"),
        Str(m, "tlsCertificateName"),
        Bool(m, "frontendProxyEnabled"));

    private ReceiveConnector BuildReceiveConnector(YamlMapping m) => new(
        Str(m, "name")!.Value,
        Str(m, "server")!.Value,
        Camel(Str(m, "transportRole")),
        Strings(m, "bindings"),
        Ranges(m, "remoteIPRanges"),
        [.. Strings(m, "permissionGroups").Select(v => Camel(v))],
        [.. Strings(m, "authMechanism").Select(v => Camel(v))],
        Bool(m, "requireTls"),
        Bool(m, "anonymousRelay"),
        Bool(m, "enabled", true),
        m.Span,
        Str(m, "fqdn"),
        Str(m, "tlsCertificateName"),
        Strings(m, "tlsDomainCapabilities"));

    private InboundConnector BuildInboundConnector(YamlMapping m) => new(
        Str(m, "name")!.Value,
        Bool(m, "enabled", true),
        Enum(m, "connectorType", ConnectorType.OnPremises),
        DomainList(m, "senderDomains"),
        m.Find("senderDomains")?.Key.Span,
        Ranges(m, "senderIPAddresses"),
        m.Find("senderIPAddresses")?.Key.Span,
        Bool(m, "requireTls"),
        Str(m, "tlsSenderCertificateName"),
        Bool(m, "restrictDomainsToCertificate"),
        Bool(m, "restrictDomainsToIPAddresses"),
        Bool(m, "cloudServicesMailEnabled"),
        Bool(m, "treatMessagesAsInternal"),
        m.Span,
        Ranges(m, "efSkipIPs"),
        Bool(m, "efSkipLastIP"),
        Strings(m, "efUsers"),
        Strings(m, "associatedAcceptedDomains"),
        Strings(m, "trustedOrganizations"));

    private OutboundConnector BuildOutboundConnector(YamlMapping m) => new(
        Str(m, "name")!.Value,
        Bool(m, "enabled", true),
        Enum(m, "connectorType", ConnectorType.OnPremises),
        DomainList(m, "recipientDomains"),
        Bool(m, "useMxRecord"),
        Strings(m, "smartHosts"),
        Enum<TlsAuthLevel>(m, "tlsSettings"),
        Str(m, "tlsDomain"),
        Bool(m, "routeAllMessagesViaOnPremises"),
        m.Span,
        Bool(m, "isTransportRuleScoped"),
        Bool(m, "cloudServicesMailEnabled"),
        Bool(m, "allAcceptedDomains"),
        Bool(m, "senderRewritingEnabled"));

    private Sender BuildSender(YamlMapping m)
    {
        var ip = Str(m, "sourceIPAddress")!.Value;
        return new Sender(
            Str(m, "name")!.Value,
            new Located<IpRange>(ParseRange(ip), ip.Span),
            Enum(m, "submitTo", SubmitTo.OnPremises),
            Str(m, "host"),
            Int(m, "port"),
            Bool(m, "authenticated"),
            Bool(m, "startTls"),
            Str(m, "mailFrom"),
            Strings(m, "recipients"),
            m.Span,
            Str(m, "certificateName"));
    }

    private void Report(SourceSpan span, string message) => findings.Add(LoadProblem.Schema(span, message));

    private IpRange ParseRange(Located<string> text)
    {
        if (IpRange.TryParse(text.Value, out var range))
        {
            return range;
        }

        Report(text.Span, $"'{text.Value}' is not a valid IP address, CIDR block or a-b range.");
        return default;
    }

    private ImmutableArray<Located<IpRange>> Ranges(YamlMapping m, string key) =>
        [.. Strings(m, key).Select(s => new Located<IpRange>(ParseRange(s), s.Span))];

    private static YamlMapping? Map(YamlMapping m, string key) => m.Find(key)?.Value as YamlMapping;

    private static Located<string>? Str(YamlMapping m, string key) =>
        m.Find(key)?.Value is YamlScalar { Kind: not ScalarKind.Null } s ? new Located<string>(s.Value, s.Span) : null;

    private static Located<bool>? Bool(YamlMapping m, string key) =>
        m.Find(key)?.Value is YamlScalar { Kind: ScalarKind.Boolean } s
            ? new Located<bool>(s.Value.Equals("true", StringComparison.OrdinalIgnoreCase), s.Span)
            : null;

    private static Located<bool> Bool(YamlMapping m, string key, bool fallback) =>
        Bool(m, key) ?? new Located<bool>(fallback, m.Span);

    private static Located<int>? Int(YamlMapping m, string key) =>
        m.Find(key)?.Value is YamlScalar { Kind: ScalarKind.Integer } s && YamlTreeReader.ToClrValue(s) is long n
            ? new Located<int>((int)n, s.Span)
            : null;

    private static Located<T>? Enum<T>(YamlMapping m, string key)
        where T : struct, System.Enum =>
        Str(m, key) is { } s && System.Enum.TryParse<T>(s.Value, ignoreCase: true, out var value)
            ? new Located<T>(value, s.Span)
            : null;

    private static Located<T> Enum<T>(YamlMapping m, string key, T fallback)
        where T : struct, System.Enum =>
        Enum<T>(m, key) ?? new Located<T>(fallback, m.Span);

    private static ImmutableArray<Located<string>> Strings(YamlMapping m, string key) =>
        m.Find(key)?.Value is YamlSequence seq
            ? [.. seq.Items.OfType<YamlScalar>().Select(s => new Located<string>(s.Value, s.Span))]
            : [];

    /// <summary>An enumeration value as Exchange prints it (AnonymousUsers) in the format's camelCase (anonymousUsers).</summary>
    private static Located<string> Camel(Located<string> value) =>
        value.Value.Length > 0 && char.IsUpper(value.Value[0]) ? value with { Value = char.ToLowerInvariant(value.Value[0]) + value.Value[1..] } : value;

    private static Located<string>? Camel(Located<string>? value) => value is { } v ? Camel(v) : null;

    /// <summary>
    /// A domain list as Exchange prints it: contoso.com, or the address space smtp:contoso.com;1
    /// (the wizard writes senderDomains as smtp:*;1), read as the domain it names.
    /// </summary>
    private static ImmutableArray<Located<string>> DomainList(YamlMapping m, string key) =>
        [.. Strings(m, key).Select(s => s with { Value = AddressSpaceDomain(s.Value) })];

    internal static string AddressSpaceDomain(string value)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0)
        {
            return value;
        }

        var rest = value[(colon + 1)..];
        var semicolon = rest.LastIndexOf(';');
        return semicolon >= 0 ? rest[..semicolon] : rest;
    }

    private static ImmutableArray<T> Items<T>(YamlMapping m, string key, Func<YamlMapping, T> build) =>
        m.Find(key)?.Value is YamlSequence seq ? [.. seq.Items.OfType<YamlMapping>().Select(build)] : [];
}
