namespace ConnectorLint.Net;

/// <summary>
/// RFC 6125 name matching: case-insensitive, a trailing dot ignored, and a '*' that stands for
/// exactly one whole left-most label.
/// </summary>
public static class CertificateName
{
    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>Does a presented identifier (possibly a wildcard) match a reference name (possibly a wildcard)?</summary>
    public static bool Matches(string a, string b)
    {
        var x = Normalize(a);
        var y = Normalize(b);
        if (x == y)
        {
            return true;
        }

        return (IsWildcard(x) && !IsWildcard(y) && WildcardMatches(x, y))
            || (IsWildcard(y) && !IsWildcard(x) && WildcardMatches(y, x));
    }

    public static bool IsWildcard(string name) => name.StartsWith("*.", StringComparison.Ordinal);

    private static bool WildcardMatches(string pattern, string name)
    {
        var dot = name.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        // "*.contoso.com" covers "mail.contoso.com", not "contoso.com" nor "a.b.contoso.com".
        return name[(dot + 1)..] == pattern[2..];
    }
}
