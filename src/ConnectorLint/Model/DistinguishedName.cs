namespace ConnectorLint.Model;

/// <summary>Just enough of RFC 4514 to read the CN out of a subject such as "CN=mail.contoso.com, O=Contoso".</summary>
public static class DistinguishedName
{
    public static string? CommonName(string dn)
    {
        foreach (var part in Split(dn))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim().Equals("CN", StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    /// <summary>
    /// Do two distinguished names name the same entity? Attribute by attribute, case-insensitive,
    /// spaces around separators ignored: "CN=mail.contoso.com, O=Contoso" equals "cn=mail.contoso.com,o=Contoso".
    /// </summary>
    public static bool SameName(string a, string b) => Normalize(a) == Normalize(b);

    /// <summary>The form two names are compared in: attribute types upper case, values lower case, one attribute per line (a quoted comma stays in its value).</summary>
    public static string Normalize(string dn) =>
        string.Join("\n", Split(dn).Select(p => p.Trim()).Where(p => p.Length > 0)
            .Select(p => p.IndexOf('=') is var eq and > 0 ? p[..eq].Trim().ToUpperInvariant() + "=" + p[(eq + 1)..].Trim().ToLowerInvariant() : p.ToLowerInvariant()));

    /// <summary>Splits Exchange's "&lt;I&gt;issuer&lt;S&gt;subject" into its issuer and subject.</summary>
    public static (string Issuer, string Subject)? ParseCertificateIdentity(string value)
    {
        var subject = value.IndexOf("<S>", StringComparison.OrdinalIgnoreCase);
        if (!value.StartsWith("<I>", StringComparison.OrdinalIgnoreCase) || subject < 0)
        {
            return null;
        }

        return (value[3..subject], value[(subject + 3)..]);
    }

    private static IEnumerable<string> Split(string dn)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < dn.Length; i++)
        {
            switch (dn[i])
            {
                case '\\':
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case ',' or ';' when !quoted:
                    yield return dn[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return dn[start..];
    }
}
