using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ConnectorLint.Import;
using ConnectorLint.Model;

namespace ConnectorLint.Tests.Import;

/// <summary>How an admin saved the cmdlets' output.</summary>
public enum ExportShape
{
    /// <summary>Windows PowerShell 5.1's ConvertTo-Json: enumerations as integers, dates as \/Date(ms)\/, Exchange's objects with their properties, UTF-16.</summary>
    WindowsPowerShellJson,

    /// <summary>PowerShell 7 and the Exchange Online V3 module: enumerations as text, ISO dates, unset values as null, values in their text form.</summary>
    PowerShell7Json,
}

/// <summary>
/// Writes what Exchange would export for a desired state as JSON, in the two shapes PowerShell
/// cannot make here: Windows PowerShell 5.1's (integers, \/Date()\/, UTF-16), and PowerShell 7's,
/// which is also the stub Exchange module's organization state. CliXml is written by PowerShell
/// itself (RealExportTests).
/// </summary>
public static class ExportShapes
{
    public static void Write(DesiredState state, string folder, ExportShape shape)
    {
        var online = Path.Combine(folder, ExchangeExport.OnlineFolder);
        Directory.CreateDirectory(online);
        var ints = shape == ExportShape.WindowsPowerShellJson;

        Save(online, "AcceptedDomain", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain",
            state.AcceptedDomains.Where(d => d.Verified.Value).Select(d => Obj(
                ("DomainName", Text(d.DomainName.Value)),
                ("DomainType", Enum(ExchangeEnumeration.DomainType, d.DomainType.Value.ToString(), ints)),
                ("Default", Bool(d.Default?.Value ?? false)),
                ("MatchSubDomains", Bool(d.MatchSubDomains?.Value ?? false)),
                ("InitialDomain", Bool(string.Equals(d.DomainName.Value, state.Tenant.InitialDomain?.Value, StringComparison.OrdinalIgnoreCase))),
                ("Guid", Text("4a7d3f4e-1c2b-4c8e-9a55-3d9f0e4b8c21")),
                ("WhenChangedUTC", Date(new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc), shape)))));

        Save(online, "OrganizationConfig", shape, "Microsoft.Exchange.Data.Directory.Management.OrganizationConfig",
        [
            Obj(
                ("Name", Text(state.Tenant.InitialDomain?.Value ?? state.Tenant.Name.Value + ".onmicrosoft.com")),
                ("RejectDirectSend", Bool(state.Tenant.RejectDirectSend?.Value ?? false)),
                ("IsDehydrated", Bool(false))),
        ]);

        if (state.Tenant.SmtpClientAuthenticationDisabled is { } disabled)
        {
            Save(online, "TransportConfig", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportConfigContainer",
                [Obj(("SmtpClientAuthenticationDisabled", Bool(disabled.Value)), ("MaxSendSize", Text("35 MB (36,700,160 bytes)")))]);
        }

        Save(online, "InboundConnector", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantInboundConnector",
            state.InboundConnectors.Select(c => Obj(
                ("Name", Text(c.Name.Value)),
                ("Enabled", Bool(c.Enabled.Value)),
                ("ConnectorType", Enum(ExchangeEnumeration.ConnectorType, c.ConnectorType.Value.ToString(), ints)),
                ("ConnectorSource", Text("Default")),
                ("SenderDomains", List(c.SenderDomains.Select(d => d.Value.Contains(':', StringComparison.Ordinal) ? d.Value : $"smtp:{d.Value};1"), shape)),
                ("SenderIPAddresses", List(c.SenderIPAddresses.Select(r => r.Value.Text), shape)),
                ("RequireTls", Bool(c.RequireTls?.Value ?? false)),
                ("TlsSenderCertificateName", TextOrNull(c.TlsSenderCertificateName?.Value)),
                ("RestrictDomainsToCertificate", Bool(c.RestrictDomainsToCertificate?.Value ?? false)),
                ("RestrictDomainsToIPAddresses", Bool(c.RestrictDomainsToIPAddresses?.Value ?? false)),
                ("CloudServicesMailEnabled", Bool(c.CloudServicesMailEnabled?.Value ?? false)),
                ("TreatMessagesAsInternal", Bool(c.TreatMessagesAsInternal?.Value ?? false)),
                ("EFSkipIPs", List(Values(c.EfSkipIPs).Select(r => r.Text), shape)),
                ("EFSkipLastIP", Bool(c.EfSkipLastIP?.Value ?? false)),
                ("EFUsers", List(Values(c.EfUsers), shape)),
                ("EFTestMode", Bool(false)),
                ("ScanAndDropRecipients", List([], shape)),
                ("AssociatedAcceptedDomains", List(Values(c.AssociatedAcceptedDomains), shape)),
                ("TrustedOrganizations", List(Values(c.TrustedOrganizations), shape)),
                ("Identity", Text(c.Name.Value)))));

