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
/// ExchangeServer/, one file per cmdlet, each JSON (ConvertTo-Json) or CliXml (Export-Clixml).
/// </summary>
public sealed record ExchangeExport(string Folder, ImmutableDictionary<ExportKind, ExportFile> Files)
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

    public IReadOnlyList<PowerShellValue> Objects(ExportKind kind) => Files.TryGetValue(kind, out var file) ? file.Objects : [];

    public bool Has(ExportKind kind) => Files.ContainsKey(kind);

    public static string CmdletOf(ExportKind kind) => Layout.First(l => l.Kind == kind).Cmdlet;

    /// <exception cref="ExportFormatException">A file that is not an export, or that cannot be read.</exception>
    public static ExchangeExport Read(string folder, long maxFileBytes = BoundedFile.DefaultLimit)
    {
        if (!Directory.Exists(folder))
        {
            throw new ExportFormatException(folder, "", "no such folder; give the folder tools/Export-MailFlowState.ps1 wrote.");
        }

        var files = ImmutableDictionary.CreateBuilder<ExportKind, ExportFile>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.'))
            {
                // .git, .gitkeep, .DS_Store: what tools leave in a folder, never an export.
                continue;
            }

            if (!Directory.Exists(entry) || !(name.Equals(OnlineFolder, StringComparison.OrdinalIgnoreCase) || name.Equals(ServerFolder, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ExportFormatException(entry, "", $"not part of an export: the folder holds {OnlineFolder}/ and {ServerFolder}/ only.");
            }

            var side = name.Equals(OnlineFolder, StringComparison.OrdinalIgnoreCase) ? OnlineFolder : ServerFolder;
            foreach (var path in Directory.EnumerateFileSystemEntries(entry).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(path).StartsWith('.'))
                {
                    continue;
                }

                var stem = Path.GetFileNameWithoutExtension(path);
                var extension = Path.GetExtension(path).ToLowerInvariant();
                var match = Layout.Where(l => l.Folder == side && l.Name.Equals(stem, StringComparison.OrdinalIgnoreCase)).ToList();
                if (match.Count == 0 || extension is not (".json" or ".xml") || Directory.Exists(path))
                {
                    var expected = string.Join(", ", Layout.Where(l => l.Folder == side).Select(l => l.Name + ".json"));
                    throw new ExportFormatException(path, "", $"not an export this import knows; {side}/ holds {expected} (or .xml from Export-Clixml).");
                }

                var kind = match[0].Kind;
                if (files.TryGetValue(kind, out var earlier))
                {
                    throw new ExportFormatException(path, "", $"{earlier.Path} holds the same cmdlet's output; keep one of them.");
                }

                files[kind] = ExportFile.Read(path, kind, maxFileBytes);
            }
        }

        if (files.Count == 0)
        {
            throw new ExportFormatException(folder, "", $"the folder holds no export; run tools/Export-MailFlowState.ps1 to write {OnlineFolder}/ and {ServerFolder}/.");
        }

        return new ExchangeExport(folder, files.ToImmutable());
    }
}

/// <summary>One exported file and the objects in it.</summary>
public sealed record ExportFile(string Path, ExportKind Kind, bool IsCliXml, IReadOnlyList<PowerShellValue> Objects)
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
