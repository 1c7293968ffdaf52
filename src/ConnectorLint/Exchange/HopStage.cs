namespace ConnectorLint.Exchange;

/// <summary>Where in a message's way a hop's decision is made: an SMTP command, a component of Exchange, or a system beyond it.</summary>
public enum HopStage
{
    /// <summary>An application or device connects to submit.</summary>
    Client,

    /// <summary>Authenticated submission to Exchange Online (smtp.office365.com).</summary>
    ClientSubmission,

    /// <summary>A receive connector of an Exchange server takes the connection.</summary>
    OnPremisesReceive,

    Auth,
    MailFrom,
    RcptTo,

    /// <summary>An SPF evaluation of the sender's domain.</summary>
    Spf,

    /// <summary>The TLS a connection negotiates, and the certificate it presents.</summary>
    Tls,

    /// <summary>Exchange Server's choice of a send connector or a mailbox server.</summary>
    Routing,

    SendConnector,
    SmartHost,

    /// <summary>The MX of the recipient's domain that points at the tenant.</summary>
    TenantMx,

    /// <summary>EOP takes a connection: attribution to the tenant, inbound connectors.</summary>
    EopInbound,

    /// <summary>EOP relays out for an attributed connection.</summary>
    EopOutbound,

    /// <summary>An outbound connector of Exchange Online.</summary>
    ExoOutbound,

    /// <summary>Exchange Online's own routing and delivery.</summary>
    ExchangeOnline,

    Mailbox,
}

public static class HopStageNames
{
    /// <summary>The stage as trace writes it (text and JSON), in the words an admin steps through.</summary>
    public static string Label(this HopStage stage) => stage switch
    {
        HopStage.Client => "client",
        HopStage.ClientSubmission => "client submission",
        HopStage.OnPremisesReceive => "on-premises receive",
        HopStage.Auth => "AUTH",
        HopStage.MailFrom => "MAIL FROM",
        HopStage.RcptTo => "RCPT TO",
        HopStage.Spf => "SPF",
        HopStage.Tls => "TLS",
        HopStage.Routing => "routing",
        HopStage.SendConnector => "send connector",
        HopStage.SmartHost => "smart host",
        HopStage.TenantMx => "tenant MX",
        HopStage.EopInbound => "EOP inbound",
        HopStage.EopOutbound => "EOP outbound",
        HopStage.ExoOutbound => "EXO outbound",
        HopStage.ExchangeOnline => "Exchange Online",
        HopStage.Mailbox => "mailbox",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    /// <summary>
    /// A refusal at one of these stages happens while the client is still connected to the organization's
    /// own server, before anything leaves it: the client gets the NDR, not a bounce message.
    /// </summary>
    public static bool RefusesTheClient(this HopStage stage) => stage is HopStage.OnPremisesReceive or HopStage.RcptTo or HopStage.Client;
}
