using System.Collections.Immutable;
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
}
