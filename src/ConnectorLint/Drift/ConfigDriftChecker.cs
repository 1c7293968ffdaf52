using System.Globalization;
using ConnectorLint.Exchange;
using ConnectorLint.Import;
using ConnectorLint.Model;

namespace ConnectorLint.Drift;

/// <summary>
/// Config drift: the desired state against what Exchange has, as imported from its exports, per
/// object and property. Both sides are models of format v1, so each property is compared by its
/// meaning (an address space in either spelling, a certificate named either way, a key the file
/// leaves out by Exchange's default). A property the export does not hold is unknown, never drift.
/// </summary>
public sealed class ConfigDriftChecker(DesiredState actual, ImportResult imported, string exportFolder)
{
    private const string DoNotCare = "\0";

    /// <summary>A property's effective value: canonical text to compare, the items of a list (canonical and as written), what to show, where the file says it, and a scalar as written.</summary>
    private sealed record Value(string Canonical, IReadOnlyList<(string Canonical, string Written)> Items, string Display, SourceSpan? Span, string? Raw = null)
    {
        public ConfigValue ToConfigValue() => new(Raw, [.. Items.Select(i => new ConfigItem(i.Canonical, i.Written))], Items.Count > 0 || Raw is null);
    }

    /// <param name="Default">The value Exchange has when the file leaves the key out; <see cref="DoNotCare"/> when leaving it out means "whatever Exchange has".</param>
    private sealed record Property<T>(string Key, string Exchange, Func<T, DesiredState, Value?> Read, string Default = "(not set)");

    private readonly List<ConfigChange> changes = [];

    /// <summary>The differences of the last <see cref="Check"/>, structured for a plan: per object and property, wanted and held.</summary>
    public IReadOnlyList<ConfigChange> Changes => changes;

    public IReadOnlyList<DriftObservation> Check(DesiredState desired)
    {
        changes.Clear();
        var observations = new List<DriftObservation>();
        var tenant = new[] { desired.Tenant };
        Compare(observations, desired, "tenant", "tenant", tenant, [actual.Tenant], _ => "tenant", t => t.Span, TenantProperties, reportMissing: false);
        Compare(observations, desired, "acceptedDomains", "accepted domain", desired.AcceptedDomains, actual.AcceptedDomains, d => d.DomainName.Value, d => d.DomainName.Span, DomainProperties, sectionSpan: desired.Span,
            quietWhenOnlyInExchange: d => ExchangeOnlineEndpoints.IsMicrosoftManaged(d.DomainName.Value));
        Compare(observations, desired, "servers", "server", desired.OnPremises?.Servers ?? [], actual.OnPremises?.Servers ?? [], s => s.Name.Value, s => s.Name.Span, ServerProperties, sectionSpan: desired.OnPremises?.Span);
        CompareCertificates(observations, desired);
        Compare(observations, desired, "sendConnectors", "send connector", desired.SendConnectors, actual.SendConnectors, c => c.Name.Value, c => c.Name.Span, SendConnectorProperties, sectionSpan: desired.OnPremises?.Span);
        Compare(observations, desired, "receiveConnectors", "receive connector", desired.ReceiveConnectors, actual.ReceiveConnectors, c => $"{c.Server.Value}\\{c.Name.Value}", c => c.Name.Span, ReceiveConnectorProperties, sectionSpan: desired.OnPremises?.Span,
            quietWhenOnlyInExchange: c => BuiltInReceiveConnectors.IsBuiltIn(c.Name.Value, c.Server.Value) && c.AnonymousRelay?.Value != true);
        Compare(observations, desired, "inboundConnectors", "inbound connector", desired.InboundConnectors, actual.InboundConnectors, c => c.Name.Value, c => c.Name.Span, InboundConnectorProperties, sectionSpan: desired.ExchangeOnline?.Span);
        Compare(observations, desired, "outboundConnectors", "outbound connector", desired.OutboundConnectors, actual.OutboundConnectors, c => c.Name.Value, c => c.Name.Span, OutboundConnectorProperties, sectionSpan: desired.ExchangeOnline?.Span);
        return observations;
    }

