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

    /// <summary>Export-Clixml's default -Depth is 2 and the export script's 5; nothing real nests near this.</summary>
    public const int MaxDepth = 100;

    /// <summary>An object level is at most four XML levels (Obj, Props or LST, a member, its Obj).</summary>
    private const int MaxXmlDepth = 4 * MaxDepth;

    /// <summary>
    /// The values a file may stand for beyond four per XML node: a &lt;Ref&gt; stands for the whole object it
    /// names, so references to references could make a small file mean billions of values.
    /// </summary>
    public const long MaxExpandedValues = 1_000_000;

    public static IReadOnlyList<PowerShellValue> Parse(string file, byte[] bytes)
    {
        XDocument document;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
        };
        try
        {
            // XDocument resolves each element's namespace through its ancestors: a deep file costs the
            // square of its depth to load (20,000 levels, 25 s). One streaming pass bounds the depth first.
            using (var scan = XmlReader.Create(new MemoryStream(bytes), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxXmlDepth)
                    {
                        var line = ((IXmlLineInfo)scan).LineNumber;
                        throw new ExportFormatException(file, "", $"line {line}: nests deeper than {MaxDepth} levels; no Exchange export does, refused.");
                    }
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
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

        var objectReader = new Reader(file, MaxExpandedValues + 4L * root.DescendantNodes().LongCount());
        var objects = new List<PowerShellValue>();
        var i = 0;
        foreach (var element in root.Elements())
        {
            var value = objectReader.Read(element, $"$[{i++}]", 0);
            objects.AddRange(value.Kind == PowerShellValueKind.List ? value.Items : [value]);
        }

        return objects;
    }

    private sealed class Reader(string file, long budget)
    {
        private readonly Dictionary<string, (PowerShellValue Value, long Size)> objects = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ImmutableArray<string>> typeNames = new(StringComparer.Ordinal);
        private long expanded;

        /// <summary>Counts what a value stands for against the budget.</summary>
        private void Count(long values, XElement element, string path)
        {
            expanded += values;
            if (expanded > budget)
            {
                throw new ExportFormatException(file, path, $"line {Line(element)}: its references stand for more than {budget:N0} values; no Exchange export is made so, refused.");
            }
        }

        public PowerShellValue Read(XElement element, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ExportFormatException(file, path, $"line {Line(element)}: nests deeper than {MaxDepth} levels; no Exchange export does, refused.");
            }

            Count(1, element, path);
            switch (element.Name.LocalName)
            {
                case "Nil":
                    return new PowerShellValue(PowerShellValueKind.Null, file, path);
                case "C":
                    var text = Leaf(element, path);
                    return new PowerShellValue(PowerShellValueKind.Text, file, path,
                        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= char.MaxValue ? ((char)code).ToString() : text);
                case "S":
                case "URI":
                case "G":
                case "Version":
                case "TS":
                case "XD":
                case "SBK":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path, Unescape(Leaf(element, path)));
                case "SS":
                    // A SecureString, encrypted for the exporting user: read and dropped, never needed here.
                    Leaf(element, path);
                    return new PowerShellValue(PowerShellValueKind.Null, file, path);
                case "B":
                    return new PowerShellValue(PowerShellValueKind.Boolean, file, path, Leaf(element, path).Trim().ToLowerInvariant());
                case "I32" or "I64" or "I16" or "By" or "U16" or "U32" or "U64" or "SB":
                    var number = Leaf(element, path).Trim();
                    return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                        ? new PowerShellValue(PowerShellValueKind.Number, file, path, number, n)
                        : new PowerShellValue(PowerShellValueKind.Text, file, path, number);
                case "Db" or "Sg" or "D":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path, Leaf(element, path).Trim());
                case "DT":
                    return new PowerShellValue(PowerShellValueKind.Date, file, path, Leaf(element, path).Trim());
                case "BA":
                    try
                    {
                        return new PowerShellValue(PowerShellValueKind.Bytes, file, path, Bytes: [.. Convert.FromBase64String(Leaf(element, path).Trim())]);
                    }
                    catch (FormatException)
                    {
                        throw new ExportFormatException(file, path, $"line {Line(element)}: the byte array is not base64.");
                    }

                case "Ref":
                    var id = element.Attribute("RefId")?.Value ?? "";
                    if (!objects.TryGetValue(id, out var referenced))
                    {
                        throw new ExportFormatException(file, path, $"line {Line(element)}: refers to object {id}, which the file has not written before.");
                    }

                    Count(referenced.Size, element, path);
                    return referenced.Value;
                case "Obj":
                    return ReadObject(element, path, depth);
                default:
                    throw new ExportFormatException(file, path, $"line {Line(element)}: <{element.Name.LocalName}> is not a CliXml element this import knows.");
            }
        }

        /// <summary>A primitive's text: a primitive holds text only, never elements.</summary>
        private string Leaf(XElement element, string path) =>
            element.HasElements
                ? throw new ExportFormatException(file, path, $"line {Line(element)}: <{element.Name.LocalName}> holds elements; a CliXml primitive holds text only.")
                : element.Value;

        private PowerShellValue ReadObject(XElement element, string path, int depth)
        {
            var before = expanded;
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
                        names = [.. child.Elements().Select(t => Leaf(t, path))];
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
                            properties[name] = Read(member, $"{path}.{name}", depth + 1);
                        }

                        break;
                    case "LST" or "IE" or "STK" or "QUE":
                        var i = 0;
                        list = new PowerShellValue(PowerShellValueKind.List, file, path,
                            Items: [.. child.Elements().Select(item => Read(item, $"{path}[{i++}]", depth + 1))]);
                        break;
                    case "DCT":
                        foreach (var entry in child.Elements())
                        {
                            var key = entry.Elements().FirstOrDefault(e => e.Attribute("N")?.Value == "Key");
                            var value = entry.Elements().FirstOrDefault(e => e.Attribute("N")?.Value == "Value");
                            if (key is not null && value is not null)
                            {
                                var name = Unescape(key.Value);
                                properties[name] = Read(value, $"{path}.{name}", depth + 1);
                            }
                        }

                        break;
                    default:
                        primitive = Read(child, path, depth + 1);
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
                objects[refId] = (result, expanded - before + 1);
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
