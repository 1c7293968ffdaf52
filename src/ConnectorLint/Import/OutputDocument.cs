using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectorLint.Import;

/// <summary>A YAML document to write: mappings keep the order keys are added in; any entry may carry a comment.</summary>
public abstract record OutputNode;

public enum ScalarStyle { Text, Literal }

/// <summary>A scalar; <see cref="ScalarStyle.Literal"/> is written as is (true, 25, 2027-06-30), text is quoted whenever YAML would read it as anything but that text.</summary>
public sealed record OutputScalar(string Value, ScalarStyle Style = ScalarStyle.Text) : OutputNode
{
    public static OutputScalar Of(bool value) => new(value ? "true" : "false", ScalarStyle.Literal);

    public static OutputScalar Of(int value) => new(value.ToString(CultureInfo.InvariantCulture), ScalarStyle.Literal);

    public static OutputScalar Of(DateOnly value) => new(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ScalarStyle.Literal);
}

/// <summary>A sequence: scalars are written in flow style ([a, b]), mappings one per item.</summary>
public sealed record OutputSequence(IReadOnlyList<OutputNode> Items) : OutputNode;

/// <param name="Value">Null for a commented-out entry: only the comment is written, where the key would be.</param>
/// <param name="Comment">For a scalar, written after the value; otherwise on the line before the key.</param>
public sealed record OutputEntry(string Key, OutputNode? Value, string? Comment = null);

public sealed record OutputMapping(IReadOnlyList<OutputEntry> Entries) : OutputNode
{
    public OutputNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;
}

/// <summary>
/// Writes an <see cref="OutputNode"/> tree as block YAML, two spaces per level, as the examples are
/// written, within yamllint's default line length: admins who keep YAML in git often run it.
/// </summary>
public static partial class OutputWriter
{
    /// <summary>yamllint's default <c>line-length</c> maximum.</summary>
    public const int LineLength = 80;

    private const string ModelinePrefix = "yaml-language-server:";

    public static string Write(OutputMapping root, IEnumerable<string> headerComments)
    {
        var text = new StringBuilder();
        foreach (var line in headerComments)
        {
            if (line.StartsWith(ModelinePrefix, StringComparison.Ordinal))
            {
                // The modeline must stay one line for the editor; yamllint is told so on the line above.
                text.Append("# yamllint disable-line rule:line-length\n# ").Append(OneLine(line)).Append('\n');
                continue;
            }

            AppendComment(text, "", line);
        }

        text.Append("---\n");
        WriteMapping(text, root, 0, topLevel: true);
        return text.ToString();
    }

    /// <summary>A comment wrapped at spaces to the line length; a word longer than a line stays whole.</summary>
    private static void AppendComment(StringBuilder text, string pad, string comment)
    {
        var whole = OneLine(comment);
        if (pad.Length + 2 + whole.Length <= LineLength)
        {
            text.Append(pad).Append("# ").Append(whole).Append('\n');
            return;
        }

        var line = new StringBuilder(pad).Append('#');
        var empty = true;
        foreach (var word in whole.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > LineLength)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(pad).Append('#');
                empty = true;
            }

