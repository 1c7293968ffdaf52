using System.Collections.Immutable;
using ConnectorLint.IO;

namespace ConnectorLint.Import;

/// <summary>Which cmdlet's output a file holds; the export script names each file after it.</summary>
public enum ExportKind
{
    InboundConnector,
    OutboundConnector,
    OnlineAcceptedDomain,
    OrganizationConfig,
    TransportConfig,
    SendConnector,
    ReceiveConnector,
    ServerAcceptedDomain,
    ExchangeCertificate,
    ExchangeServer,
    HybridConfiguration,
    AnonymousRelayPermission,
}

/// <summary>
/// A folder of exports as tools/Export-MailFlowState.ps1 writes it: ExchangeOnline/ and
/// ExchangeServer/, one file per cmdlet, each JSON (ConvertTo-Json) or CliXml (Export-Clixml). An
/// organization of several Exchange forests has one ExchangeServer/&lt;forest&gt;/ folder per forest.
/// </summary>
public sealed record ExchangeExport(string Folder, ImmutableArray<ExportFile> Files)
{
    public const string OnlineFolder = "ExchangeOnline";
    public const string ServerFolder = "ExchangeServer";

    /// <summary>The file of each kind: folder, file name without extension, and the cmdlet that writes it.</summary>
    public static readonly ImmutableArray<(ExportKind Kind, string Folder, string Name, string Cmdlet)> Layout =
    [
        (ExportKind.InboundConnector, OnlineFolder, "InboundConnector", "Get-InboundConnector"),
        (ExportKind.OutboundConnector, OnlineFolder, "OutboundConnector", "Get-OutboundConnector"),
        (ExportKind.OnlineAcceptedDomain, OnlineFolder, "AcceptedDomain", "Get-AcceptedDomain"),
        (ExportKind.OrganizationConfig, OnlineFolder, "OrganizationConfig", "Get-OrganizationConfig"),
        (ExportKind.TransportConfig, OnlineFolder, "TransportConfig", "Get-TransportConfig"),
        (ExportKind.SendConnector, ServerFolder, "SendConnector", "Get-SendConnector"),
        (ExportKind.ReceiveConnector, ServerFolder, "ReceiveConnector", "Get-ReceiveConnector"),
        (ExportKind.ServerAcceptedDomain, ServerFolder, "AcceptedDomain", "Get-AcceptedDomain"),
        (ExportKind.ExchangeCertificate, ServerFolder, "ExchangeCertificate", "Get-ExchangeCertificate"),
        (ExportKind.ExchangeServer, ServerFolder, "ExchangeServer", "Get-ExchangeServer"),
        (ExportKind.HybridConfiguration, ServerFolder, "HybridConfiguration", "Get-HybridConfiguration"),
        (ExportKind.AnonymousRelayPermission, ServerFolder, "AnonymousRelayPermission", "Get-ADPermission"),
    ];

    /// <summary>The objects of a kind, of every forest.</summary>
    public IReadOnlyList<PowerShellValue> Objects(ExportKind kind) => [.. Files.Where(f => f.Kind == kind).SelectMany(f => f.Objects)];

    /// <summary>The first object of a kind that has one per organization (Get-OrganizationConfig, Get-TransportConfig), if exported.</summary>
    public PowerShellValue? First(ExportKind kind) => Files.Where(f => f.Kind == kind).SelectMany(f => f.Objects).FirstOrDefault();

    public bool Has(ExportKind kind) => Files.Any(f => f.Kind == kind);

