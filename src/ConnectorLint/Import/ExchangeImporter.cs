using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ConnectorLint.Dns;

namespace ConnectorLint.Import;

/// <summary>An object of the desired state by its list and name (sendConnectors, "Outbound to Office 365").</summary>
public readonly record struct ImportedObject(string Section, string Name);

/// <summary>
/// What an import made of the exports: the desired-state document, and what the exports did not
/// hold (a property missing from an object, a cmdlet not exported), which config drift reports as
/// unknown, never as drift.
/// </summary>
public sealed record ImportResult(
    OutputMapping Document,
    IReadOnlyList<string> Header,
    ImmutableDictionary<ImportedObject, ImmutableHashSet<string>> Unheld,
    ImmutableHashSet<string> SectionsExported)
{
    /// <summary>In an export of several forests, the forest each on-premises object came from.</summary>
    public ImmutableDictionary<ImportedObject, string> Forests { get; init; } = ImmutableDictionary<ImportedObject, string>.Empty;

    /// <summary>The forests of the export; empty for one forest.</summary>
    public ImmutableArray<string> ForestNames { get; init; } = [];

    public string ToYaml() => OutputWriter.Write(Document, Header);

    /// <summary>The places left for the admin: keys written as a comment, because no export holds their value.</summary>
    public int PlacesToFill => Count(Document);

    private static int Count(OutputNode? node) => node switch
    {
        OutputMapping mapping => mapping.Entries.Sum(e => e.Value is null ? 1 : Count(e.Value)),
        OutputSequence sequence => sequence.Items.Sum(Count),
        _ => 0,
    };

    /// <summary>Whether the export holds <paramref name="key"/> of the object; false when its cmdlet was not exported at all.</summary>
    public bool Holds(string section, string name, string key) =>
        SectionsExported.Contains(section) && !(Unheld.TryGetValue(new ImportedObject(section, name), out var keys) && keys.Contains(key));
}

/// <summary>Options of an import: where MX, SPF and DMARC come from (a zone file or a DNS server), and where the schema is.</summary>
public sealed record ImportOptions
{
    public IDnsResolver? Dns { get; init; }

    /// <summary>
    /// The current desired state, on a re-import: what no export holds (egress addresses, senders,
    /// verification without Exchange Online's export, DNS records without a zone file or server,
    /// the local names of certificates) is taken from it instead of left as a comment.
    /// </summary>
    public Model.DesiredState? Keep { get; init; }

    /// <summary>What the yaml-language-server comment points at, relative to the written file.</summary>
    public string SchemaReference { get; init; } = Loading.DesiredStateSchema.ReleasedAddress(Loading.DesiredStateSchema.EngineVersion);
}

/// <summary>
/// Turns the exports of Exchange Online and Exchange Server into a desired state in format v1:
/// values in the format's spelling, objects in a stable order (by name), and a comment wherever only
/// the admin knows the value (addresses behind NAT, domain verification, the senders).
/// </summary>
public sealed partial class ExchangeImporter
{
    private readonly ExchangeExport export;
    private readonly ImportOptions options;
    private readonly Dictionary<ImportedObject, HashSet<string>> unheld = [];
    private readonly List<ImportedCertificate> certificates = [];
    private readonly Dictionary<ImportedObject, string> forests = [];

    private ExchangeImporter(ExchangeExport export, ImportOptions options)
    {
        this.export = export;
        this.options = options;
    }

