using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConnectorLint.Reporting;

/// <summary>
/// Writes one indented JSON document, then a line break, to a text writer. Every JSON output is written
/// by hand through <see cref="Utf8JsonWriter"/>: no reflection, so the tool compiles natively.
/// </summary>
public static class IndentedJson
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        output.WriteLine(EscapeBidiControls(Encoding.UTF8.GetString(stream.ToArray())));
    }

    /// <summary>
    /// The relaxed encoder keeps non-ASCII text readable but passes right-to-left overrides through, which
    /// make a value display as another wherever the JSON is shown. Outside strings JSON is ASCII, so each
    /// such character is replaced by its \u escape, which leaves the document's meaning as it was.
    /// </summary>
    private static string EscapeBidiControls(string json)
    {
        if (!json.Any(Diagnostics.PrintableText.IsBidiControl))
        {
            return json;
        }

        var builder = new StringBuilder(json.Length + 16);
        foreach (var c in json)
        {
            _ = Diagnostics.PrintableText.IsBidiControl(c) ? builder.Append($"\\u{(int)c:X4}") : builder.Append(c);
        }

        return builder.ToString();
    }
}
