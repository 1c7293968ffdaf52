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

/// <summary>Writes an <see cref="OutputNode"/> tree as block YAML, two spaces per level, as the examples are written.</summary>
public static partial class OutputWriter
{
    public static string Write(OutputMapping root, IEnumerable<string> headerComments)
    {
        var text = new StringBuilder();
        foreach (var line in headerComments)
        {
            text.Append("# ").Append(OneLine(line)).Append('\n');
        }

        WriteMapping(text, root, 0, topLevel: true);
        return text.ToString();
    }

    private static void WriteMapping(StringBuilder text, OutputMapping mapping, int indent, bool topLevel = false, bool firstInItem = false)
    {
        var first = true;
        foreach (var entry in mapping.Entries)
        {
            var pad = firstInItem && first ? "" : new string(' ', indent);
            if (topLevel && !first && entry.Value is null or OutputMapping or OutputSequence { Items: [OutputMapping, ..] })
            {
                text.Append('\n');
            }

            if (entry.Value is null)
            {
                text.Append(pad).Append("# ").Append(OneLine(entry.Comment ?? entry.Key)).Append('\n');
                first = false;
                continue;
            }

            if (entry.Comment is { } comment && entry.Value is not OutputScalar)
            {
                text.Append(pad).Append("# ").Append(OneLine(comment)).Append('\n');
                pad = new string(' ', indent);
            }

            text.Append(pad).Append(entry.Key).Append(':');
            switch (entry.Value)
            {
                case OutputScalar scalar:
                    text.Append(' ').Append(Scalar(scalar));
                    break;
                case OutputSequence { Items.Count: 0 }:
                    text.Append(" []");
                    break;
                case OutputSequence sequence when sequence.Items.All(i => i is OutputScalar):
                    text.Append(" [").AppendJoin(", ", sequence.Items.Cast<OutputScalar>().Select(s => Scalar(s))).Append(']');
                    break;
                case OutputSequence sequence:
                    text.Append('\n');
                    foreach (var item in sequence.Items)
                    {
                        text.Append(new string(' ', indent + 2)).Append("- ");
                        if (item is OutputMapping itemMapping)
                        {
                            WriteMapping(text, itemMapping, indent + 4, firstInItem: true);
                        }
                        else
                        {
                            text.Append(Scalar((OutputScalar)item)).Append('\n');
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

            if (entry.Comment is { } after)
            {
                text.Append("   # ").Append(OneLine(after));
            }

            text.Append('\n');
            first = false;
        }
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

    /// <summary>A comment is one line: the line breaks a value could bring are shown, not obeyed.</summary>
    /// <summary>A comment holds export text: one line, with every control and bidirectional character shown as an escape.</summary>
    private static string OneLine(string text) => Diagnostics.PrintableText.Escape(text);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9 ._/@=()-]*[A-Za-z0-9._/@=()-])?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SafePlain();
}
