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

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
