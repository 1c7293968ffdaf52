namespace ConnectorLint.Exchange;

/// <summary>Smart hosts as Exchange prints them: a name, an address in brackets, or the Edge subscription's "--".</summary>
public static class SmartHost
{
    /// <summary>"--" (routing of the Edge subscription) or "[192.0.2.10]": nothing for DNS to resolve.</summary>
    public static bool IsLiteral(string host) => host.Trim() == "--" || host.TrimStart().StartsWith('[');

    private static readonly string[] InternalSuffixes = [".local", ".lan", ".internal", ".intranet", ".corp", ".home.arpa"];

    /// <summary>A name only the organization's own DNS can answer: one label, or a private top-level name.</summary>
    public static bool IsInternalName(string host)
    {
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        return !IsLiteral(name) && (!name.Contains('.') || InternalSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)));
    }
}
