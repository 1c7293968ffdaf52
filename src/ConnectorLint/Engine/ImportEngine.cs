using ConnectorLint.Dns;
using ConnectorLint.Import;
using ConnectorLint.Loading;
using ConnectorLint.Model;

namespace ConnectorLint;

/// <summary>An import: the export folder, where DNS answers come from, and the file the result is meant for (for the schema reference).</summary>
public sealed record ImportRequest(string ExportFolder)
{
    public IDnsResolver? Dns { get; init; }

    /// <summary>Where the written file will live; the yaml-language-server comment points at the schema from there when the schema is in the same repository.</summary>
    public string? OutputFile { get; init; }

    /// <summary>The current desired-state file, whose values no export holds are kept (<see cref="ImportOptions.Keep"/>).</summary>
    public string? KeepFile { get; init; }
}

/// <summary>The imported file's text, and the model it loads as (the engine checks that before anything is written).</summary>
public sealed record ImportReport(string Yaml, DesiredState State, ImportResult Result, int PlacesToFill);

public static class ImportEngine
{
    /// <exception cref="InputException">An export that cannot be imported (exit 2).</exception>
    public static async Task<ImportReport> RunAsync(ImportRequest request, CancellationToken cancellationToken = default)
    {
        var export = ReadExport(request.ExportFolder);
        var keep = request.KeepFile is { } keepFile ? LoadKept(keepFile) : null;
        ImportResult result;
        try
        {
            result = await ExchangeImporter.ImportAsync(export, new ImportOptions { Dns = request.Dns, SchemaReference = SchemaReference(request.OutputFile), Keep = keep }, cancellationToken).ConfigureAwait(false);
        }
        catch (ExportFormatException ex)
        {
            throw new InputException(ex.Message, SourceSpan.At(ex.File, 1, 1), ex.Reason);
        }

        var yaml = result.ToYaml();
        var name = request.OutputFile ?? "<import>";
        var loaded = DesiredStateLoader.Load(name, yaml);
        if (loaded.State is not { } state)
        {
            // The exports hold a value the format cannot take (an address Exchange accepts but the schema does not, say).
            const int shown = 5;
            var problems = string.Join("; ", loaded.Problems.Take(shown).Select(p => $"line {p.Span.Line}: {p.Message}"))
                + (loaded.Problems.Count > shown ? $"; and {loaded.Problems.Count - shown} more" : "");
            throw new InputException($"the import of '{request.ExportFolder}' does not make a valid desired-state file: {problems}");
        }

        return new ImportReport(yaml, state, result, result.PlacesToFill);
    }

    private static DesiredState LoadKept(string file)
    {
        var loaded = Workspace.Load(file);
        return loaded.State ?? throw new InputException(
            $"'{file}' is not a valid desired-state file, so nothing can be kept from it: {string.Join("; ", loaded.Problems.Take(3).Select(p => $"line {p.Span.Line}: {p.Message}"))}",
            loaded.Problems.Count > 0 ? loaded.Problems[0].Span : SourceSpan.At(file, 1, 1));
    }

    /// <exception cref="InputException">The folder is not an export.</exception>
    public static ExchangeExport ReadExport(string folder)
    {
        try
        {
            return ExchangeExport.Read(folder);
        }
        catch (ExportFormatException ex)
        {
            throw new InputException(ex.Message, SourceSpan.At(ex.File, 1, 1), ex.Reason);
        }
    }

    /// <summary>The schema in this repository relative to the output file when there is one above it; the published schema otherwise.</summary>
    private static string SchemaReference(string? outputFile)
    {
        if (outputFile is null)
        {
            return new ImportOptions().SchemaReference;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(outputFile));
        for (var dir = folder; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var schema = Path.Combine(dir, "schemas", "connectorlint.schema.json");
            if (File.Exists(schema))
            {
                return Path.GetRelativePath(folder!, schema).Replace('\\', '/');
            }
        }

        return new ImportOptions().SchemaReference;
    }
}
