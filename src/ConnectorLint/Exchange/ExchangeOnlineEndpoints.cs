using System.Text.RegularExpressions;
using ConnectorLint.Model;

namespace ConnectorLint.Exchange;

/// <summary>What an MX or smart host name says about Exchange Online: which cloud, which token.</summary>
public sealed record EopHost(string Host, Cloud Cloud, string Token, bool Dnssec);

/// <summary>
/// The Exchange Online Protection endpoints of each cloud (format.md, "Semantics"), the MX token of
/// a domain, and the retired FOPE hosts.
/// </summary>
public static partial class ExchangeOnlineEndpoints
{
    private static readonly (string Suffix, Cloud Cloud)[] MxSuffixes =
    [
        (".mail.protection.outlook.com", Cloud.Commercial),
        (".mail.protection.office365.us", Cloud.GccHigh),
        (".mail.protection.partner.outlook.cn", Cloud.China),
    ];

    public static string MxSuffix(Cloud cloud) => cloud switch
    {
        Cloud.GccHigh or Cloud.Dod => "mail.protection.office365.us",
        Cloud.China => "mail.protection.partner.outlook.cn",
        _ => "mail.protection.outlook.com",
    };

    /// <summary>The name send connectors validate EOP's certificate against (TlsDomain).</summary>
    public static string TlsDomain(Cloud cloud) => MxSuffix(cloud);

    /// <summary>
    /// Does a send connector's tlsDomain validate the certificate EOP of <paramref name="cloud"/> presents
    /// (its TLS name, or the wildcard under it)? CL204 and trace ask this one question.
    /// </summary>
    public static bool TlsDomainValidates(string tlsDomain, Cloud cloud)
    {
        var name = tlsDomain.TrimEnd('.').ToLowerInvariant();
        var expected = TlsDomain(cloud);
        return name == expected || name == "*." + expected;
    }

    /// <summary>The include that authorises Exchange Online's outbound servers in SPF.</summary>
    public static string SpfInclude(Cloud cloud) => cloud switch
    {
        Cloud.GccHigh or Cloud.Dod => "spf.protection.office365.us",
        Cloud.China => "spf.protection.partner.outlook.cn",
        _ => "spf.protection.outlook.com",
    };

    public static bool SameCloudEndpoints(Cloud a, Cloud b) => MxSuffix(a) == MxSuffix(b);

    public static string Name(Cloud cloud) => cloud switch
    {
        Cloud.GccHigh => "gccHigh",
        Cloud.Dod => "dod",
        Cloud.China => "china",
        _ => "commercial",
    };

    /// <summary>Recognises token.mail.protection.* (each cloud) and the DNSSEC form token.label.mx.microsoft.</summary>
    public static EopHost? Parse(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        foreach (var (suffix, cloud) in MxSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                var token = name[..^suffix.Length];
                return token.Contains('.') ? null : new EopHost(host, cloud, token, false);
            }
        }

        var dnssec = DnssecPattern().Match(name);
        return dnssec.Success ? new EopHost(host, Cloud.Commercial, dnssec.Groups["token"].Value, true) : null;
    }

    [GeneratedRegex(@"^(?<token>[a-z0-9-]+)\.[a-z0-9-]+\.mx\.microsoft$", RegexOptions.NonBacktracking)]
    private static partial Regex DnssecPattern();

    private static readonly string[] ManagedSuffixes = [".onmicrosoft.com", ".onmicrosoft.us", ".partner.onmschina.cn"];

    /// <summary>
    /// A Microsoft-managed domain: the tenant's initial domain (contoso.onmicrosoft.com) or the
    /// hybrid coexistence domain (contoso.mail.onmicrosoft.com). Microsoft publishes their MX
    /// (contoso.mail.protection.outlook.com) and SPF; they are not the admin's to change.
    /// </summary>
    public static bool IsMicrosoftManaged(string domain)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        return ManagedSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length);
    }

    /// <summary>The MX token of a Microsoft-managed domain: the tenant's name, its first label.</summary>
    public static string ManagedToken(string domain) => domain.TrimEnd('.').ToLowerInvariant().Split('.')[0];

    /// <summary>contoso.com -> contoso-com: every dot becomes a dash.</summary>
    public static string TokenFor(string domain) => domain.TrimEnd('.').ToLowerInvariant().Replace('.', '-');

    /// <summary>The token belongs to the domain: equal, or with the short suffix Exchange Online may append (contoso-com01b).</summary>
    public static bool TokenBelongsTo(string token, string domain)
    {
        var expected = TokenFor(domain);
        if (token.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return token.StartsWith(expected, StringComparison.OrdinalIgnoreCase) && SuffixPattern().IsMatch(token[expected.Length..]);
    }

    [GeneratedRegex(@"^[0-9]{1,2}[a-z0-9]{0,2}$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex SuffixPattern();

    /// <summary>FOPE and legacy endpoints retired by Microsoft.</summary>
    public static bool IsRetired(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name.EndsWith(".mail.eo.outlook.com", StringComparison.Ordinal)
            || name.EndsWith(".mail.messaging.microsoft.com", StringComparison.Ordinal)
            || name == "mail.global.frontbridge.com";
    }

    /// <summary>
    /// The addresses Exchange Online sends from, for every tenant ("Microsoft 365 URLs and IP address
    /// ranges", Exchange Online, ID 9; the ip4/ip6 terms of spf.protection.outlook.com). The other
    /// clouds publish their own lists; only the worldwide one is known here.
    /// </summary>
    public static IReadOnlyList<Net.IpRange> SharedSendingRanges(Cloud cloud) => cloud == Cloud.Commercial ? WorldwideSendingRanges : [];

    private static readonly Net.IpRange[] WorldwideSendingRanges =
        [.. new[] { "40.92.0.0/15", "40.107.0.0/16", "52.100.0.0/15", "52.102.0.0/16", "52.103.0.0/17", "104.47.0.0/17", "2a01:111:f400::/48", "2a01:111:f403::/48" }.Select(Net.IpRange.Parse)];

    /// <summary>
    /// Names in Microsoft's own domains, which every tenant's mail presents or which Microsoft hosts:
    /// mail.protection.outlook.com and the other clouds' equivalents, outlook.com, the onmicrosoft domains.
    /// </summary>
    public static bool IsMicrosoftName(string name)
    {
        var host = name.TrimEnd('.').ToLowerInvariant().TrimStart('*', '.');
        return MicrosoftDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));
    }

    private static readonly string[] MicrosoftDomains =
        ["outlook.com", "office365.us", "outlook.cn", "onmicrosoft.com", "onmicrosoft.us", "onmschina.cn", "mx.microsoft", "microsoft.com"];
}