        Save(online, "OutboundConnector", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.TenantOutboundConnector",
            state.OutboundConnectors.Select(c => Obj(
                ("Name", Text(c.Name.Value)),
                ("Enabled", Bool(c.Enabled.Value)),
                ("ConnectorType", Enum(ExchangeEnumeration.ConnectorType, c.ConnectorType.Value.ToString(), ints)),
                ("RecipientDomains", List(c.RecipientDomains.Select(d => d.Value), shape)),
                ("UseMXRecord", Bool(c.UseMxRecord?.Value ?? false)),
                ("SmartHosts", List(c.SmartHosts.Select(h => h.Value), shape)),
                ("TlsSettings", c.TlsSettings is { } tls ? Enum(ExchangeEnumeration.TlsAuthLevel, tls.Value.ToString(), ints) : Null()),
                ("TlsDomain", TextOrNull(c.TlsDomain?.Value)),
                ("RouteAllMessagesViaOnPremises", Bool(c.RouteAllMessagesViaOnPremises?.Value ?? false)),
                ("IsTransportRuleScoped", Bool(c.IsTransportRuleScoped?.Value ?? false)),
                ("CloudServicesMailEnabled", Bool(c.CloudServicesMailEnabled?.Value ?? false)),
                ("AllAcceptedDomains", Bool(c.AllAcceptedDomains?.Value ?? false)),
                ("SenderRewritingEnabled", Bool(c.SenderRewritingEnabled?.Value ?? false)),
                ("ValidationRecipients", List([], shape)))));

        if (state.OnPremises is not { } onPremises)
        {
            return;
        }

        var server = Path.Combine(folder, ExchangeExport.ServerFolder);
        Directory.CreateDirectory(server);
        Save(server, "AcceptedDomain", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain",
            state.AcceptedDomains.Select(d => Obj(
                ("DomainName", Text(d.DomainName.Value)),
                ("DomainType", Enum(ExchangeEnumeration.DomainType, d.DomainType.Value.ToString(), ints)),
                ("Default", Bool(d.Default?.Value ?? false)))));

        Save(server, "ExchangeServer", shape, "Microsoft.Exchange.Data.Directory.Management.ExchangeServer",
            onPremises.Servers.Select(s => Obj(
                ("Name", Text(s.Name.Value)),
                ("Fqdn", Text(s.Fqdn.Value)),
                ("ServerRole", s.IsEdge ? Enum(ExchangeEnumeration.ServerRole, "Edge", ints) : Flags(ExchangeEnumeration.ServerRole, ["Mailbox", "ClientAccess"], ints)),
                ("Site", Text($"contoso.com/Configuration/Sites/{s.Site?.Value ?? "Default-First-Site-Name"}")),
                ("AdminDisplayVersion", Text(s.Version?.Value switch
                {
                    ExchangeVersion.Exchange2010 => "Version 14.3 (Build 123.4)",
                    ExchangeVersion.Exchange2013 => "Version 15.0 (Build 1497.2)",
                    ExchangeVersion.Exchange2016 => "Version 15.1 (Build 2507.6)",
                    ExchangeVersion.ExchangeSE => "Version 15.2 (Build 2562.17)",
                    _ => "Version 15.2 (Build 1544.4)",
                })))));

        var certificates = onPremises.Certificates.Select(c => Certificate(c, shape)).ToList();
        Save(server, "ExchangeCertificate", shape, "Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate", certificates);

