using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConnectorLint.Cli;

/// <summary>Writes one indented JSON document to a text writer; hand-written so it needs no reflection (Native AOT).</summary>
internal static class IndentedJson
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