    /// <exception cref="ExportFormatException">An export that cannot be read as what its cmdlet returns.</exception>
    public static async Task<ImportResult> ImportAsync(ExchangeExport export, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var importer = new ExchangeImporter(export, options ?? new ImportOptions());
        return await importer.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImportResult> RunAsync(CancellationToken cancellationToken)
    {
        var sections = ImmutableHashSet.CreateBuilder<string>();
        void Exported(string section, params ExportKind[] kinds)
        {
            if (kinds.All(export.Has))
            {
                sections.Add(section);
            }
        }

        Exported("tenant", ExportKind.OnlineAcceptedDomain);
        Exported("acceptedDomains", ExportKind.OnlineAcceptedDomain);
        Exported("servers", ExportKind.ExchangeServer);
        Exported("certificates", ExportKind.ExchangeCertificate);
        Exported("sendConnectors", ExportKind.SendConnector);
        Exported("receiveConnectors", ExportKind.ReceiveConnector);
        Exported("inboundConnectors", ExportKind.InboundConnector);
        Exported("outboundConnectors", ExportKind.OutboundConnector);

        // Every object is read before the tenant is named, so a file that cannot be read says so first.
        var domains = await AcceptedDomainsAsync(cancellationToken).ConfigureAwait(false);
        var onPremises = OnPremises();
        var online = ExchangeOnline();
        var entries = new List<OutputEntry>
        {
            new("apiVersion", new OutputScalar("connectorlint/v1")),
            new("tenant", Tenant(domains.Names)),
            new("acceptedDomains", new OutputSequence(domains.Nodes)),
        };
        if (onPremises is not null)
        {
            entries.Add(new OutputEntry("onPremises", onPremises));
        }

        if (online is not null)
        {
            entries.Add(new OutputEntry("exchangeOnline", online));
        }

        entries.Add(options.Keep is { Senders.IsEmpty: false } kept
            ? new OutputEntry("senders", new OutputSequence([.. kept.Senders.Select(Sender)]), "kept from the current file: no export holds the senders")
            : new OutputEntry("senders", null,
                "senders: the applications and devices that submit mail (copiers, scanners, line-of-business applications) are in no export: "
                + "list each with name, sourceIPAddress, submitTo (onPremises, clientSubmission, directSend, connectorRelay), host, port, mailFrom."));

        var header = new List<string>
        {
            $"yaml-language-server: $schema={options.SchemaReference}",
            $"Imported by connectorlint import from {string.Join(", ", export.Files.Select(f => Path.GetRelativePath(export.Folder, f.Path).Replace('\\', '/')).Order(StringComparer.Ordinal))}.",
            "Review every comment: it marks a value no export holds.",
        };

        return new ImportResult(
            new OutputMapping(entries),
            header,
            unheld.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableHashSet(StringComparer.Ordinal)),
            sections.ToImmutable())
        {
            Forests = forests.ToImmutableDictionary(),
            ForestNames = [.. export.Forests],
        };
    }

    // ---- tenant and accepted domains ----

    private sealed record DomainNames(string? Initial, IReadOnlyList<string> All);

    private OutputMapping Tenant(DomainNames domains)
    {
        var entries = new List<OutputEntry>();
        var organization = export.First(ExportKind.OrganizationConfig);
        var initial = domains.Initial
            ?? (organization?.Property("Name")?.Text is { } orgName && orgName.Contains(".onmicrosoft.", StringComparison.OrdinalIgnoreCase) ? orgName : null);
        var coexistence = domains.All.FirstOrDefault(d => d.EndsWith(".mail.onmicrosoft.com", StringComparison.OrdinalIgnoreCase));
        if (initial is not null && initial.IndexOf('.', StringComparison.Ordinal) <= 0)
        {
            throw new ExportFormatException(export.Folder, "", $"the initial domain '{Diagnostics.PrintableText.Escape(initial)}' is not <tenant>.onmicrosoft.com; is the export from Exchange Online's Get-AcceptedDomain?");
        }

        var name = initial is not null ? initial[..initial.IndexOf('.', StringComparison.Ordinal)]
            : coexistence is not null ? coexistence[..coexistence.IndexOf('.', StringComparison.Ordinal)]
            : null;
        if (name is null)
        {
            throw new ExportFormatException(export.Folder, "", $"no export names the tenant: add {ExchangeExport.OnlineFolder}/AcceptedDomain.json (Get-AcceptedDomain in Exchange Online), whose initial domain is <tenant>.onmicrosoft.com.");
        }

        entries.Add(new OutputEntry("name", new OutputScalar(name.ToLowerInvariant())));
        if (initial is not null)
        {
            entries.Add(new OutputEntry("initialDomain", new OutputScalar(initial.ToLowerInvariant())));
        }

        var cloud = (initial ?? coexistence ?? "").ToLowerInvariant() switch
        {
            var d when d.EndsWith(".onmicrosoft.us", StringComparison.Ordinal) => ("gccHigh", "GCC High or DoD: both use onmicrosoft.us; write dod for a DoD tenant."),
            var d when d.EndsWith(".partner.onmschina.cn", StringComparison.Ordinal) => ("china", (string?)null),
            _ => ("commercial", (string?)null),
        };
        entries.Add(new OutputEntry("cloud", new OutputScalar(cloud.Item1), cloud.Item2));
        if (organization?.Property("RejectDirectSend") is { } reject && Bool(reject) is { } rejectValue)
        {
            entries.Add(new OutputEntry("rejectDirectSend", OutputScalar.Of(rejectValue)));
        }

        if (export.First(ExportKind.TransportConfig)?.Property("SmtpClientAuthenticationDisabled") is { } disabled && Bool(disabled) is { } disabledValue)
        {
            entries.Add(new OutputEntry("smtpClientAuthenticationDisabled", OutputScalar.Of(disabledValue)));
        }

        return new OutputMapping(entries);
    }