    private void Compare<T>(
        List<DriftObservation> observations,
        DesiredState desired,
        string section,
        string noun,
        IEnumerable<T> wanted,
        IEnumerable<T> held,
        Func<T, string> key,
        Func<T, SourceSpan> span,
        IReadOnlyList<Property<T>> properties,
        SourceSpan? sectionSpan = null,
        bool reportMissing = true,
        Func<T, bool>? quietWhenOnlyInExchange = null)
    {
        if (!imported.SectionsExported.Contains(section))
        {
            return;
        }

        var inExchange = held.GroupBy(key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var inFile = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in wanted)
        {
            var name = key(item);
            inFile.Add(name);
            if (!inExchange.TryGetValue(name, out var exchange))
            {
                if (reportMissing)
                {
                    changes.Add(new ConfigChange(DriftCheck.ConfigOnlyInFile, section, name, null, null, null, null, span(item),
                        [.. properties.Select(p => (p, Want: p.Read(item, desired))).Where(p => p.Want?.Span is not null)
                            .Select(p => new ConfigChange(DriftCheck.ConfigPropertyDrift, section, name, p.p.Key, p.p.Exchange, p.Want!.ToConfigValue(), null, p.Want.Span!.Value))]));
                    observations.Add(new DriftObservation(DriftCheck.ConfigOnlyInFile, span(item),
                        $"{noun} '{name}' is in the file but not in Exchange's export ({Source(section, name)}): it was removed or renamed outside the repository.",
                        [$"+ {section}: {name}"]));
                }

                continue;
            }

            var unknown = new List<string>();
            foreach (var property in properties)
            {
                var want = property.Read(item, desired);
                if (!imported.Holds(section, name, property.Key))
                {
                    if (want?.Span is not null)
                    {
                        unknown.Add(property.Key);
                    }

                    continue;
                }

                var have = property.Read(exchange, actual);
                var wantCanonical = want?.Canonical ?? property.Default;
                if (wantCanonical == DoNotCare)
                {
                    continue;
                }

                var haveCanonical = have?.Canonical ?? (property.Default == DoNotCare ? "(not set)" : property.Default);
                if (string.Equals(wantCanonical, haveCanonical, StringComparison.Ordinal))
                {
                    continue;
                }

                // A list the file leaves out is an empty one.
                var wantDisplay = want?.Display ?? (have is { Items.Count: > 0 } ? "[]" : property.Default);
                var haveDisplay = have?.Display ?? (want is { Items.Count: > 0 } ? "[]" : "(not set)");
                changes.Add(new ConfigChange(DriftCheck.ConfigPropertyDrift, section, name, property.Key, property.Exchange,
                    want?.ToConfigValue() ?? DefaultValue(property.Default), have?.ToConfigValue(), want?.Span ?? span(item)));
                observations.Add(new DriftObservation(DriftCheck.ConfigPropertyDrift, want?.Span ?? span(item),
                    $"{noun} '{name}': {property.Exchange} in Exchange is {haveDisplay}, the file wants {wantDisplay} ({Source(section, name)}).",
                    Plan(property.Key, want, have, wantDisplay, haveDisplay)));
            }

            if (unknown.Count > 0)
            {
                observations.Add(new DriftObservation(DriftCheck.ConfigNotExported, span(item),
                    $"{noun} '{name}': the export does not hold {string.Join(", ", unknown)}; not compared (unknown, not drift). Export with tools/Export-MailFlowState.ps1 to compare {(unknown.Count == 1 ? "it" : "them")}.",
                    []));
            }
        }

        if (!reportMissing || sectionSpan is not { } where)
        {
            return;
        }

        // What every organization has (the Microsoft-managed domains, the receive connectors setup
        // creates) is drift only when the file describes it, or when it grants what a rule forbids.
        foreach (var (name, _) in inExchange.Where(e => !inFile.Contains(e.Key) && quietWhenOnlyInExchange?.Invoke(e.Value) != true).OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            changes.Add(new ConfigChange(DriftCheck.ConfigOnlyInExchange, section, name, null, null, null, null, where));
            observations.Add(new DriftObservation(DriftCheck.ConfigOnlyInExchange, where,
                $"{noun} '{name}' is in Exchange ({Source(section, name)}) but not in the file: it was added outside the repository.",
                [$"- {section}: {name}"]));
        }
    }

