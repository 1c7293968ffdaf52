namespace ConnectorLint.Import;

/// <summary>Exchange Online: the inbound and outbound connectors, and the senders kept from the previous document.</summary>
public sealed partial class ExchangeImporter
{
    private OutputMapping? ExchangeOnline()
    {
        if (!export.Has(ExportKind.InboundConnector) && !export.Has(ExportKind.OutboundConnector))
        {
            return null;
        }

        return new OutputMapping(
        [
            new("inboundConnectors", new OutputSequence([.. export.Objects(ExportKind.InboundConnector).OrderBy(c => Name(c), StringComparer.OrdinalIgnoreCase).Select(InboundConnector)])),
            new("outboundConnectors", new OutputSequence([.. export.Objects(ExportKind.OutboundConnector).OrderBy(c => Name(c), StringComparer.OrdinalIgnoreCase).Select(OutboundConnector)])),
        ]);
    }

    private OutputNode InboundConnector(PowerShellValue connector)
    {
        var name = Name(connector);
        var self = new ImportedObject("inboundConnectors", name);
        var entries = new List<OutputEntry> { new("name", new OutputScalar(name)) };
        Add(entries, self, connector, "Enabled", "enabled", BoolNode);
        Add(entries, self, connector, "ConnectorType", "connectorType", v => new OutputScalar(Single(ExchangeEnumeration.ConnectorType, v)));
        Add(entries, self, connector, "SenderDomains", "senderDomains", v => List(v, Plain));
        Add(entries, self, connector, "SenderIPAddresses", "senderIPAddresses", v => List(v, Plain), omitEmpty: true);
        Add(entries, self, connector, "RequireTls", "requireTls", BoolNode);
        Add(entries, self, connector, "TlsSenderCertificateName", "tlsSenderCertificateName", TextNode);
        Add(entries, self, connector, "RestrictDomainsToCertificate", "restrictDomainsToCertificate", BoolNode);
        Add(entries, self, connector, "RestrictDomainsToIPAddresses", "restrictDomainsToIPAddresses", BoolNode);
        Add(entries, self, connector, "CloudServicesMailEnabled", "cloudServicesMailEnabled", BoolNode);
        Add(entries, self, connector, "TreatMessagesAsInternal", "treatMessagesAsInternal", BoolNode);
        Add(entries, self, connector, "EFSkipIPs", "efSkipIPs", v => List(v, Plain), omitEmpty: true);
        Add(entries, self, connector, "EFSkipLastIP", "efSkipLastIP", BoolNode);
        Add(entries, self, connector, "EFUsers", "efUsers", v => List(v, Plain), omitEmpty: true);
        Add(entries, self, connector, "AssociatedAcceptedDomains", "associatedAcceptedDomains", v => List(v, Plain), omitEmpty: true);
        Add(entries, self, connector, "TrustedOrganizations", "trustedOrganizations", v => List(v, Plain), omitEmpty: true);
        return new OutputMapping(entries);
    }

    private OutputNode OutboundConnector(PowerShellValue connector)
    {
        var name = Name(connector);
        var self = new ImportedObject("outboundConnectors", name);
        var entries = new List<OutputEntry> { new("name", new OutputScalar(name)) };
        Add(entries, self, connector, "Enabled", "enabled", BoolNode);
        Add(entries, self, connector, "ConnectorType", "connectorType", v => new OutputScalar(Single(ExchangeEnumeration.ConnectorType, v)));
        Add(entries, self, connector, "RecipientDomains", "recipientDomains", v => List(v, Plain), omitEmpty: true);
        Add(entries, self, connector, "UseMXRecord", "useMxRecord", BoolNode);
        Add(entries, self, connector, "SmartHosts", "smartHosts", v => List(v, SmartHost), omitEmpty: true);
        Add(entries, self, connector, "TlsSettings", "tlsSettings", v => v.IsNull ? null : new OutputScalar(Single(ExchangeEnumeration.TlsAuthLevel, v)));
        Add(entries, self, connector, "TlsDomain", "tlsDomain", TextNode);
        Add(entries, self, connector, "RouteAllMessagesViaOnPremises", "routeAllMessagesViaOnPremises", BoolNode);
        Add(entries, self, connector, "IsTransportRuleScoped", "isTransportRuleScoped", BoolNode);
        Add(entries, self, connector, "CloudServicesMailEnabled", "cloudServicesMailEnabled", BoolNode);
        Add(entries, self, connector, "AllAcceptedDomains", "allAcceptedDomains", BoolNode);
        Add(entries, self, connector, "SenderRewritingEnabled", "senderRewritingEnabled", BoolNode);
        return new OutputMapping(entries);
    }

    private static OutputMapping Sender(Model.Sender sender)
    {
        var entries = new List<OutputEntry>
        {
            new("name", new OutputScalar(sender.Name.Value)),
            new("sourceIPAddress", new OutputScalar(sender.SourceIPAddress.Value.Text)),
            new("submitTo", new OutputScalar(char.ToLowerInvariant(sender.SubmitTo.Value.ToString()[0]) + sender.SubmitTo.Value.ToString()[1..])),
        };
        if (sender.Host is { } host)
        {
            entries.Add(new OutputEntry("host", new OutputScalar(host.Value)));
        }

        if (sender.Port is { } port)
        {
            entries.Add(new OutputEntry("port", OutputScalar.Of(port.Value)));
        }

        if (sender.Authenticated is { } authenticated)
        {
            entries.Add(new OutputEntry("authenticated", OutputScalar.Of(authenticated.Value)));
        }

        if (sender.StartTls is { } startTls)
        {
            entries.Add(new OutputEntry("startTls", OutputScalar.Of(startTls.Value)));
        }

        if (sender.MailFrom is { } mailFrom)
        {
            entries.Add(new OutputEntry("mailFrom", new OutputScalar(mailFrom.Value)));
        }

        if (!sender.Recipients.IsEmpty)
        {
            entries.Add(new OutputEntry("recipients", new OutputSequence([.. sender.Recipients.Select(r => new OutputScalar(r.Value))])));
        }

        if (sender.CertificateName is { } certificate)
        {
            entries.Add(new OutputEntry("certificateName", new OutputScalar(certificate.Value)));
        }

        return new OutputMapping(entries);
    }
}