    private async Task<(IReadOnlyList<OutputNode> Nodes, DomainNames Names)> AcceptedDomainsAsync(CancellationToken cancellationToken)
    {
        // Exchange Online's view wins where both have a domain: it is the tenant's, and only it knows MatchSubDomains.
        var online = export.Objects(ExportKind.OnlineAcceptedDomain).Select(d => (Value: d, Online: true));
        var server = export.Objects(ExportKind.ServerAcceptedDomain).Select(d => (Value: d, Online: false));
        var byName = new Dictionary<string, (PowerShellValue Value, bool Online)>(StringComparer.OrdinalIgnoreCase);
        string? initial = null;
        foreach (var (value, isOnline) in online.Concat(server))
        {
            var name = DomainName(value);
            if (isOnline && Bool(value.Property("InitialDomain")) == true)
            {
                initial = name;
            }

            byName.TryAdd(name, (value, isOnline));
        }

        var nodes = new List<OutputNode>();
        foreach (var (name, (value, isOnline)) in byName.OrderBy(d => d.Key, StringComparer.OrdinalIgnoreCase))
        {
            var domain = new ImportedObject("acceptedDomains", name);
            var entries = new List<OutputEntry> { new("domainName", new OutputScalar(name)) };
            Add(entries, domain, value, "DomainType", "domainType", v => new OutputScalar(Single(ExchangeEnumeration.DomainType, v)));
            if (export.Has(ExportKind.OnlineAcceptedDomain))
            {
                entries.Add(isOnline
                    ? new OutputEntry("verified", OutputScalar.Of(true), "in Exchange Online's accepted domains, which hold verified domains only")
                    : new OutputEntry("verified", OutputScalar.Of(false), "not in Exchange Online's accepted domains: add and verify it in Microsoft 365 if Exchange Online sends or receives for it"));
            }
            else if (options.Keep?.FindDomain(name) is { } keptDomain)
            {
                entries.Add(new OutputEntry("verified", OutputScalar.Of(keptDomain.Verified.Value), "kept from the current file"));
            }
            else
            {
                entries.Add(new OutputEntry("verified", null, "verified: is the domain verified in Microsoft 365? No Exchange Server export says; export Exchange Online's accepted domains or fill this in."));
            }

            Add(entries, domain, value, "Default", "default", v => Bool(v) is { } b ? OutputScalar.Of(b) : null);
            if (isOnline)
            {
                Add(entries, domain, value, "MatchSubDomains", "matchSubDomains", v => Bool(v) is { } b ? OutputScalar.Of(b) : null);
            }

            entries.AddRange(await DnsRecordsAsync(name, cancellationToken).ConfigureAwait(false));
            nodes.Add(new OutputMapping(entries));
        }

        return (nodes, new DomainNames(initial, [.. byName.Keys]));
    }

    /// <summary>A DomainName as text ("contoso.com", "*.contoso.com") or as the SmtpDomainWithSubdomains object CliXml keeps.</summary>
    private static string DomainName(PowerShellValue domain)
    {
        var value = domain.Property("DomainName") ?? throw new ExportFormatException(domain.File, domain.Path, "an accepted domain without DomainName.");
        var text = value.Kind == PowerShellValueKind.Object ? value.Property("Domain")?.Text ?? value.Text : value.Text;
        return string.IsNullOrWhiteSpace(text)
            ? throw new ExportFormatException(value.File, value.Path, "an empty DomainName.")
            : RejectFlattened(value, text).TrimEnd('.').ToLowerInvariant();
    }

