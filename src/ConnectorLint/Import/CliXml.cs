using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace ConnectorLint.Import;

/// <summary>
/// Reads what Export-Clixml wrote (the PowerShell serialization format, MS-PSRP 2.2.5): typed objects
/// with their type names, enumerations as their text and integer, lists, dictionaries, references
/// to objects already written, byte arrays. No DTD, no external entity is ever resolved.
/// </summary>
public static partial class CliXml
{
    private const string Namespace = "http://schemas.microsoft.com/powershell/2004/04";

    public static IReadOnlyList<PowerShellValue> Parse(string file, byte[] bytes)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersFromEntities = 0,
            });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            var where = ex.LineNumber > 0 ? $"line {ex.LineNumber}, column {ex.LinePosition}: " : "";
            var reason = ex.Message.Contains("DTD", StringComparison.Ordinal)
                ? "holds a document type declaration (DTD), which Export-Clixml never writes; refused."
                : $"not valid XML ({ex.Message.Split(". ")[0].Split(" Line ")[0].TrimEnd('.')}).";
            throw new ExportFormatException(file, "", where + reason);
        }

        var root = document.Root;
        if (root is null || root.Name != XName.Get("Objs", Namespace))
        {
            throw new ExportFormatException(file, "", "not a CliXml file (Export-Clixml writes an <Objs> element in the PowerShell namespace).");
        }

        var objectReader = new Reader(file);
        var objects = new List<PowerShellValue>();
        var i = 0;
        foreach (var element in root.Elements())
        {
            var value = objectReader.Read(element, $"$[{i++}]");
            objects.AddRange(value.Kind == PowerShellValueKind.List ? value.Items : [value]);
        }

        return objects;
    }

    private sealed class Reader(string file)
    {
        private readonly Dictionary<string, PowerShellValue> objects = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ImmutableArray<string>> typeNames = new(StringComparer.Ordinal);

        public PowerShellValue Read(XElement element, string path)
        {
            var text = element.Value;
            switch (element.Name.LocalName)
            {
                case "Nil":
                    return new PowerShellValue(PowerShellValueKind.Null, file, path);
                case "C":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path,
                        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= char.MaxValue ? ((char)code).ToString() : text);
                case "S":
                case "URI":
                case "G":
                case "Version":
                case "TS":
                case "XD":
                case "SBK":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path, Unescape(text));
                case "B":
                    return new PowerShellValue(PowerShellValueKind.Boolean, file, path, text.Trim().ToLowerInvariant());
                case "I32" or "I64" or "I16" or "U8" or "U16" or "U32" or "U64" or "SB":
                    return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                        ? new PowerShellValue(PowerShellValueKind.Number, file, path, text.Trim(), n)
                        : new PowerShellValue(PowerShellValueKind.Text, file, path, text.Trim());
                case "Db" or "Sg" or "D":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path, text.Trim());
                case "DT":
                    return new PowerShellValue(PowerShellValueKind.Date, file, path, text.Trim());
                case "BA":
                    try
                    {
                        return new PowerShellValue(PowerShellValueKind.Bytes, file, path, Bytes: [.. Convert.FromBase64String(text.Trim())]);
                    }
                    catch (FormatException)
                    {
                        throw new ExportFormatException(file, path, $"line {Line(element)}: the byte array is not base64.");
                    }

                case "Ref":
                    var id = element.Attribute("RefId")?.Value ?? "";
                    return objects.TryGetValue(id, out var referenced)
                        ? referenced
                        : throw new ExportFormatException(file, path, $"line {Line(element)}: refers to object {id}, which the file has not written before.");
                case "Obj":
                    return ReadObject(element, path);
                default:
                    throw new ExportFormatException(file, path, $"line {Line(element)}: <{element.Name.LocalName}> is not a CliXml element this import knows.");
            }
        }

        private PowerShellValue ReadObject(XElement element, string path)
        {
            var names = ImmutableArray<string>.Empty;
            string? toString = null;
            PowerShellValue? primitive = null;
            PowerShellValue? list = null;
            var properties = ImmutableDictionary.CreateBuilder<string, PowerShellValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var child in element.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "TN":
                        names = [.. child.Elements().Select(t => t.Value)];
                        if (child.Attribute("RefId")?.Value is { } typeId)
                        {
                            typeNames[typeId] = names;
                        }

                        break;
                    case "TNRef":
                        names = typeNames.GetValueOrDefault(child.Attribute("RefId")?.Value ?? "", []);
                        break;
                    case "ToString":
                        toString = Unescape(child.Value);
                        break;
                    case "Props" or "MS":
                        foreach (var member in child.Elements())
                        {
                            var name = Unescape(member.Attribute("N")?.Value ?? "");
                            properties[name] = Read(member, $"{path}.{name}");
                        }

                        break;
                    case "LST" or "IE" or "STK" or "QUE":
                        var i = 0;
                        list = new PowerShellValue(PowerShellValueKind.List, file, path,
                            Items: [.. child.Elements().Select(item => Read(item, $"{path}[{i++}]"))]);
                        break;
                    case "DCT":
                        foreach (var entry in child.Elements())
                        {
                            var key = entry.Elements().FirstOrDefault(e => e.Attribute("N")?.Value == "Key");
                            var value = entry.Elements().FirstOrDefault(e => e.Attribute("N")?.Value == "Value");
                            if (key is not null && value is not null)
                            {
                                var name = Unescape(key.Value);
                                properties[name] = Read(value, $"{path}.{name}");
                            }
                        }

                        break;
                    default:
                        primitive = Read(child, path);
                        break;
                }
            }

            PowerShellValue result;
            if (list is not null)
            {
                result = list with { TypeNames = names, Text = toString };
            }
            else if (primitive is not null && properties.Count == 0)
            {
                // An enumeration: its text (AnonymousUsers, ExchangeServers) beside its integer (5).
                result = primitive with { Text = toString ?? primitive.Text, TypeNames = names };
            }
            else
            {
                result = new PowerShellValue(PowerShellValueKind.Object, file, path, toString, Properties: properties.ToImmutable(), TypeNames: names);
            }

            if (element.Attribute("RefId")?.Value is { } refId)
            {
                objects[refId] = result;
            }

            return result;
        }

        private static int Line(XElement element) => ((IXmlLineInfo)element).LineNumber;
    }

    /// <summary>CliXml writes characters XML cannot hold as _xHHHH_ (and a literal _x as _x005F_x).</summary>
    internal static string Unescape(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? EscapedCharacter().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EscapedCharacter();
}