    /// <summary>The certificates the file names must be on the servers; the servers hold many more (self-signed, auth), which are not drift.</summary>
    private void CompareCertificates(List<DriftObservation> observations, DesiredState desired)
    {
        if (!imported.SectionsExported.Contains("certificates") || desired.OnPremises is not { } onPremises)
        {
            return;
        }

        var held = actual.OnPremises?.Certificates ?? [];
        foreach (var certificate in onPremises.Certificates)
        {
            var match = held.FirstOrDefault(h => certificate.Thumbprint is { } t && h.Thumbprint is { } ht && t.Value.Equals(ht.Value, StringComparison.OrdinalIgnoreCase))
                ?? held.Where(h => DistinguishedName.SameName(h.Subject.Value, certificate.Subject.Value)
                        && (certificate.Issuer is null || h.Issuer is null || DistinguishedName.SameName(h.Issuer.Value.Value, certificate.Issuer.Value.Value)))
                    .OrderBy(h => h.NotAfter.Value == certificate.NotAfter.Value ? 0 : 1).ThenByDescending(h => h.NotAfter.Value).FirstOrDefault();
            if (match is null)
            {
                changes.Add(new ConfigChange(DriftCheck.ConfigOnlyInFile, "certificates", certificate.Name.Value, null, null, null, null, certificate.Name.Span));
                observations.Add(new DriftObservation(DriftCheck.ConfigOnlyInFile, certificate.Name.Span,
                    $"certificate '{certificate.Name.Value}' ({certificate.Subject.Value}) is in the file but on no exported server ({Source("certificates", null)}): it was removed or replaced.",
                    [$"+ certificates: {certificate.Subject.Value}"]));
                continue;
            }

            foreach (var property in CertificateProperties)
            {
                var want = property.Read(certificate, desired);
                var have = property.Read(match, actual);
                if (want is null || string.Equals(want.Canonical, have?.Canonical ?? "(not set)", StringComparison.Ordinal))
                {
                    continue;
                }

                observations.Add(new DriftObservation(DriftCheck.ConfigPropertyDrift, want.Span ?? certificate.Span,
                    $"certificate '{certificate.Name.Value}': {property.Exchange} on the servers is {have?.Display ?? "(not set)"}, the file wants {want.Display} ({Source("certificates", null)}).",
                    Plan(property.Key, want, have, want.Display, have?.Display ?? "(not set)")));
            }
        }
    }

    private static IReadOnlyList<string> Plan(string key, Value? want, Value? have, string wantDisplay, string haveDisplay)
    {
        if (want is { Items.Count: > 0 } || have is { Items.Count: > 0 })
        {
            var wanted = want?.Items ?? [];
            var held = have?.Items ?? [];
            return
            [
                .. held.Where(h => !wanted.Any(w => w.Canonical == h.Canonical)).Select(h => $"- {key}: {h.Written}"),
                .. wanted.Where(w => !held.Any(h => h.Canonical == w.Canonical)).Select(w => $"+ {key}: {w.Written}"),
            ];
        }

        return [$"- {key}: {haveDisplay}", $"+ {key}: {wantDisplay}"];
    }

