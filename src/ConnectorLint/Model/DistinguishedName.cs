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
