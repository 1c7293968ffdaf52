using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConnectorLint.Model;

namespace ConnectorLint.Import;

/// <summary>
/// Reads what ConvertTo-Json wrote: one object or an array of them. Windows PowerShell 5.1 writes
/// enumerations as integers and dates as "\/Date(ms)\/", PowerShell 7 and the Exchange Online V3
/// module write text and ISO dates; both are kept as they are and interpreted by the importer.
/// </summary>
public static class PowerShellJson
{
    public static IReadOnlyList<PowerShellValue> Parse(string file, byte[] bytes)
    {
        var text = Decode(bytes);
        if (string.IsNullOrWhiteSpace(text))
        {
            // ConvertTo-Json writes nothing at all for a cmdlet that returned no object.
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: " : "";
            throw new ExportFormatException(file, "", $"{where}not valid JSON ({FirstSentence(ex.Message)}).");
        }

        using (document)
        {
            var root = new Converter(file).Convert(ValuePath.Root, document.RootElement);
            return root.Kind switch
            {
                PowerShellValueKind.List => root.Items,
                PowerShellValueKind.Object => [root],
                PowerShellValueKind.Null => [],
                _ => throw new ExportFormatException(file, ValuePath.Root.ToString(), "expected the objects a Get- cmdlet returns, found a single value."),
            };
        }
    }

    /// <summary>Windows PowerShell's Out-File and '>' write UTF-16 with a byte order mark; Set-Content writes the ANSI code page or UTF-8.</summary>
    internal static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    private static bool IsWrappedArray(JsonElement element, out JsonElement array)
    {
        array = default;
        var names = element.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count == 2 && names.Contains("value", StringComparer.OrdinalIgnoreCase) && names.Contains("Count", StringComparer.OrdinalIgnoreCase))
        {
            var value = element.EnumerateObject().First(p => p.Name.Equals("value", StringComparison.OrdinalIgnoreCase)).Value;
            var count = element.EnumerateObject().First(p => p.Name.Equals("Count", StringComparison.OrdinalIgnoreCase)).Value;
            if (value.ValueKind == JsonValueKind.Array && count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out var n) && n == value.GetArrayLength())
            {
                array = value;
                return true;
            }
        }

        return false;
    }

    private sealed class Converter(string file)
    {
        private readonly StringTable strings = new();

        public PowerShellValue Convert(ValuePath path, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return new PowerShellValue(PowerShellValueKind.Null, file, path);
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return new PowerShellValue(PowerShellValueKind.Boolean, file, path, element.ValueKind == JsonValueKind.True ? "true" : "false");
                case JsonValueKind.Number:
                    return element.TryGetInt64(out var n)
                        ? new PowerShellValue(PowerShellValueKind.Number, file, path, n.ToString(CultureInfo.InvariantCulture), n)
                        : new PowerShellValue(PowerShellValueKind.Text, file, path, element.GetRawText());
                case JsonValueKind.String:
                    try
                    {
                        return new PowerShellValue(PowerShellValueKind.Text, file, path, strings.Share(element.GetString()!));
                    }
                    catch (InvalidOperationException)
                    {
                        // "\uD800" alone: valid JSON syntax, but no text; PowerShell never writes one.
                        throw new ExportFormatException(file, path.ToString(), "a string holds half of a UTF-16 surrogate pair (an escape such as \\uD800 without its partner), which is not text.");
                    }
                case JsonValueKind.Array:
                    var items = ImmutableArray.CreateBuilder<PowerShellValue>();
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        items.Add(Convert(path.Item(i++), item));
                    }

                    return new PowerShellValue(PowerShellValueKind.List, file, path, Items: items.ToImmutable());
                default:
                    if (IsWrappedArray(element, out var wrapped))
                    {
                        // Windows PowerShell 5.1 writes an array that carries its Count as an extended property as {"value": [...], "Count": n}.
                        return Convert(path, wrapped);
                    }

                    var properties = new List<KeyValuePair<string, PowerShellValue>>();
                    foreach (var property in element.EnumerateObject())
                    {
                        // PowerShell's names are case-insensitive; a JSON object cannot hold two that differ only in case from one object.
                        var name = strings.Share(property.Name);
                        properties.Add(new(name, Convert(path.Property(name), property.Value)));
                    }

                    return new PowerShellValue(PowerShellValueKind.Object, file, path, Properties: PowerShellProperties.From(properties));
            }
        }
    }
}