    /// <summary>Which cmdlet's export, of which forest, the object was compared with: never another forest's, never the other side's.</summary>
    private string Source(string section, string? name)
    {
        var kind = section switch
        {
            "tenant" or "acceptedDomains" => ExportKind.OnlineAcceptedDomain,
            "servers" => ExportKind.ExchangeServer,
            "certificates" => ExportKind.ExchangeCertificate,
            "sendConnectors" => ExportKind.SendConnector,
            "receiveConnectors" => ExportKind.ReceiveConnector,
            "inboundConnectors" => ExportKind.InboundConnector,
            _ => ExportKind.OutboundConnector,
        };
        var export = Path.GetFileName(exportFolder.TrimEnd('/', '\\'));
        var forest = name is null ? null : imported.Forests.GetValueOrDefault(new ImportedObject(section, name));
        var folders = forest is not null || imported.ForestNames.IsEmpty || ExchangeExport.FolderOf(kind, null) == ExchangeExport.OnlineFolder
            ? $"{export}/{ExchangeExport.FolderOf(kind, forest)}"
            : string.Join(", ", imported.ForestNames.Select(f => $"{export}/{ExchangeExport.FolderOf(kind, f)}"));
        return $"{ExchangeExport.CmdletOf(kind)} in {folders}";
    }

    /// <summary>The value Exchange has when the file leaves a key out, as a change wants it.</summary>
    private static ConfigValue? DefaultValue(string @default) =>
        @default is "(not set)" or DoNotCare ? null : new ConfigValue(@default, [], false);

    // ---- values ----

    private static Value? Text(Located<string>? value, bool caseSensitive = false) =>
        value is { } v ? new Value(caseSensitive ? v.Value : v.Value.ToLowerInvariant(), [], $"'{v.Value}'", v.Span, v.Value) : null;

    private static Value? Bool(Located<bool>? value) =>
        value is { } v ? new Value(v.Value ? "true" : "false", [], v.Value ? "true" : "false", v.Span, v.Value ? "true" : "false") : null;

    private static Value? Int(Located<int>? value) =>
        value is { } v ? new Value(v.Value.ToString(CultureInfo.InvariantCulture), [], v.Value.ToString(CultureInfo.InvariantCulture), v.Span, v.Value.ToString(CultureInfo.InvariantCulture)) : null;

    private static Value? Enum<TEnum>(Located<TEnum>? value)
        where TEnum : struct, System.Enum =>
        value is { } v ? new Value(v.Value.ToString(), [], Camel(v.Value.ToString()), v.Span, v.Value.ToString()) : null;

    private static Value Enum<TEnum>(Located<TEnum> value)
        where TEnum : struct, System.Enum =>
        new(value.Value.ToString(), [], Camel(value.Value.ToString()), value.Span, value.Value.ToString());