    /// <summary>The forests of an export of several; empty for one forest exported in ExchangeServer/ itself.</summary>
    public IReadOnlyList<string> Forests => [.. Files.Select(f => f.Forest).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The forest an exported object comes from; null when the export is of one forest.</summary>
    public string? ForestOf(PowerShellValue value) => Files.FirstOrDefault(f => f.Path == value.File)?.Forest;

    /// <summary>Where a cmdlet's output for the forest is, relative to the export: ExchangeServer/fabrikam.</summary>
    public static string FolderOf(ExportKind kind, string? forest)
    {
        var side = Layout.First(l => l.Kind == kind).Folder;
        return forest is null || side == OnlineFolder ? side : $"{side}/{forest}";
    }

    public static string CmdletOf(ExportKind kind) => Layout.First(l => l.Kind == kind).Cmdlet;

    /// <exception cref="ExportFormatException">A file that is not an export, or that cannot be read.</exception>
    public static ExchangeExport Read(string folder, long maxFileBytes = BoundedFile.DefaultLimit)
    {
        if (!Directory.Exists(folder))
        {
            throw new ExportFormatException(folder, "", "no such folder; give the folder tools/Export-MailFlowState.ps1 wrote.");
        }

        var files = new List<ExportFile>();
        foreach (var entry in Visible(folder))
        {
            var name = Path.GetFileName(entry);
            if (!Directory.Exists(entry) || !(name.Equals(OnlineFolder, StringComparison.OrdinalIgnoreCase) || name.Equals(ServerFolder, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ExportFormatException(entry, "", $"not part of an export: the folder holds {OnlineFolder}/ and {ServerFolder}/ only.");
            }

            var side = name.Equals(OnlineFolder, StringComparison.OrdinalIgnoreCase) ? OnlineFolder : ServerFolder;
            var forests = Visible(entry).Where(Directory.Exists).ToList();
            if (side == ServerFolder && forests.Count > 0)
            {
                // Several forests: ExchangeServer/<forest>/, each a whole Exchange Server export.
                if (Visible(entry).FirstOrDefault(e => !Directory.Exists(e)) is { } stray)
                {
                    throw new ExportFormatException(stray, "", $"{ServerFolder}/ holds the forests {string.Join(", ", forests.Select(Path.GetFileName))}; each forest's files go in its own folder (Export-MailFlowState.ps1 -Forest), none beside them.");
                }

                foreach (var forest in forests)
                {
                    files.AddRange(ReadSide(forest, side, Path.GetFileName(forest), maxFileBytes));
                }
            }
            else
            {
                files.AddRange(ReadSide(entry, side, null, maxFileBytes));
            }
        }

        if (files.Count == 0)
        {
            throw new ExportFormatException(folder, "", $"the folder holds no export; run tools/Export-MailFlowState.ps1 to write {OnlineFolder}/ and {ServerFolder}/.");
        }

        return new ExchangeExport(folder, [.. files]);
    }

    /// <summary>What a folder holds, in a stable order; .git, .gitkeep, .DS_Store and the script's staging folders are never an export.</summary>
    private static IEnumerable<string> Visible(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Where(e => !Path.GetFileName(e).StartsWith('.')).Order(StringComparer.Ordinal);

    private static IEnumerable<ExportFile> ReadSide(string folder, string side, string? forest, long maxFileBytes)
    {
        var seen = new Dictionary<ExportKind, string>();
        foreach (var path in Visible(folder))
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            var extension = Path.GetExtension(path).ToLowerInvariant();
            var match = Layout.Where(l => l.Folder == side && l.Name.Equals(stem, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0 || extension is not (".json" or ".xml") || Directory.Exists(path))
            {
                var expected = string.Join(", ", Layout.Where(l => l.Folder == side).Select(l => l.Name + ".json"));
                throw new ExportFormatException(path, "", $"not an export this import knows; {side}/ holds {expected} (or .xml from Export-Clixml).");
            }

            var kind = match[0].Kind;
            if (seen.TryGetValue(kind, out var earlier))
            {
                throw new ExportFormatException(path, "", $"{earlier} holds the same cmdlet's output; keep one of them.");
            }

            seen[kind] = path;
            yield return ExportFile.Read(path, kind, maxFileBytes) with { Forest = forest };
        }
    }
}

/// <summary>One exported file and the objects in it; <paramref name="Forest"/> names its forest in an export of several.</summary>
public sealed record ExportFile(string Path, ExportKind Kind, bool IsCliXml, IReadOnlyList<PowerShellValue> Objects, string? Forest = null)
{
    public static ExportFile Read(string path, ExportKind kind, long maxFileBytes = BoundedFile.DefaultLimit)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(path, maxFileBytes);
        }
        catch (InputTooLargeException)
        {
            throw new ExportFormatException(path, "", $"larger than the {BoundedFile.Describe(maxFileBytes)} limit.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExportFormatException(path, "", $"cannot be read: {ex.Message}");
        }

        var isCliXml = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
        return new ExportFile(path, kind, isCliXml, isCliXml ? CliXml.Parse(path, bytes) : PowerShellJson.Parse(path, bytes));
    }
}