    private async Task<IReadOnlyList<OutputEntry>> DnsRecordsAsync(string domain, CancellationToken cancellationToken)
    {
        if (options.Dns is not { } dns)
        {
            return options.Keep?.FindDomain(domain) is { } kept
                ? KeptDnsRecords(kept)
                : [new OutputEntry("mx", null, "mx, spf, dmarc: no export holds DNS; import with --zone-file or --dns-server to fill them in.")];
        }

        var entries = new List<OutputEntry>();
        var mx = await dns.QueryAsync(domain, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
        if (mx.IsFailure)
        {
            entries.Add(new OutputEntry("mx", null, $"mx: unknown ({mx.FailureReason}); fill it in."));
        }
        else if (!mx.Of<MxRecordData>().Any() && Exchange.ExchangeOnlineEndpoints.IsMicrosoftManaged(domain))
        {
            var cloud = domain.EndsWith(".onmicrosoft.us", StringComparison.OrdinalIgnoreCase) ? Model.Cloud.GccHigh
                : domain.EndsWith(".partner.onmschina.cn", StringComparison.OrdinalIgnoreCase) ? Model.Cloud.China
                : Model.Cloud.Commercial;
            var host = $"{Exchange.ExchangeOnlineEndpoints.ManagedToken(domain)}.{Exchange.ExchangeOnlineEndpoints.MxSuffix(cloud)}";
            entries.Add(new OutputEntry("mx", new OutputSequence([new OutputMapping([new("exchange", new OutputScalar(host)), new("preference", OutputScalar.Of(0))])]),
                "Microsoft publishes this domain's MX"));
        }
        else if (mx.Of<MxRecordData>().Any())
        {
            entries.Add(new OutputEntry("mx", new OutputSequence([.. mx.Of<MxRecordData>()
                .OrderBy(r => r.Preference).ThenBy(r => r.Exchange, StringComparer.OrdinalIgnoreCase)
                .Select(r => new OutputMapping([new("exchange", new OutputScalar(DnsName.Normalize(r.Exchange))), new("preference", OutputScalar.Of(r.Preference))]))])));
        }

        var txt = await dns.QueryAsync(domain, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
        var spf = txt.Of<TxtRecord>().Select(t => t.Text).Where(IsSpf).ToList();
        if (txt.IsFailure)
        {
            entries.Add(new OutputEntry("spf", null, $"spf: unknown ({txt.FailureReason}); fill it in."));
        }
        else if (spf.Count == 1)
        {
            entries.Add(new OutputEntry("spf", new OutputScalar(spf[0])));
        }
        else if (spf.Count > 1)
        {
            entries.Add(new OutputEntry("spf", null, $"spf: the domain publishes {spf.Count} SPF records, which fails SPF everywhere; write the one it should publish."));
        }

        var dmarcAnswer = await dns.QueryAsync("_dmarc." + domain, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
        var dmarc = dmarcAnswer.Of<TxtRecord>().Select(t => t.Text).Where(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)).ToList();
        if (dmarcAnswer.IsFailure)
        {
            entries.Add(new OutputEntry("dmarc", null, $"dmarc: unknown ({dmarcAnswer.FailureReason}); fill it in."));
        }
        else if (dmarc.Count == 1)
        {
            entries.Add(new OutputEntry("dmarc", new OutputScalar(dmarc[0])));
        }

        return entries;
    }

    private static List<OutputEntry> KeptDnsRecords(Model.AcceptedDomain domain)
    {
        var entries = new List<OutputEntry>();
        if (!domain.Mx.IsEmpty)
        {
            entries.Add(new OutputEntry("mx", new OutputSequence([.. domain.Mx.Select(m =>
                new OutputMapping([new("exchange", new OutputScalar(m.Exchange.Value)), new("preference", OutputScalar.Of(m.Preference.Value))]))]), "kept from the current file"));
        }

        if (domain.Spf is { } spf)
        {
            entries.Add(new OutputEntry("spf", new OutputScalar(spf.Value)));
        }

        if (domain.Dmarc is { } dmarc)
        {
            entries.Add(new OutputEntry("dmarc", new OutputScalar(dmarc.Value)));
        }

        return entries;
    }

    private static bool IsSpf(string text) =>
        text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');

    // ---- Exchange Server ----

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

    // ---- certificates ----

    private sealed record ImportedCertificate(string Name, string Subject, string? Issuer, string? Thumbprint, OutputMapping Node, bool ForSmtp)
    {
        public bool Used { get; set; }
    }

    private void ReadCertificates()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var read = new List<(string Subject, string? Issuer, string? Thumbprint, DateOnly NotAfter, IReadOnlyList<string> Names, bool ForSmtp)>();
        foreach (var certificate in export.Objects(ExportKind.ExchangeCertificate))
        {
            var decoded = Decode(certificate);
            var thumbprint = Text(certificate.Property("Thumbprint"))?.ToUpperInvariant() ?? decoded?.Thumbprint;
            if (thumbprint is not null && !seen.Add(thumbprint))
            {
                continue;
            }

            var subject = decoded?.Subject ?? Text(certificate.Property("Subject"))
                ?? throw new ExportFormatException(certificate.File, certificate.Path, "a certificate with neither Subject nor RawData.");
            var issuer = decoded?.Issuer ?? Text(certificate.Property("Issuer"));
            var notAfter = decoded?.NotAfter ?? Date(certificate.Property("NotAfter") ?? throw new ExportFormatException(certificate.File, certificate.Path, "a certificate with neither NotAfter nor RawData."));
            IReadOnlyList<string> names = decoded?.Names
                ?? (certificate.Property("DnsNameList") ?? certificate.Property("CertificateDomains"))?.AsList().Select(ObjectText).ToList() ?? [];
            var services = certificate.Property("Services");
            var forSmtp = services is not null && (services.Number is { } bits ? (bits & 16) != 0 : (services.Text ?? "").Contains("SMTP", StringComparison.OrdinalIgnoreCase));
            read.Add((subject, issuer, thumbprint, notAfter, names, forSmtp));
        }

        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (subject, issuer, thumbprint, notAfter, names, forSmtp) in read.OrderBy(c => c.Subject, StringComparer.Ordinal).ThenBy(c => c.NotAfter))
        {
            var commonName = Model.DistinguishedName.CommonName(subject) ?? "certificate";
            var name = KeptCertificateName(subject, issuer, thumbprint, notAfter) ?? $"{commonName.Replace("*", "wildcard", StringComparison.Ordinal)}-{notAfter.Year}";
            if (!taken.Add(name))
            {
                name = $"{name}-{(thumbprint ?? taken.Count.ToString(CultureInfo.InvariantCulture))[..Math.Min(8, (thumbprint ?? "x").Length)]}";
                taken.Add(name);
            }

            var entries = new List<OutputEntry> { new("name", new OutputScalar(name)), new("subject", new OutputScalar(subject)) };
            if (issuer is not null)
            {
                entries.Add(new OutputEntry("issuer", new OutputScalar(issuer)));
            }

            entries.Add(new OutputEntry("subjectAlternativeNames", new OutputSequence([.. names.Select(n => new OutputScalar(n.ToLowerInvariant()))])));
            entries.Add(new OutputEntry("notAfter", OutputScalar.Of(notAfter)));
            if (thumbprint is not null)
            {
                entries.Add(new OutputEntry("thumbprint", new OutputScalar(thumbprint)));
            }

            certificates.Add(new ImportedCertificate(name, subject, issuer, thumbprint, new OutputMapping(entries), forSmtp));
        }
    }