    private static string Camel(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>A list compared as a set: <paramref name="canonical"/> decides which spellings are the same item.</summary>
    private static Value? Set(IReadOnlyList<Located<string>> items, Func<string, string> canonical, SourceSpan? keySpan = null, bool emptyIsUnset = true)
    {
        if (items.Count == 0)
        {
            return emptyIsUnset ? null : new Value("", [], "[]", keySpan);
        }

        var canon = items.Select(i => (Canonical: canonical(i.Value), Written: i.Value)).DistinctBy(i => i.Canonical).OrderBy(i => i.Canonical, StringComparer.Ordinal).ToList();
        return new Value(string.Join("\n", canon.Select(i => i.Canonical)), canon, $"[{string.Join(", ", items.Select(i => i.Value))}]", keySpan ?? items[0].Span);
    }

    private static Value? Ranges(IReadOnlyList<Located<Net.IpRange>> items, SourceSpan? keySpan = null)
    {
        // A range listed twice (which Exchange and the format both accept) is one item of the set.
        var byText = items.DistinctBy(i => i.Value.Text, StringComparer.Ordinal).ToDictionary(i => i.Value.Text, i => Canonical(i.Value), StringComparer.Ordinal);
        return Set([.. items.Select(i => new Located<string>(i.Value.Text, i.Span))], text => byText[text], keySpan);
    }

    private static string Canonical(Net.IpRange range) =>
        range.First == range.Last ? Net.IpRange.ToAddress(range.First, range.Family).ToString()
        : range.Kind == Net.IpRangeKind.Cidr ? $"{Net.IpRange.ToAddress(range.First, range.Family)}/{range.PrefixLength}"
        : $"{Net.IpRange.ToAddress(range.First, range.Family)}-{Net.IpRange.ToAddress(range.Last, range.Family)}";

    private static string Lower(string text) => text.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>An address space in either spelling: "*", "contoso.com", "SMTP:*;1", "smtp:contoso.com;1" (cost 1 unless written).</summary>
    private static string AddressSpace(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var type = colon > 0 ? text[..colon].ToUpperInvariant() : "SMTP";
        var rest = colon > 0 ? text[(colon + 1)..] : text;
        var semicolon = rest.LastIndexOf(';');
        var cost = semicolon >= 0 ? rest[(semicolon + 1)..].Trim() : "1";
        return $"{type}:{Lower(semicolon >= 0 ? rest[..semicolon] : rest)};{cost}";
    }

    private static string SmartHost(string text) => Lower(text).Trim('[', ']');

    /// <summary>The certificate a connector presents, by issuer and subject, whichever key names it.</summary>
    private static Value? PresentedCertificate(SendConnector connector, DesiredState state)
    {
        var written = connector.TlsCertificate ?? connector.TlsCertificateName;
        if (written is not { } at)
        {
            return null;
        }

        var certificate = state.CertificateOf(connector);
        var identity = certificate is not null ? $"<I>{certificate.Issuer?.Value ?? ""}<S>{certificate.Subject.Value}" : connector.TlsCertificateName?.Value ?? $"(unknown certificate '{at.Value}')";
        return new Value(CanonicalIdentity(identity), [], $"'{identity}'", at.Span, identity);
    }

    private static string CanonicalIdentity(string identity) =>
        DistinguishedName.ParseCertificateIdentity(identity) is var (issuer, subject)
            ? $"<I>{NormalName(issuer)}<S>{NormalName(subject)}"
            : identity.ToLowerInvariant();

    private static string NormalName(string dn) => DistinguishedName.Normalize(dn);

    private static Value? Identity(Located<string>? value) =>
        value is { } v ? new Value(CanonicalIdentity(v.Value), [], $"'{v.Value}'", v.Span, v.Value) : null;

    private static Value? Date(Located<DateOnly> value) =>
        new(value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [], value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value.Span, value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    // ---- the properties compared, per kind of object ----

    private static readonly IReadOnlyList<Property<Tenant>> TenantProperties =
    [
        new("initialDomain", "InitialDomain", (t, _) => Text(t.InitialDomain), DoNotCare),
        new("rejectDirectSend", "RejectDirectSend", (t, _) => Bool(t.RejectDirectSend), "false"),
        new("smtpClientAuthenticationDisabled", "SmtpClientAuthenticationDisabled", (t, _) => Bool(t.SmtpClientAuthenticationDisabled), DoNotCare),
    ];

    private static readonly IReadOnlyList<Property<AcceptedDomain>> DomainProperties =
    [
        new("domainType", "DomainType", (d, _) => Enum(d.DomainType)),
        new("verified", "verified (in Exchange Online's accepted domains)", (d, _) => Bool(d.Verified)),
        new("default", "Default", (d, _) => Bool(d.Default), "false"),
        new("matchSubDomains", "MatchSubDomains", (d, _) => Bool(d.MatchSubDomains), "false"),
    ];

    private static readonly IReadOnlyList<Property<Server>> ServerProperties =
    [
        new("fqdn", "Fqdn", (s, _) => Text(s.Fqdn)),
        new("serverRole", "ServerRole", (s, _) => Enum(s.ServerRole), "Mailbox"),
        new("site", "Site", (s, _) => Text(s.Site), DoNotCare),
        new("version", "AdminDisplayVersion", (s, _) => Enum(s.Version), DoNotCare),
    ];

    private static readonly IReadOnlyList<Property<Certificate>> CertificateProperties =
    [
        new("subject", "Subject", (c, _) => new Value(NormalName(c.Subject.Value), [], $"'{c.Subject.Value}'", c.Subject.Span, c.Subject.Value)),
        new("issuer", "Issuer", (c, _) => c.Issuer is { } i ? new Value(NormalName(i.Value), [], $"'{i.Value}'", i.Span, i.Value) : null),
        new("subjectAlternativeNames", "DnsNameList", (c, _) => Set(c.SubjectAlternativeNames, Lower)),
        new("notAfter", "NotAfter", (c, _) => Date(c.NotAfter)),
        new("thumbprint", "Thumbprint", (c, _) => Text(c.Thumbprint)),
    ];

    private static readonly IReadOnlyList<Property<SendConnector>> SendConnectorProperties =
    [
        new("enabled", "Enabled", (c, _) => Bool(c.Enabled)),
        new("addressSpaces", "AddressSpaces", (c, _) => Set(c.AddressSpaces, AddressSpace)),
        new("dnsRoutingEnabled", "DNSRoutingEnabled", (c, _) => new Value(c.UsesDnsRouting ? "true" : "false", [], c.UsesDnsRouting ? "true" : "false", c.DnsRoutingEnabled?.Span, c.UsesDnsRouting ? "true" : "false")),
        new("smartHosts", "SmartHosts", (c, _) => Set(c.SmartHosts, SmartHost)),
        new("port", "Port", (c, _) => Int(c.Port), "25"),
        new("requireTls", "RequireTLS", (c, _) => Bool(c.RequireTls), "false"),
        new("tlsAuthLevel", "TlsAuthLevel", (c, _) => Enum(c.TlsAuthLevel)),
        new("tlsDomain", "TlsDomain", (c, _) => Text(c.TlsDomain)),
        new("tlsCertificate", "TlsCertificateName", PresentedCertificate),
        new("sourceTransportServers", "SourceTransportServers", (c, _) => Set(c.SourceTransportServers, Lower, c.SourceTransportServersSpan)),
        new("cloudServicesMailEnabled", "CloudServicesMailEnabled", (c, _) => Bool(c.CloudServicesMailEnabled), "false"),
        new("smartHostAuthMechanism", "SmartHostAuthMechanism", (c, _) => Text(c.SmartHostAuthMechanism), "none"),
        new("fqdn", "Fqdn", (c, _) => Text(c.Fqdn), DoNotCare),
        new("frontendProxyEnabled", "FrontendProxyEnabled", (c, _) => Bool(c.FrontendProxyEnabled), "false"),
    ];

    private static readonly IReadOnlyList<Property<ReceiveConnector>> ReceiveConnectorProperties =
    [
        new("transportRole", "TransportRole", (c, _) => Text(c.TransportRole), DoNotCare),
        new("bindings", "Bindings", (c, _) => Set(c.Bindings, Lower), DoNotCare),
        new("remoteIPRanges", "RemoteIPRanges", (c, _) => Ranges(c.RemoteIPRanges)),
        new("permissionGroups", "PermissionGroups", (c, _) => Set(c.PermissionGroups, Lower)),
        new("authMechanism", "AuthMechanism", (c, _) => Set([.. c.AuthMechanism.Where(a => !a.Value.Equals("none", StringComparison.OrdinalIgnoreCase))], Lower), DoNotCare),
        new("requireTls", "RequireTLS", (c, _) => Bool(c.RequireTls), "false"),
        new("anonymousRelay", "ms-Exch-SMTP-Accept-Any-Recipient for ANONYMOUS LOGON", (c, _) => Bool(c.AnonymousRelay), "false"),
        new("enabled", "Enabled", (c, _) => Bool(c.Enabled)),
        new("fqdn", "Fqdn", (c, _) => Text(c.Fqdn), DoNotCare),
        new("tlsCertificateName", "TlsCertificateName", (c, _) => Identity(c.TlsCertificateName), DoNotCare),
        new("tlsDomainCapabilities", "TlsDomainCapabilities", (c, _) => Set(c.TlsDomainCapabilities, Lower)),
    ];

    private static readonly IReadOnlyList<Property<InboundConnector>> InboundConnectorProperties =
    [
        new("enabled", "Enabled", (c, _) => Bool(c.Enabled)),
        new("connectorType", "ConnectorType", (c, _) => Enum(c.ConnectorType)),
        new("senderDomains", "SenderDomains", (c, _) => Set(c.SenderDomains, Lower, c.SenderDomainsSpan)),
        new("senderIPAddresses", "SenderIPAddresses", (c, _) => Ranges(c.SenderIPAddresses, c.SenderIPAddressesSpan)),
        new("requireTls", "RequireTls", (c, _) => Bool(c.RequireTls), "false"),
        new("tlsSenderCertificateName", "TlsSenderCertificateName", (c, _) => Text(c.TlsSenderCertificateName)),
        new("restrictDomainsToCertificate", "RestrictDomainsToCertificate", (c, _) => Bool(c.RestrictDomainsToCertificate), "false"),
        new("restrictDomainsToIPAddresses", "RestrictDomainsToIPAddresses", (c, _) => Bool(c.RestrictDomainsToIPAddresses), "false"),
        new("cloudServicesMailEnabled", "CloudServicesMailEnabled", (c, _) => Bool(c.CloudServicesMailEnabled), "false"),
        new("treatMessagesAsInternal", "TreatMessagesAsInternal", (c, _) => Bool(c.TreatMessagesAsInternal), "false"),
        new("efSkipIPs", "EFSkipIPs", (c, _) => Ranges(c.EfSkipIPs.IsDefault ? [] : c.EfSkipIPs)),
        new("efSkipLastIP", "EFSkipLastIP", (c, _) => Bool(c.EfSkipLastIP), "false"),
        new("efUsers", "EFUsers", (c, _) => Set(c.EfUsers.IsDefault ? [] : c.EfUsers, Lower)),
        new("associatedAcceptedDomains", "AssociatedAcceptedDomains", (c, _) => Set(c.AssociatedAcceptedDomains.IsDefault ? [] : c.AssociatedAcceptedDomains, Lower)),
        new("trustedOrganizations", "TrustedOrganizations", (c, _) => Set(c.TrustedOrganizations.IsDefault ? [] : c.TrustedOrganizations, Lower)),
    ];

    private static readonly IReadOnlyList<Property<OutboundConnector>> OutboundConnectorProperties =
    [
        new("enabled", "Enabled", (c, _) => Bool(c.Enabled)),
        new("connectorType", "ConnectorType", (c, _) => Enum(c.ConnectorType)),
        new("recipientDomains", "RecipientDomains", (c, _) => Set(c.RecipientDomains, Lower)),
        new("useMxRecord", "UseMXRecord", (c, _) => Bool(c.UseMxRecord), "false"),
        new("smartHosts", "SmartHosts", (c, _) => Set(c.SmartHosts, SmartHost)),
        new("tlsSettings", "TlsSettings", (c, _) => Enum(c.TlsSettings)),
        new("tlsDomain", "TlsDomain", (c, _) => Text(c.TlsDomain)),
        new("routeAllMessagesViaOnPremises", "RouteAllMessagesViaOnPremises", (c, _) => Bool(c.RouteAllMessagesViaOnPremises), "false"),
        new("isTransportRuleScoped", "IsTransportRuleScoped", (c, _) => Bool(c.IsTransportRuleScoped), "false"),
        new("cloudServicesMailEnabled", "CloudServicesMailEnabled", (c, _) => Bool(c.CloudServicesMailEnabled), "false"),
        new("allAcceptedDomains", "AllAcceptedDomains", (c, _) => Bool(c.AllAcceptedDomains), "false"),
        new("senderRewritingEnabled", "SenderRewritingEnabled", (c, _) => Bool(c.SenderRewritingEnabled), "false"),
    ];
}
