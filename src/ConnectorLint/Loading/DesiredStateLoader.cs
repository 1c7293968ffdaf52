using System.Collections.Immutable;
using System.Text;
using ConnectorLint.IO;
using ConnectorLint.Model;

namespace ConnectorLint.Loading;

/// <summary>One file after loading: its text (for source excerpts), its tree, its model if it is valid.</summary>
public sealed record LoadedDocument(
    string File,
    string Text,
    YamlNode? Root,
    ImmutableArray<YamlComment> Comments,
    DesiredState? State,
    IReadOnlyList<LoadProblem> Problems)
{
    private IReadOnlyList<string>? lines;

    /// <summary>The lines of the text, each made into a string when it is read.</summary>
    public IReadOnlyList<string> Lines => lines ??= TextLines.Index(Text);
}

public sealed record LoadOptions(long MaxFileBytes = LoadOptions.DefaultMaxFileBytes)
{
    public const long DefaultMaxFileBytes = BoundedFile.DefaultLimit;
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
            return TooLarge(path, $"the file is {length / (1024.0 * 1024.0):0.0} MiB, over the {BoundedFile.Describe(options.MaxFileBytes)} limit");
        }

        byte[] bytes;
        try
        {
            // Counted while reading: a device or a pipe reports no length it would keep to.
            bytes = BoundedFile.ReadAllBytes(path, options.MaxFileBytes);
        }
        catch (InputTooLargeException)
        {
            return TooLarge(path, $"the file is over the {BoundedFile.Describe(options.MaxFileBytes)} limit");
        }

        return Load(path, bytes);
    }

    /// <summary>A file that is not read as a desired state: its text for excerpts, and the one problem that says why.</summary>
    public static LoadedDocument NotDesiredState(string path, LoadProblem problem, LoadOptions? options = null)
    {
        string text;
        try
        {
            text = BoundedFile.ReadAllText(path, (options ?? new LoadOptions()).MaxFileBytes);
        }
        catch (InputTooLargeException)
        {
            text = "";
        }

        return new LoadedDocument(path, text, null, [], null, [problem]);
    }

    private static LoadedDocument TooLarge(string path, string what)
    {
        var finding = LoadProblem.Parse(SourceSpan.At(path, 1, 1),
            what + "; raise it with --max-file-size if this is really one organization.");
        return new LoadedDocument(path, "", null, [], null, [finding]);
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
            var finding = LoadProblem.Parse(new SourceSpan(file, line, column, line, column + 1),
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
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }

        // Only a broken file pays for finding where: decoded a piece at a time, never the whole text at once.
        Span<char> buffer = stackalloc char[4096];
        var offset = 0;
        while (true)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[offset..], buffer, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall)
            {
                return offset;
            }
        }
    }

    /// <summary>Line and column after the (valid) bytes before a position, lines counted as the YAML reader counts them.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> before)
    {
        var lines = TextLines.Split(Encoding.UTF8.GetString(before));
        return (lines.Length, lines[^1].Length + 1);
    }
}
