using System.Collections.Immutable;
using System.Text;
using ConnectorLint.Model;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;

namespace ConnectorLint.Loading;

/// <summary>One file after loading: its text (for source excerpts), its tree, its model if it is valid.</summary>
public sealed record LoadedDocument(
    string File,
    string Text,
    YamlNode? Root,
    ImmutableArray<YamlComment> Comments,
    DesiredState? State,
    IReadOnlyList<Finding> Findings)
{
    private string[]? lines;

    public string[] Lines => lines ??= Text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}

public sealed record LoadOptions(long MaxFileBytes = LoadOptions.DefaultMaxFileBytes)
{
    /// <summary>64 MiB: room for a 100,000-domain organization, a bound for anything hostile.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;
}

/// <summary>files -> YAML tree with positions -> schema -> model, with CL001/CL002 findings on the way.</summary>
public static class DesiredStateLoader
{
    public static LoadedDocument LoadFile(string path, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var length = new FileInfo(path).Length;
        if (length > options.MaxFileBytes)
        {
            var finding = Finding.Create(FileRules.Parse, SourceSpan.At(path, 1, 1),
                $"the file is {length / (1024.0 * 1024.0):0.0} MiB, over the {options.MaxFileBytes / (1024.0 * 1024.0):0.#} MiB limit; raise it with --max-file-size if this is really one organization.");
            return new LoadedDocument(path, "", null, [], null, [finding]);
        }

        return Load(path, File.ReadAllBytes(path));
    }

    public static LoadedDocument Load(string file, ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[3..];
        }

        var invalid = FindInvalidUtf8(bytes);
        if (invalid >= 0)
        {
            var (line, column) = Position(bytes[..invalid]);
            var finding = Finding.Create(FileRules.Parse, new SourceSpan(file, line, column, line, column + 1),
                $"the file is not valid UTF-8 (byte 0x{bytes[invalid]:X2} at offset {invalid}); save it as UTF-8.");
            var readable = Encoding.UTF8.GetString(bytes);
            return new LoadedDocument(file, readable, null, [], null, [finding]);
        }

        return Load(file, Encoding.UTF8.GetString(bytes));
    }

    public static LoadedDocument Load(string file, string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var read = YamlTreeReader.Read(file, text);
        if (read.Error is not null)
        {
            return new LoadedDocument(file, text, null, read.Comments, null, [read.Error]);
        }

        var schemaFindings = DesiredStateSchema.Instance.Validate(read.Root, file);
        if (schemaFindings.Count > 0 || read.Root is not YamlMapping mapping)
        {
            return new LoadedDocument(file, text, read.Root, read.Comments, null, schemaFindings);
        }

        var (state, modelFindings) = ModelBuilder.Build(file, mapping);
        return new LoadedDocument(file, text, read.Root, read.Comments, state, modelFindings);
    }

    /// <summary>Offset of the first byte that is not well-formed UTF-8, or -1.</summary>
    private static int FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length + 1], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> before)
    {
        var line = 1;
        var lastBreak = -1;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == (byte)'\n')
            {
                line++;
                lastBreak = i;
            }
        }

        var lineBytes = before[(lastBreak + 1)..];
        var column = Encoding.UTF8.GetCharCount(lineBytes) + 1;
        return (line, column);
    }

    /// <summary>Does this text look like a desired-state file (for folder discovery)?</summary>
    public static bool IsDesiredState(string path)
    {
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            for (var i = 0; i < 200 && reader.ReadLine() is { } line; i++)
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("apiVersion:", StringComparison.Ordinal))
                {
                    var value = trimmed["apiVersion:".Length..].Split('#')[0].Trim().Trim('"', '\'');
                    return value == "connectorlint/v1";
                }
            }
        }
        catch (IOException)
        {
            return false;
        }

        return false;
    }
}
