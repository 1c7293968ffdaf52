namespace ConnectorLint.Import;

/// <summary>Exchange Server: the servers, their send and receive connectors and who may relay through them.</summary>
public sealed partial class ExchangeImporter
{
    private OutputMapping? OnPremises()
    {
        if (!new[] { ExportKind.SendConnector, ExportKind.ReceiveConnector, ExportKind.ExchangeServer, ExportKind.ExchangeCertificate }.Any(export.Has))
        {
            return null;
        }

        ReadCertificates();
        if (export.Objects(ExportKind.ExchangeServer).GroupBy(s => Name(s), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            var second = twice.Skip(1).First();
            throw new ExportFormatException(second.File, second.Path,
                $"a second server named {twice.Key}{(export.ForestOf(second) is { } f ? $" (forest {f})" : "")}: the desired state tells servers apart by name, so each forest's servers need names of their own.");
        }

        var entries = new List<OutputEntry>
        {
            new("servers", new OutputSequence([.. export.Objects(ExportKind.ExchangeServer).OrderBy(s => Name(s), StringComparer.OrdinalIgnoreCase).Select(Server)])),
        };
        var sendConnectors = export.Objects(ExportKind.SendConnector).OrderBy(SendConnectorName, StringComparer.OrdinalIgnoreCase).Select(SendConnector).ToList();
        var receiveConnectors = export.Objects(ExportKind.ReceiveConnector)
            .OrderBy(c => ServerName(c), StringComparer.OrdinalIgnoreCase).ThenBy(c => Name(c), StringComparer.OrdinalIgnoreCase)
            .Select(ReceiveConnector).ToList();
        var used = certificates.Where(c => c.Used || c.ForSmtp).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
        entries.Add(new OutputEntry("certificates", new OutputSequence([.. used.Select(c => c.Node)])));
        entries.Add(new OutputEntry("sendConnectors", new OutputSequence(sendConnectors)));
        entries.Add(new OutputEntry("receiveConnectors", new OutputSequence(receiveConnectors)));
        return new OutputMapping(entries);
    }

    private OutputNode Server(PowerShellValue server)
    {
        var name = Name(server);
        var self = new ImportedObject("servers", name);
        Origin(self, server);
        var entries = new List<OutputEntry> { new("name", new OutputScalar(name)) };
        Add(entries, self, server, "Fqdn", "fqdn", v => Text(v) is { } t ? new OutputScalar(t.ToLowerInvariant()) : null);
        var isEdge = server.Property("IsEdgeServer") is { } edgeFlag ? Bool(edgeFlag)
            : server.Property("ServerRole") is { } role ? ExchangeEnumeration.ServerRole.Decode(role).Contains("Edge")
            : (bool?)null;
        if (isEdge is null)
        {
            Unheld(self, "serverRole");
        }
        else
        {
            entries.Add(new OutputEntry("serverRole", new OutputScalar(isEdge.Value ? "edge" : "mailbox")));
        }

        // Site is an AD object id (contoso.com/Configuration/Sites/Default-First-Site-Name); the site is its last part.
        Add(entries, self, server, "Site", "site", v => Text(v) is { Length: > 0 } t ? new OutputScalar(t[(t.LastIndexOf('/') + 1)..]) : null);
        Add(entries, self, server, "AdminDisplayVersion", "version", v => Text(v) is { } t && ExchangeVersionOf(t) is { } version ? new OutputScalar(version) : null);
        entries.Add(options.Keep?.FindServer(name) is { EgressIPAddresses.IsEmpty: false } kept
            ? new OutputEntry("egressIPAddresses", new OutputSequence([.. kept.EgressIPAddresses.Select(a => new OutputScalar(a.Value.Text))]), "kept from the current file: no export holds it")
            : new OutputEntry("egressIPAddresses", null,
                "egressIPAddresses: [ ]   the public address the internet and Exchange Online see from this server (behind NAT); no export holds it."));
        return new OutputMapping(entries);
    }

    private OutputNode SendConnector(PowerShellValue connector)
    {
        var name = SendConnectorName(connector);
        var self = new ImportedObject("sendConnectors", name);
        var entries = new List<OutputEntry> { new("name", new OutputScalar(name), name == Name(connector) ? null : $"'{Name(connector)}' in forest {export.ForestOf(connector)}: each forest has a connector of that name") };
        Origin(self, connector);
        Add(entries, self, connector, "Enabled", "enabled", BoolNode);
        Add(entries, self, connector, "AddressSpaces", "addressSpaces", v => List(v, AddressSpace));
        Add(entries, self, connector, "DNSRoutingEnabled", "dnsRoutingEnabled", BoolNode);
        Add(entries, self, connector, "SmartHosts", "smartHosts", v => List(v, SmartHost), omitEmpty: true);
        Add(entries, self, connector, "Port", "port", v => Int(v) is { } p ? OutputScalar.Of(p) : null);
        Add(entries, self, connector, "RequireTLS", "requireTls", BoolNode);
        Add(entries, self, connector, "TlsAuthLevel", "tlsAuthLevel", v => v.IsNull ? null : new OutputScalar(Single(ExchangeEnumeration.TlsAuthLevel, v)));
        Add(entries, self, connector, "TlsDomain", "tlsDomain", TextNode);
        if (connector.Property("TlsCertificateName") is { } identity)
        {
            if (Text(identity) is { } certificateName)
            {
                var match = FindCertificate(certificateName);
                entries.Add(match is not null
                    ? new OutputEntry("tlsCertificate", new OutputScalar(match.Name), $"TlsCertificateName {certificateName}")
                    : new OutputEntry("tlsCertificateName", new OutputScalar(certificateName), "no exported certificate has this issuer and subject: export Get-ExchangeCertificate from the source servers"));
            }
        }
        else
        {
            Unheld(self, "tlsCertificate");
        }

        Add(entries, self, connector, "SourceTransportServers", "sourceTransportServers", v => List(v, ObjectName), omitEmpty: true);
        Add(entries, self, connector, "CloudServicesMailEnabled", "cloudServicesMailEnabled", BoolNode);
        Add(entries, self, connector, "SmartHostAuthMechanism", "smartHostAuthMechanism", v => v.IsNull ? null : new OutputScalar(Single(ExchangeEnumeration.SmartHostAuthMechanism, v)));
        Add(entries, self, connector, "Fqdn", "fqdn", TextNode);
        Add(entries, self, connector, "FrontendProxyEnabled", "frontendProxyEnabled", BoolNode);
        return new OutputMapping(entries);
    }

    /// <summary>
    /// A send connector's name in the file: its own, or in an organization of several forests where
    /// another forest has one of the same name (each forest's Hybrid Configuration Wizard makes an
    /// "Outbound to Office 365"), its name and forest.
    /// </summary>
    private string SendConnectorName(PowerShellValue connector)
    {
        var name = Name(connector);
        var forest = export.ForestOf(connector);
        return forest is not null && SharedSendConnectorNames().Contains(name) ? $"{name} ({forest})" : name;
    }

    private HashSet<string>? sharedNames;

    /// <summary>The send connector names more than one forest has, found once.</summary>
    private HashSet<string> SharedSendConnectorNames() => sharedNames ??= export.Objects(ExportKind.SendConnector)
        .Select(c => (Name: Name(c), Forest: export.ForestOf(c)))
        .Where(c => c.Forest is not null)
        .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
        .Where(g => g.Select(c => c.Forest).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
        .Select(g => g.Key)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private void Origin(ImportedObject self, PowerShellValue value)
    {
        if (export.ForestOf(value) is { } forest)
        {
            forests[self] = forest;
        }
    }

    private OutputNode ReceiveConnector(PowerShellValue connector)
    {
        var name = Name(connector);
        var server = ServerName(connector);
        var self = new ImportedObject("receiveConnectors", $"{server}\\{name}");
        Origin(self, connector);
        var entries = new List<OutputEntry> { new("name", new OutputScalar(name)), new("server", new OutputScalar(server)) };
        Add(entries, self, connector, "TransportRole", "transportRole", v => v.IsNull ? null : new OutputScalar(Single(ExchangeEnumeration.TransportRole, v)));
        Add(entries, self, connector, "Bindings", "bindings", v => List(v, Plain));
        Add(entries, self, connector, "RemoteIPRanges", "remoteIPRanges", v => List(v, IpRange));
        Add(entries, self, connector, "PermissionGroups", "permissionGroups", v => Flags(ExchangeEnumeration.PermissionGroups, v));
        Add(entries, self, connector, "AuthMechanism", "authMechanism", v => Flags(ExchangeEnumeration.ReceiveAuthMechanism, v, none: "none"));
        Add(entries, self, connector, "RequireTLS", "requireTls", BoolNode);
        if (export.Has(ExportKind.AnonymousRelayPermission))
        {
            entries.Add(new OutputEntry("anonymousRelay", OutputScalar.Of(GrantsAnonymousRelay(server, name))));
        }
        else
        {
            Unheld(self, "anonymousRelay");
            entries.Add(new OutputEntry("anonymousRelay", null,
                "anonymousRelay: not exported; Get-ADPermission on the connector for NT AUTHORITY\\ANONYMOUS LOGON with ms-Exch-SMTP-Accept-Any-Recipient says (the export script writes AnonymousRelayPermission)."));
        }

        Add(entries, self, connector, "Enabled", "enabled", BoolNode);
        Add(entries, self, connector, "Fqdn", "fqdn", TextNode);
        Add(entries, self, connector, "TlsCertificateName", "tlsCertificateName", v => Text(v) is { } t ? MarkUsed(t) : null);
        Add(entries, self, connector, "TlsDomainCapabilities", "tlsDomainCapabilities", v => List(v, Plain), omitEmpty: true);
        return new OutputMapping(entries);
    }

    private OutputScalar MarkUsed(string certificateName)
    {
        FindCertificate(certificateName);
        return new OutputScalar(certificateName);
    }

    /// <summary>
    /// Does ANONYMOUS LOGON hold ms-Exch-SMTP-Accept-Any-Recipient on the connector? An explicit Deny
    /// entry for the right outweighs any Allow, as Active Directory evaluates explicit entries.
    /// </summary>
    private bool GrantsAnonymousRelay(string server, string connector)
    {
        var allowed = false;
        foreach (var permission in export.Objects(ExportKind.AnonymousRelayPermission))
        {
            var identity = Text(permission.Property("Connector") ?? permission.Property("Identity")) ?? "";
            var user = Text(permission.Property("User")) ?? "";
            var rights = permission.Property("ExtendedRights")?.AsList().Select(r => r.Text ?? "") ?? [];
            if (identity.Equals($"{server}\\{connector}", StringComparison.OrdinalIgnoreCase)
                && user.Equals("NT AUTHORITY\\ANONYMOUS LOGON", StringComparison.OrdinalIgnoreCase)
                && rights.Any(r => r.Contains("ms-Exch-SMTP-Accept-Any-Recipient", StringComparison.OrdinalIgnoreCase)))
            {
                if (Bool(permission.Property("Deny")) == true)
                {
                    return false;
                }

                allowed = true;
            }
        }

        return allowed;
    }
}
