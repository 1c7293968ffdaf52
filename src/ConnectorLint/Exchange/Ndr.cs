namespace ConnectorLint.Exchange;

/// <summary>A Microsoft article by its title, as messages cite it.</summary>
public sealed record MicrosoftArticle(string Title, string Url);

/// <summary>
/// A non-delivery report as the server that refuses gives it: the SMTP reply with its enhanced status
/// code, the text that follows, and Microsoft's article on it where there is one. Every bounce of
/// trace is one of <see cref="NdrCatalog"/>'s, so a code is never written with another text.
/// </summary>
public sealed record Ndr(string Code, string Text, MicrosoftArticle? Article = null)
{
    /// <summary>The enhanced status code alone (5.7.64), as lint's messages and trace agree on it.</summary>
    public string EnhancedCode => Code[(Code.IndexOf(' ', StringComparison.Ordinal) + 1)..];
}

/// <summary>The NDRs trace gives, each once, in the words of the servers and of Microsoft's NDR articles.</summary>
public static class NdrCatalog
{
    private static readonly MicrosoftArticle TenantAttributionArticle = new(
        "\"550 5.7.64 TenantAttribution\" when sending mail externally in Microsoft 365",
        "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/relay-access-denied-smtp");

    private static readonly MicrosoftArticle RelayAccessDeniedArticle = new(
        "Fix email delivery issues for error code 550 5.4.1 in Exchange Online",
        "https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/fix-error-code-550-5-4-1-in-exchange-online");

    private static readonly MicrosoftArticle AnonymousRelayArticle = new(
        "Allow anonymous relay on Exchange servers",
        "https://learn.microsoft.com/exchange/mail-flow/connectors/allow-anonymous-relay");

    // Exchange Server
    public static readonly Ndr UnableToRoute = new("550 5.4.4", "Unable to route");
    public static readonly Ndr ConnectionRefused = new("421 4.4.1", "connection refused");
    public static readonly Ndr StartTlsFirst = new("530 5.7.0", "Must issue a STARTTLS command first");
    public static readonly Ndr NotAuthenticated = new("530 5.7.1", "Client was not authenticated");
    public static readonly Ndr ClientNotAuthenticated = new("530 5.7.57", "Client not authenticated to send mail");

    /// <summary>Exchange 2013 and later refuse anonymous relay so; Exchange 2010 with <see cref="UnableToRelay2010"/>.</summary>
    public static readonly Ndr UnableToRelay = new("550 5.7.54", "SMTP; Unable to relay recipient in non-accepted domain", AnonymousRelayArticle);

    public static readonly Ndr UnableToRelay2010 = new("550 5.7.1", "Unable to relay", AnonymousRelayArticle);
    public static readonly Ndr MessageExpired = new("550 4.4.7", "Message expired");

    // Exchange Online and EOP
    public static readonly Ndr RecipientNotFound = new("550 5.1.10", "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");
    public static readonly Ndr HopCountExceeded = new("554 5.4.14", "Hop count exceeded - possible mail loop");
    public static readonly Ndr RelayAccessDenied = new("550 5.4.1", "Relay Access Denied", RelayAccessDeniedArticle);
    public static readonly Ndr RecipientRejected = new("550 5.4.1", "Recipient address rejected: Access denied", RelayAccessDeniedArticle);
    public static readonly Ndr TenantAttribution = new("550 5.7.64", "TenantAttribution; Relay Access Denied", TenantAttributionArticle);
    public static readonly Ndr TenantInboundAttribution = new("550 5.7.51", "TenantInboundAttribution");
    public static readonly Ndr DirectSendNotAllowed = new("550 5.7.68", "TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources");
    public static readonly Ndr SmtpAuthDisabled = new("535 5.7.139", "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant");
    public static readonly Ndr SendAsDenied = new("550 5.7.60", "Client does not have permissions to send as this sender");

    // The recipient's server
    public static readonly Ndr SpfFailed = new("550 5.7.23", "SPF validation failed");
}