    /// <summary>The name the current file gives the same certificate: by thumbprint, else by subject, issuer and expiry.</summary>
    private string? KeptCertificateName(string subject, string? issuer, string? thumbprint, DateOnly notAfter) =>
        options.Keep?.OnPremises?.Certificates.FirstOrDefault(c =>
            c.Thumbprint is { } t && thumbprint is not null ? t.Value.Equals(thumbprint, StringComparison.OrdinalIgnoreCase)
            : Model.DistinguishedName.SameName(c.Subject.Value, subject) && c.NotAfter.Value == notAfter
                && (c.Issuer is null || issuer is null || Model.DistinguishedName.SameName(c.Issuer.Value.Value, issuer)))?.Name.Value;

    private ImportedCertificate? FindCertificate(string identity)
    {
        if (Model.DistinguishedName.ParseCertificateIdentity(identity) is not var (issuer, subject))
        {
            return null;
        }

        var matches = certificates.Where(c => Model.DistinguishedName.SameName(c.Subject, subject) && (c.Issuer is null || Model.DistinguishedName.SameName(c.Issuer, issuer))).ToList();
        foreach (var match in matches)
        {
            match.Used = true;
        }

        // Several certificates with one issuer and subject (a renewal beside the old one): the connector names none of them alone.
        return matches.Count == 1 ? matches[0] : null;
    }