            line.Append(' ').Append(word);
            empty = false;
        }

        text.Append(line).Append('\n');
    }

    private static void WriteMapping(StringBuilder text, OutputMapping mapping, int indent, bool topLevel = false, bool firstInItem = false)
    {
        var first = true;
        var margin = new string(' ', indent);
        foreach (var entry in mapping.Entries)
        {
            // The first key of a sequence item follows its "- " on the same line.
            var pad = firstInItem && first ? "" : margin;
            if (topLevel && !first && entry.Value is null or OutputMapping or OutputSequence { Items: [OutputMapping, ..] })
            {
                text.Append('\n');
            }

            if (entry.Value is null)
            {
                AppendCommentAt(text, ref pad, margin, entry.Comment ?? entry.Key);
                first = false;
                continue;
            }

            var afterComment = entry.Comment;
            if (afterComment is not null && entry.Value is OutputScalar inline
                && indent + entry.Key.Length + 2 + Scalar(inline).Length + 5 + OneLine(afterComment).Length > LineLength)
            {
                // Too long to follow the value: the comment goes on the lines before the key.
                AppendCommentAt(text, ref pad, margin, afterComment);
                afterComment = null;
            }
            else if (afterComment is not null && entry.Value is not OutputScalar)
            {
                AppendCommentAt(text, ref pad, margin, afterComment);
                afterComment = null;
            }

            text.Append(pad).Append(entry.Key).Append(':');
            switch (entry.Value)
            {
                case OutputScalar scalar:
                    AppendScalar(text, indent + entry.Key.Length + 2, margin + "  ", scalar);
                    break;
                case OutputSequence { Items.Count: 0 }:
                    text.Append(" []");
                    break;
                case OutputSequence sequence when sequence.Items.All(i => i is OutputScalar)
                    && indent + entry.Key.Length + 4 + sequence.Items.Sum(i => Scalar((OutputScalar)i).Length + 2) <= LineLength:
                    text.Append(" [").AppendJoin(", ", sequence.Items.Cast<OutputScalar>().Select(s => Scalar(s))).Append(']');
                    break;
                case OutputSequence sequence:
                    text.Append('\n');
                    foreach (var item in sequence.Items)
                    {
                        text.Append(margin).Append("  - ");
                        if (item is OutputMapping itemMapping)
                        {
                            WriteMapping(text, itemMapping, indent + 4, firstInItem: true);
                        }
                        else
                        {
                            AppendScalar(text, indent + 4, margin + "    ", (OutputScalar)item, leadingSpace: false);
                            text.Append('\n');
                        }
                    }

                    first = false;
                    continue;
                case OutputMapping nested:
                    text.Append('\n');
                    WriteMapping(text, nested, indent + 2);
                    first = false;
                    continue;
            }

            if (afterComment is not null)
            {
                text.Append("   # ").Append(OneLine(afterComment));
            }

            text.Append('\n');
            first = false;
        }
    }

    /// <summary>A comment where a key would be; after it, the key needs its full indent even as an item's first.</summary>
    private static void AppendCommentAt(StringBuilder text, ref string pad, string margin, string comment)
    {
        var lines = new StringBuilder();
        AppendComment(lines, margin, comment);
        text.Append(lines.ToString(margin.Length, lines.Length - margin.Length).Insert(0, pad));
        pad = margin;
    }

    /// <summary>
    /// A scalar after its key (or its "- "); one too long for the line is written double-quoted and
    /// folded at single spaces, which YAML reads back as those spaces.
    /// </summary>
    private static void AppendScalar(StringBuilder text, int column, string continuation, OutputScalar scalar, bool leadingSpace = true)
    {
        var written = Scalar(scalar);
        if (leadingSpace)
        {
            text.Append(' ');
        }

        if (column + written.Length <= LineLength || scalar.Style == ScalarStyle.Literal)
        {
            text.Append(written);
            return;
        }

        var quoted = Quote(scalar.Value);
        var start = 0;
        var width = LineLength - column;
        while (quoted.Length - start > width)
        {
            var cut = FoldPoint(quoted, start, start + width);
            if (cut < 0)
            {
                break;
            }

            text.Append(quoted, start, cut - start).Append('\n').Append(continuation);
            start = cut + 1;
            width = LineLength - continuation.Length;
        }

        text.Append(quoted, start, quoted.Length - start);
    }

    /// <summary>The last single space at or before <paramref name="end"/> with text on both sides, or -1.</summary>
    private static int FoldPoint(string quoted, int start, int end)
    {
        for (var i = Math.Min(end, quoted.Length - 2); i > start; i--)
        {
            if (quoted[i] == ' ' && quoted[i - 1] != ' ' && quoted[i + 1] != ' ')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Plain when YAML reads the plain text back as the same string (letters, digits and . _ / @ = ( ) -,
    /// inner spaces; nothing that starts a comment, a mapping or a flow collection), double-quoted otherwise.
    /// </summary>
    public static string Scalar(OutputScalar scalar)
    {
        var value = scalar.Value;
        if (scalar.Style == ScalarStyle.Literal || (SafePlain().IsMatch(value) && !LooksTyped(value)))
        {
            return value;
        }

        return Quote(value);
    }

    // Not YamlDotNet's emitter: YAML counts the bidirectional controls (U+202A-U+202E, U+2066-U+2069)
    // printable, so it writes them as they are, and an exported value could reorder what a reviewer
    // reads in the pull request. Here every one of them is an escape. What is written is read back by
    // YamlDotNet as the same string (OutputWriterTests, random values).
    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' or '\uFEFF' || Diagnostics.PrintableText.IsBidiControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>What YAML would read as a boolean, null or number rather than text.</summary>
    private static bool LooksTyped(string value) =>
        value.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~"
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith('.');

    /// <summary>A comment holds export text: one line, with every control and bidirectional character shown as an escape.</summary>
    private static string OneLine(string text) => Diagnostics.PrintableText.Escape(text);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9 ._/@=()-]*[A-Za-z0-9._/@=()-])?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SafePlain();
}