        Save(server, "SendConnector", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig",
            onPremises.SendConnectors.Select(c => Obj(
                ("Name", Text(c.Name.Value)),
                ("Enabled", Bool(c.Enabled.Value)),
                ("AddressSpaces", ObjectList(c.AddressSpaces.Select(a => AddressSpace(a.Value, shape)), shape, "Microsoft.Exchange.Data.AddressSpace")),
                ("DNSRoutingEnabled", Bool(c.UsesDnsRouting)),
                ("SmartHosts", ObjectList(c.SmartHosts.Select(h => SmartHost(h.Value, shape)), shape, "Microsoft.Exchange.Data.SmartHost")),
                ("Port", Int(c.Port?.Value ?? 25)),
                ("RequireTLS", Bool(c.RequireTls?.Value ?? false)),
                ("TlsAuthLevel", c.TlsAuthLevel is { } level ? Enum(ExchangeEnumeration.TlsAuthLevel, level.Value.ToString(), ints) : Null()),
                ("TlsDomain", TextOrNull(c.TlsDomain?.Value)),
                ("TlsCertificateName", CertificateIdentity(state, c) is { } identity ? Text(identity) : Null()),
                ("SourceTransportServers", ObjectList(c.SourceTransportServers.Select(s => AdObject(s.Value, shape)), shape, "Microsoft.Exchange.Data.Directory.ADObjectId")),
                ("CloudServicesMailEnabled", Bool(c.CloudServicesMailEnabled?.Value ?? false)),
                ("SmartHostAuthMechanism", Enum(ExchangeEnumeration.SmartHostAuthMechanism, Exchange(ExchangeEnumeration.SmartHostAuthMechanism, c.SmartHostAuthMechanism?.Value ?? "none"), ints)),
                ("Fqdn", TextOrNull(c.Fqdn?.Value)),
                ("FrontendProxyEnabled", Bool(c.FrontendProxyEnabled?.Value ?? false)),
                ("MaxMessageSize", Text("35 MB (36,700,160 bytes)")))));

        Save(server, "ReceiveConnector", shape, "Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector",
            onPremises.ReceiveConnectors.Select(c => Obj(
                ("Name", Text(c.Name.Value)),
                ("Server", AdObject(c.Server.Value, shape)),
                ("Identity", Text($"{c.Server.Value}\\{c.Name.Value}")),
                ("TransportRole", Enum(ExchangeEnumeration.TransportRole, Exchange(ExchangeEnumeration.TransportRole, c.TransportRole?.Value ?? "frontendTransport"), ints)),
                ("Bindings", List(c.Bindings.Select(b => b.Value), shape)),
                ("RemoteIPRanges", ObjectList(c.RemoteIPRanges.Select(r => IpRange(r.Value, shape)), shape, "Microsoft.Exchange.Data.IPRange")),
                ("PermissionGroups", Flags(ExchangeEnumeration.PermissionGroups, [.. c.PermissionGroups.Select(p => Exchange(ExchangeEnumeration.PermissionGroups, p.Value))], ints)),
                ("AuthMechanism", Flags(ExchangeEnumeration.ReceiveAuthMechanism, [.. c.AuthMechanism.Select(a => Exchange(ExchangeEnumeration.ReceiveAuthMechanism, a.Value)).Where(a => a != "None")], ints)),
                ("RequireTLS", Bool(c.RequireTls?.Value ?? false)),
                ("Enabled", Bool(c.Enabled.Value)),
                ("Fqdn", TextOrNull(c.Fqdn?.Value)),
                ("TlsCertificateName", TextOrNull(c.TlsCertificateName?.Value)),
                ("TlsDomainCapabilities", List(Values(c.TlsDomainCapabilities), shape)),
                ("MaxMessageSize", Text("36 MB (37,748,736 bytes)")))));