    private sealed record DecodedCertificate(string Subject, string Issuer, string Thumbprint, DateOnly NotAfter, IReadOnlyList<string> Names);

    /// <summary>RawData (the DER bytes), which Get-ExchangeCertificate through remoting often returns alone.</summary>
    private static DecodedCertificate? Decode(PowerShellValue certificate)
    {
        var raw = certificate.Property("RawData");
        if (raw is null || raw.IsNull)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = raw.Kind switch
            {
                PowerShellValueKind.Bytes => [.. raw.Bytes],
                PowerShellValueKind.Text => Convert.FromBase64String(raw.Text ?? ""),
                PowerShellValueKind.List => [.. raw.Items.Select(b => b.Number is >= 0 and <= 255 ? (byte)b.Number.Value : throw new FormatException())],
                _ => throw new FormatException(),
            };
        }
        catch (FormatException)
        {
            throw new ExportFormatException(raw.File, raw.Path, "RawData is neither base64 nor a list of bytes.");
        }

        try
        {
            using var x509 = X509CertificateLoader.LoadCertificate(bytes);
            var names = new List<string>();
            foreach (var extension in x509.Extensions)
            {
                if (extension is X509SubjectAlternativeNameExtension san)
                {
                    names.AddRange(san.EnumerateDnsNames());
                }
            }

            return new DecodedCertificate(x509.Subject, x509.Issuer, x509.Thumbprint.ToUpperInvariant(), DateOnly.FromDateTime(x509.NotAfter.ToUniversalTime()), names);
        }
        catch (CryptographicException ex)
        {
            throw new ExportFormatException(raw.File, raw.Path, $"RawData is not a certificate ({ex.Message.TrimEnd('.')}).");
        }
    }

    // ---- Exchange Online ----

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

    // ---- reading values ----

    /// <summary>Adds <paramref name="key"/> from the property; a property the object does not have is recorded as not held.</summary>
    private void Add(List<OutputEntry> entries, ImportedObject self, PowerShellValue value, string property, string key, Func<PowerShellValue, OutputNode?> convert, bool omitEmpty = false)
    {
        if (value.Property(property) is not { } held)
        {
            Unheld(self, key);
            return;
        }

        if (convert(held) is { } node && !(omitEmpty && node is OutputSequence { Items.Count: 0 }))
        {
            entries.Add(new OutputEntry(key, node));
        }
    }

    private void Unheld(ImportedObject self, string key)
    {
        if (!unheld.TryGetValue(self, out var keys))
        {
            unheld[self] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(key);
    }

    private static string Name(PowerShellValue value) =>
        Text(value.Property("Name")) is { Length: > 0 } name ? name : throw new ExportFormatException(value.File, value.Path, "an object without a Name.");

    private static string ServerName(PowerShellValue connector) =>
        connector.Property("Server") is { } server && ObjectName(server) is { Length: > 0 } name
            ? name
            : Text(connector.Property("Identity")) is { } identity && identity.Contains('\\', StringComparison.Ordinal) ? identity[..identity.IndexOf('\\', StringComparison.Ordinal)]
            : throw new ExportFormatException(connector.File, connector.Path, "a receive connector without Server.");

    /// <summary>An AD object reference (ADObjectId) by its name: "EX01", or the object with Name.</summary>
    private static string ObjectName(PowerShellValue value) =>
        value.Kind == PowerShellValueKind.Object ? Text(value.Property("Name")) ?? value.Text ?? "" : RejectFlattened(value, value.Text ?? "");

    private static string ObjectText(PowerShellValue value) =>
        value.Kind == PowerShellValueKind.Object ? Printed(value) : RejectFlattened(value, value.Text ?? "");

    /// <summary>
    /// The text of a single value. An Exchange type that ConvertTo-Json wrote as an object reads as
    /// Exchange prints it: SmtpX509Identifier as &lt;I&gt;issuer&lt;S&gt;subject, a domain as its
    /// name (*.contoso.com with subdomains), an address, an AD object by its name.
    /// </summary>
    private static string? Text(PowerShellValue? value) => value switch
    {
        null or { IsNull: true } => null,
        { Kind: PowerShellValueKind.Object } => Printed(value),
        { Kind: PowerShellValueKind.List, Items.Length: 0 } => null,
        { Kind: PowerShellValueKind.List, Items: [var only] } => Text(only),
        { Kind: PowerShellValueKind.List } => throw new ExportFormatException(value.File, value.Path, $"holds {value.Items.Length} values where Exchange has one."),
        _ => value.Text is { Length: > 0 } text ? RejectFlattened(value, text) : null,
    };

    private static string Printed(PowerShellValue value)
    {
        if (value.Text is { Length: > 0 } printed)
        {
            return RejectFlattened(value, printed);
        }

        if (Text(value.Property("CertificateSubject")) is { } subject)
        {
            return $"<I>{Text(value.Property("CertificateIssuer"))}<S>{subject}";
        }

        if (Text(value.Property("Domain")) is { } domain)
        {
            return Bool(value.Property("IncludeSubDomains")) == true && !domain.StartsWith('*') ? "*." + domain : domain;
        }

        return Text(value.Property("Address")) ?? Text(value.Property("HostnameString")) ?? Text(value.Property("Name"))
            ?? throw new ExportFormatException(value.File, value.Path, "an object whose value this import cannot tell; export with tools/Export-MailFlowState.ps1, which writes each value as Exchange prints it.");
    }

    private static OutputNode? TextNode(PowerShellValue value) => Text(value) is { } text ? new OutputScalar(text) : null;

    private static bool? Bool(PowerShellValue? value) => value switch
    {
        null or { IsNull: true } => null,
        { Kind: PowerShellValueKind.Boolean or PowerShellValueKind.Text, Text: var t } when bool.TryParse(t, out var b) => b,
        _ => throw new ExportFormatException(value.File, value.Path, $"'{value.Text}' is not true or false."),
    };

    private static OutputNode? BoolNode(PowerShellValue value) => Bool(value) is { } b ? OutputScalar.Of(b) : null;

    private static int? Int(PowerShellValue value) =>
        value.IsNull ? null
        : value.Number is { } n && n is >= int.MinValue and <= int.MaxValue ? (int)n
        : int.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new ExportFormatException(value.File, value.Path, $"'{value.Text}' is not a whole number.");

    /// <summary>
    /// The format's version from AdminDisplayVersion ("Version 15.2 (Build 1544.4)"): 14 is Exchange
    /// 2010, 15.0 is 2013, 15.1 is 2016, 15.2 is 2019, and 15.2 from build 2562 the Subscription Edition.
    /// </summary>
    internal static string? ExchangeVersionOf(string adminDisplayVersion)
    {
        var numbers = adminDisplayVersion.Split([' ', '(', ')', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .OfType<int>()
            .ToList();
        return numbers switch
        {
            [14, ..] => "exchange2010",
            [15, 0, ..] => "exchange2013",
            [15, 1, ..] => "exchange2016",
            [15, 2, var build, ..] when build >= 2562 => "exchangeSE",
            [15, 2, ..] => "exchange2019",
            _ => null,
        };
    }

    private static DateOnly Date(PowerShellValue value)
    {
        var text = value.Text ?? "";
        if (MicrosoftJsonDate().Match(text) is { Success: true } json)
        {
            var milliseconds = long.Parse(json.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            return milliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime)
                : throw new ExportFormatException(value.File, value.Path, $"'{text}' is not a date: it lies outside the years 1 to 9999.");
        }

        // The date as the server wrote it: a certificate's day does not move with the reader's time zone.
        return text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ExportFormatException(value.File, value.Path, $"'{text}' is not a date.");
    }

    private static string Single(ExchangeEnumeration enumeration, PowerShellValue value)
    {
        var names = enumeration.Decode(value);
        return names.Count == 1 && enumeration.Format(names[0]) is { } format
            ? format
            : throw new ExportFormatException(value.File, value.Path, $"'{value.Text}' is not one value of {enumeration.Name}.");
    }

    private static OutputSequence Flags(ExchangeEnumeration enumeration, PowerShellValue value, string? none = null)
    {
        var names = enumeration.Decode(value);
        return names.Count == 0 && none is not null
            ? new OutputSequence([new OutputScalar(none)])
            : new OutputSequence([.. names.Select(n => enumeration.Format(n)).OfType<string>().Select(f => new OutputScalar(f))]);
    }

    private static OutputSequence List(PowerShellValue value, Func<PowerShellValue, string> item)
    {
        if (value.Kind == PowerShellValueKind.Text && value.Text is { } text && text.Trim().Contains(' ', StringComparison.Ordinal))
        {
            // A list ConvertTo-Json ran out of depth for: PowerShell joined its items with spaces.
            throw Flattened(value, "a list");
        }

        return new OutputSequence([.. value.AsList().Select(item).Where(s => s.Length > 0).Select(s => new OutputScalar(s))]);
    }

    private static string Plain(PowerShellValue value) => ObjectText(value);

    /// <summary>An address space as Exchange prints it (SMTP:*;1), from the text or from the AddressSpace object.</summary>
    private static string AddressSpace(PowerShellValue value)
    {
        if (value.Kind != PowerShellValueKind.Object)
        {
            return RejectFlattened(value, value.Text ?? "");
        }

        var address = Text(value.Property("Address")) ?? Text(value.Property("Domain"));
        return address is null ? value.Text ?? throw Flattened(value, "an address space")
            : $"{Text(value.Property("Type")) ?? "SMTP"}:{address};{Int(value.Property("Cost") ?? value with { Kind = PowerShellValueKind.Number, Number = 1 }) ?? 1}";
    }

    /// <summary>A smart host: a name, or an address that Exchange prints in brackets.</summary>
    private static string SmartHost(PowerShellValue value)
    {
        if (value.Kind != PowerShellValueKind.Object)
        {
            return RejectFlattened(value, value.Text ?? "");
        }

        // Exchange's SmartHost holds both: Address is 0.0.0.0 for a host name, Domain is null for an address.
        var isAddress = Bool(value.Property("IsIPAddress"));
        var address = isAddress switch
        {
            true => Text(value.Property("Address")),
            false => Text(value.Property("Domain")),
            null => Text(value.Property("Address")) ?? Text(value.Property("Domain")),
        } ?? value.Text ?? throw Flattened(value, "a smart host");
        return isAddress == true && !address.StartsWith('[') ? $"[{address}]" : address;
    }

    /// <summary>An IP range: its Expression (10.0.0.0/24, 10.0.0.1-10.0.0.9, 10.0.0.5), or LowerBound-UpperBound.</summary>
    private static string IpRange(PowerShellValue value)
    {
        if (value.Kind != PowerShellValueKind.Object)
        {
            return RejectFlattened(value, value.Text ?? "");
        }

        if (Text(value.Property("Expression")) is { } expression)
        {
            return expression;
        }

        var lower = Text(value.Property("LowerBound"));
        var upper = Text(value.Property("UpperBound"));
        return lower is null ? value.Text ?? throw Flattened(value, "an IP range") : upper is null || upper == lower ? lower : $"{lower}-{upper}";
    }

    private static string RejectFlattened(PowerShellValue value, string text) =>
        TypeName().IsMatch(text) || (text.StartsWith("@{", StringComparison.Ordinal) && text.EndsWith('}')) ? throw Flattened(value, text) : text;

    private static ExportFormatException Flattened(PowerShellValue value, string what)
    {
        var stem = Path.GetFileNameWithoutExtension(value.File);
        var folder = Path.GetFileName(Path.GetDirectoryName(value.File)) ?? "";
        var cmdlet = ExchangeExport.Layout.FirstOrDefault(l => l.Name.Equals(stem, StringComparison.OrdinalIgnoreCase) && l.Folder.Equals(folder, StringComparison.OrdinalIgnoreCase)).Cmdlet ?? "Get-...";
        return new ExportFormatException(value.File, value.Path,
            $"holds '{Shorten(what)}', which is what ConvertTo-Json writes for a value nested deeper than its -Depth (2 unless given): the file cannot be imported. "
            + $"Export again with a depth of 5: {cmdlet} | ConvertTo-Json -Depth 5 | Set-Content -Encoding utf8 {Path.GetFileName(value.File)} (tools/Export-MailFlowState.ps1 does).");
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..77] + "..." : text;

    [GeneratedRegex(@"^(Deserialized\.)?(System|Microsoft)\.[A-Za-z0-9_.`+]+(\[.*\])?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^/Date\((-?[0-9]{1,15})\)/$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex MicrosoftJsonDate();
}
