namespace ConnectorLint.Model;

/// <summary>
/// Domain patterns as Exchange reads them in address spaces, sender and recipient domains:
/// "*" (everything), "contoso.com", "*.contoso.com" (the domain and its subdomains), optionally in
/// the cmdlet form "SMTP:*;1" (type and cost).
/// </summary>
public readonly record struct DomainPattern(string Pattern, string Type, int Cost)
{
    public bool IsEverything => Pattern == "*";

    public static DomainPattern Parse(string text)
    {
        var value = text.Trim();
        var type = "SMTP";
        var cost = 1;
        var colon = value.IndexOf(':');
        if (colon > 0 && !value.StartsWith('*'))
        {
            type = value[..colon].ToUpperInvariant();
            value = value[(colon + 1)..];
        }

        var semicolon = value.IndexOf(';');
        if (semicolon >= 0)
        {
            _ = int.TryParse(value[(semicolon + 1)..], out cost);
            value = value[..semicolon];
        }

        return new DomainPattern(value.TrimEnd('.').ToLowerInvariant(), type, cost);
    }

    public bool Covers(string domain)
    {
        if (Type != "SMTP")
        {
            return false;
        }

        var name = domain.TrimEnd('.').ToLowerInvariant();
        if (IsEverything)
        {
            return true;
        }

        if (Pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var parent = Pattern[2..];
            return name == parent || name.EndsWith("." + parent, StringComparison.Ordinal);
        }

        return name == Pattern;
    }

    /// <summary>How specific the pattern is: Exchange prefers the longest match, and a domain itself over the wildcard of that domain.</summary>
    public int Specificity => IsEverything ? 0 : Pattern.StartsWith("*.", StringComparison.Ordinal) ? Pattern.Length - 2 : Pattern.Length + 1;

    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return (at < 0 ? address : address[(at + 1)..]).TrimEnd('.').ToLowerInvariant();
    }
}