        Save(server, "AnonymousRelayPermission", shape, "System.Management.Automation.PSCustomObject",
            onPremises.ReceiveConnectors.Where(c => c.AnonymousRelay?.Value == true).Select(c => Obj(
                ("Connector", Text($"{c.Server.Value}\\{c.Name.Value}")),
                ("User", Text("NT AUTHORITY\\ANONYMOUS LOGON")),
                ("ExtendedRights", List(["ms-Exch-SMTP-Accept-Any-Recipient"], shape)),
                ("Deny", Bool(false)),
                ("IsInherited", Bool(false)))));
    }

    /// <summary>A zone file with the MX, SPF and DMARC of every accepted domain, as the domain's DNS would answer.</summary>
    public static string ZoneFile(DesiredState state)
    {
        var text = new StringBuilder("$TTL 3600\n");
        foreach (var domain in state.AcceptedDomains)
        {
            var name = domain.DomainName.Value.TrimEnd('.') + ".";
            foreach (var mx in domain.Mx)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name} IN MX {mx.Preference.Value} {mx.Exchange.Value.TrimEnd('.')}.\n");
            }

            if (domain.Spf is { } spf)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name} IN TXT {Quoted(spf.Value)}\n");
            }

            if (domain.Dmarc is { } dmarc)
            {
                text.Append(CultureInfo.InvariantCulture, $"_dmarc.{name} IN TXT {Quoted(dmarc.Value)}\n");
            }
        }

        return text.ToString();
    }

    private static string Quoted(string value) =>
        string.Join(" ", value.Chunk(255).Select(c => "\"" + new string(c).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

    private static IEnumerable<T> Values<T>(System.Collections.Immutable.ImmutableArray<Located<T>> items) =>
        items.IsDefault ? [] : items.Select(i => i.Value);

    private static string Exchange(ExchangeEnumeration enumeration, string format) =>
        enumeration.Values.First(v => string.Equals(v.Format, format, StringComparison.OrdinalIgnoreCase) || v.Exchange.Equals(format, StringComparison.OrdinalIgnoreCase)).Exchange;

    private static string? CertificateIdentity(DesiredState state, SendConnector connector) =>
        connector.TlsCertificateName?.Value
        ?? (connector.TlsCertificate is not null && state.CertificateOf(connector) is { } certificate ? $"<I>{certificate.Issuer?.Value}<S>{certificate.Subject.Value}" : null);

    // ---- one value model for both serializers ----

    private sealed record Value(string Kind, string? Scalar = null, IReadOnlyList<(string Name, Value Value)>? Properties = null, IReadOnlyList<Value>? Items = null,
        string? TypeName = null, long? Number = null, string? Printed = null);

    private static Value Obj(params (string Name, Value Value)[] properties) => new("obj", Properties: properties);

    private static Value Text(string value) => new("s", value);

    private static Value TextOrNull(string? value) => value is null ? Null() : Text(value);

    private static Value Null() => new("nil");

    private static Value Bool(bool value) => new("b", value ? "true" : "false");

    private static Value Int(int value) => new("i", value.ToString(CultureInfo.InvariantCulture), Number: value);

    private static Value Date(DateTime value, ExportShape shape) => new("dt", shape switch
    {
        ExportShape.WindowsPowerShellJson => $"/Date({new DateTimeOffset(value).ToUnixTimeMilliseconds()})/",
        _ => value.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
    });

    private static Value List(IEnumerable<string> items, ExportShape shape) =>
        new("list", Items: [.. items.Select(Text)], TypeName: "Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String]]");

    private static Value ObjectList(IEnumerable<Value> items, ExportShape shape, string itemType) =>
        new("list", Items: [.. items], TypeName: $"Microsoft.Exchange.Data.MultiValuedProperty`1[[{itemType}]]");

    private static Value Enum(ExchangeEnumeration enumeration, string name, bool ints)
    {
        var value = enumeration.Values.First(v => v.Exchange.Equals(name, StringComparison.OrdinalIgnoreCase));
        return ints ? new Value("i", value.Number.ToString(CultureInfo.InvariantCulture), Number: value.Number)
            : new Value("enum", value.Exchange, TypeName: "Microsoft.Exchange.Data." + enumeration.Name, Number: value.Number);
    }

    private static Value Flags(ExchangeEnumeration enumeration, IReadOnlyList<string> names, bool ints)
    {
        var number = names.Aggregate(0L, (all, n) => all | enumeration.Values.First(v => v.Exchange == n).Number);
        var text = names.Count == 0 ? "None" : string.Join(", ", enumeration.Values.Where(v => names.Contains(v.Exchange)).Select(v => v.Exchange));
        return ints ? new Value("i", number.ToString(CultureInfo.InvariantCulture), Number: number)
            : new Value("enum", text, TypeName: "Microsoft.Exchange.Data." + enumeration.Name, Number: number);
    }

    /// <summary>Exchange's AddressSpace: text in the V3 shape, the object with its properties otherwise.</summary>
    private static Value AddressSpace(string text, ExportShape shape)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var type = colon > 0 ? text[..colon] : "SMTP";
        var rest = colon > 0 ? text[(colon + 1)..] : text;
        var semicolon = rest.LastIndexOf(';');
        var address = semicolon >= 0 ? rest[..semicolon] : rest;
        var cost = semicolon >= 0 ? int.Parse(rest[(semicolon + 1)..], CultureInfo.InvariantCulture) : 1;
        var printed = $"{type}:{address};{cost}";
        return shape == ExportShape.PowerShell7Json
            ? Text(printed)
            : Obj(("Type", Text(type)), ("Address", Text(address)), ("Cost", Int(cost)), ("IncludeSubDomains", Bool(address.StartsWith('*'))), ("Domain", Text(address))) with { Printed = printed };
    }

    private static Value SmartHost(string host, ExportShape shape)
    {
        var isAddress = host.StartsWith('[');
        return shape == ExportShape.PowerShell7Json
            ? Text(host)
            : Obj(("Address", Text(host.Trim('[', ']'))), ("IsIPAddress", Bool(isAddress)), ("Domain", isAddress ? Null() : Text(host))) with { Printed = host };
    }

    private static Value IpRange(ConnectorLint.Net.IpRange range, ExportShape shape)
    {
        var lower = ConnectorLint.Net.IpRange.ToAddress(range.First, range.Family).ToString();
        var upper = ConnectorLint.Net.IpRange.ToAddress(range.Last, range.Family).ToString();
        var format = range.Kind switch { ConnectorLint.Net.IpRangeKind.Cidr => "CIDR", ConnectorLint.Net.IpRangeKind.Range => "LoHi", _ => "SingleAddress" };
        return shape == ExportShape.PowerShell7Json
            ? Text(range.Text)
            : Obj(("LowerBound", Text(lower)), ("UpperBound", Text(upper)), ("RangeFormat", shape == ExportShape.WindowsPowerShellJson ? Int(range.Kind switch { ConnectorLint.Net.IpRangeKind.Cidr => 1, ConnectorLint.Net.IpRangeKind.Range => 0, _ => 2 }) : Text(format)),
                ("Size", Text(range.Size.ToString(CultureInfo.InvariantCulture))), ("Expression", Text(range.Text))) with { Printed = range.Text };
    }

    private static Value AdObject(string name, ExportShape shape) =>
        shape == ExportShape.PowerShell7Json
            ? Text(name)
            : Obj(("Name", Text(name)), ("DistinguishedName", Text($"CN={name},CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local")),
                ("ObjectGuid", Text("9b2e1f0c-3c4d-4e5f-8a9b-0c1d2e3f4a5b"))) with { Printed = name };

    private static Value Certificate(Certificate certificate, ExportShape shape)
    {
        var notAfter = certificate.NotAfter.Value.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        return Obj(
            ("Subject", Text(certificate.Subject.Value)),
            ("Issuer", TextOrNull(certificate.Issuer?.Value)),
            ("NotAfter", Date(notAfter, shape)),
            ("NotBefore", Date(notAfter.AddYears(-1), shape)),
            ("DnsNameList", List(certificate.SubjectAlternativeNames.Select(n => n.Value), shape)),
            ("Thumbprint", TextOrNull(certificate.Thumbprint?.Value)),
            ("Services", Flags(Services, ["IIS", "SMTP"], shape == ExportShape.WindowsPowerShellJson)),
            ("FriendlyName", Text(certificate.Name.Value)));
    }

    private static readonly ExchangeEnumeration Services = new("AllowedServices", true,
        [("None", 0, null), ("IMAP", 1, null), ("POP", 2, null), ("UM", 4, null), ("IIS", 8, null), ("SMTP", 16, null)]);

    // ---- serializers ----

    private static void Save(string folder, string name, ExportShape shape, string typeName, IEnumerable<Value> objects)
    {
        var items = objects.ToList();
        // ConvertTo-Json writes a single object without the array around it.
        JsonNode? root = items.Count == 1 ? Json(items[0]) : new JsonArray([.. items.Select(Json)]);
        var text = root?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "null";
        var encoding = shape == ExportShape.WindowsPowerShellJson ? (Encoding)new UnicodeEncoding(false, true) : new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(folder, name + ".json"), shape == ExportShape.WindowsPowerShellJson ? text.Replace("/Date(", "\\/Date(", StringComparison.Ordinal).Replace(")/", ")\\/", StringComparison.Ordinal) : text, encoding);
    }

    private static JsonNode? Json(Value value) => value.Kind switch
    {
        "nil" => null,
        "s" or "dt" or "enum" => JsonValue.Create(value.Scalar),
        "b" => JsonValue.Create(value.Scalar == "true"),
        "i" => JsonValue.Create(value.Number!.Value),
        "list" => new JsonArray([.. value.Items!.Select(Json)]),
        _ => new JsonObject(value.Properties!.Select(p => KeyValuePair.Create(p.Name, Json(p.Value)))),
    };
}
