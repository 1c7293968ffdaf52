using System.Collections.Immutable;

namespace ConnectorLint.Import;

/// <summary>
/// Exchange's enumerations as the exports carry them: Windows PowerShell 5.1's ConvertTo-Json writes
/// their integer, Export-Clixml and the V3 module their text. Values are those of Exchange's own
/// types (Microsoft.Exchange.Data and its Directory.SystemConfiguration namespace).
/// </summary>
public sealed record ExchangeEnumeration(string Name, bool IsFlags, ImmutableArray<(string Exchange, long Number, string? Format)> Values)
{
    /// <summary>PermissionGroups (flags).</summary>
    public static readonly ExchangeEnumeration PermissionGroups = new("PermissionGroups", true,
    [
        ("None", 0, null), ("AnonymousUsers", 1, "anonymousUsers"), ("ExchangeUsers", 2, "exchangeUsers"), ("ExchangeServers", 4, "exchangeServers"),
        ("ExchangeLegacyServers", 8, "exchangeLegacyServers"), ("Partners", 16, "partners"), ("Custom", 32, "custom"),
    ]);

    /// <summary>A receive connector's AuthMechanisms (flags).</summary>
    public static readonly ExchangeEnumeration ReceiveAuthMechanism = new("AuthMechanisms", true,
    [
        ("None", 0, "none"), ("Tls", 1, "tls"), ("Integrated", 2, "integrated"), ("BasicAuth", 4, "basicAuth"),
        ("BasicAuthRequireTLS", 8, "basicAuthRequireTls"), ("ExchangeServer", 16, "exchangeServer"), ("ExternalAuthoritative", 32, "externalAuthoritative"),
    ]);

    /// <summary>A send connector's SmartHostAuthMechanism.</summary>
    public static readonly ExchangeEnumeration SmartHostAuthMechanism = new("SmartHostAuthMechanism", false,
    [
        ("None", 0, "none"), ("BasicAuth", 2, "basicAuth"), ("BasicAuthRequireTLS", 4, "basicAuthRequireTls"),
        ("ExchangeServer", 8, "exchangeServer"), ("ExternalAuthoritative", 16, "externalAuthoritative"),
    ]);

    /// <summary>TlsAuthLevel (a send connector's TlsAuthLevel, an outbound connector's TlsSettings).</summary>
    public static readonly ExchangeEnumeration TlsAuthLevel = new("TlsAuthLevel", false,
        [("EncryptionOnly", 1, "encryptionOnly"), ("CertificateValidation", 2, "certificateValidation"), ("DomainValidation", 4, "domainValidation")]);

    /// <summary>ServerRole, as a receive connector's TransportRole.</summary>
    public static readonly ExchangeEnumeration TransportRole = new("TransportRole", false,
        [("HubTransport", 32, "hubTransport"), ("FrontendTransport", 16384, "frontendTransport")]);

    /// <summary>ServerRole of Get-ExchangeServer (flags); the format keeps whether a server is an Edge.</summary>
    public static readonly ExchangeEnumeration ServerRole = new("ServerRole", true,
    [
        ("None", 0, null), ("Cafe", 1, null), ("Mailbox", 2, "mailbox"), ("ClientAccess", 4, null), ("UnifiedMessaging", 16, null),
        ("HubTransport", 32, null), ("Edge", 64, "edge"), ("Monitoring", 128, null), ("CentralAdmin", 256, null),
        ("CentralAdminDatabase", 512, null), ("DomainController", 1024, null), ("WindowsDeploymentServer", 2048, null),
        ("ProvisionedServer", 4096, null), ("LanguagePacks", 8192, null), ("FrontendTransport", 16384, null),
        ("CafeArray", 32768, null), ("FfoWebService", 65536, null), ("OSP", 131072, null), ("ARR", 262144, null),
        ("ManagementFrontEnd", 524288, null), ("ManagementBackEnd", 1048576, null), ("SCOM", 2097152, null),
        ("CentralAdminFrontEnd", 4194304, null), ("NAT", 8388608, null), ("DHCP", 16777216, null),
    ]);

    /// <summary>AcceptedDomainType.</summary>
    public static readonly ExchangeEnumeration DomainType = new("AcceptedDomainType", false,
        [("Authoritative", 0, "authoritative"), ("ExternalRelay", 1, "externalRelay"), ("InternalRelay", 2, "internalRelay")]);

    /// <summary>TenantConnectorType of the Exchange Online connectors.</summary>
    public static readonly ExchangeEnumeration ConnectorType = new("TenantConnectorType", false,
        [("OnPremises", 1, "onPremises"), ("Partner", 2, "partner")]);

    /// <summary>
    /// The names of the values <paramref name="value"/> holds: its integer when it has one (5.1's JSON,
    /// CliXml's enumerations), else its text ("AnonymousUsers, ExchangeServers").
    /// </summary>
    /// <exception cref="ExportFormatException">A value this enumeration does not have.</exception>
    public IReadOnlyList<string> Decode(PowerShellValue value)
    {
        if (value.Number is { } number)
        {
            if (!IsFlags)
            {
                return Values.FirstOrDefault(v => v.Number == number) is { Exchange: not null } single
                    ? [single.Exchange]
                    : throw Unknown(value, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var known = Values.Aggregate(0L, (all, v) => all | v.Number);
            if ((number & ~known) != 0)
            {
                throw Unknown(value, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return [.. Values.Where(v => v.Number != 0 && (number & v.Number) == v.Number).Select(v => v.Exchange)];
        }

        var names = new List<string>();
        foreach (var item in value.AsList())
        {
            foreach (var part in (item.Text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var match = Values.FirstOrDefault(v => v.Exchange.Equals(part, StringComparison.OrdinalIgnoreCase) || (v.Format?.Equals(part, StringComparison.OrdinalIgnoreCase) ?? false));
                if (match.Exchange is null)
                {
                    throw Unknown(item, part);
                }

                if (match.Number != 0 || !IsFlags)
                {
                    names.Add(match.Exchange);
                }
            }
        }

        return names;
    }

    /// <summary>The format's spelling of Exchange's value; null for a value the format does not keep.</summary>
    public string? Format(string exchange) => Values.First(v => v.Exchange == exchange).Format;

    private ExportFormatException Unknown(PowerShellValue value, string text) =>
        new(value.File, value.Path, $"'{text}' is not a value of {Name} ({string.Join(", ", Values.Select(v => IsFlags ? $"{v.Exchange}={v.Number}" : v.Exchange))}).");
}
