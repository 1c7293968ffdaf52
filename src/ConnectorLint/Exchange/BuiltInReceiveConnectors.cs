namespace ConnectorLint.Exchange;

/// <summary>
/// The receive connectors Exchange Server setup creates on every Mailbox server ("Default receive
/// connectors in Exchange Server"): an organization has them whether or not its file describes
/// them, so an export always holds them.
/// </summary>
public static class BuiltInReceiveConnectors
{
    /// <summary>The names, {0} standing for the server's name.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "Default {0}",
        "Client Proxy {0}",
        "Default Frontend {0}",
        "Outbound Proxy Frontend {0}",
        "Client Frontend {0}",
    ];

    /// <summary>Whether <paramref name="name"/> is one of the connectors setup created on <paramref name="server"/>.</summary>
    public static bool IsBuiltIn(string name, string server) =>
        Names.Any(n => string.Equals(string.Format(System.Globalization.CultureInfo.InvariantCulture, n, server), name, StringComparison.OrdinalIgnoreCase));
}
