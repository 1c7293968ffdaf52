using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using ConnectorLint.Model;

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
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
        };
        try
        {
            // A first streaming pass bounds the depth and counts the nodes, which the reference budget
            // needs before any value is built; the second builds the values as it reads, so no XML tree
            // of the whole export is ever held (an export of 55 MB is hundreds of MB as a tree).
            long nodes = 0;
            using (var scan = XmlReader.Create(new MemoryStream(bytes), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxXmlDepth)
                    {
                        var line = ((IXmlLineInfo)scan).LineNumber;
                        throw new ExportFormatException(file, "", $"line {line}: nests deeper than {MaxDepth} levels; no Exchange export does, refused.");
                    }

                    if (scan.NodeType is not (XmlNodeType.EndElement or XmlNodeType.Whitespace or XmlNodeType.XmlDeclaration))
                    {
                        nodes++;
                    }
                }
            }

            var values = settings.Clone();
            values.IgnoreWhitespace = true;
            values.IgnoreComments = true;
            values.IgnoreProcessingInstructions = true;
            using var reader = XmlReader.Create(new MemoryStream(bytes), values);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Objs" || reader.NamespaceURI != Namespace)
            {
                throw new ExportFormatException(file, "", "not a CliXml file (Export-Clixml writes an <Objs> element in the PowerShell namespace).");
            }

            var objectReader = new Reader(file, MaxExpandedValues + 4L * nodes, reader);
            var objects = new List<PowerShellValue>();
            var i = 0;
            objectReader.ForEachChild(() =>
            {
                var value = objectReader.Read(ValuePath.Root.Item(i++), 0);
                objects.AddRange(value.Kind == PowerShellValueKind.List ? value.Items : [value]);
            });
            return objects;
        }
        catch (XmlException ex)
        {
            var where = ex.LineNumber > 0 ? $"line {ex.LineNumber}, column {ex.LinePosition}: " : "";
            var reason = ex.Message.Contains("DTD", StringComparison.Ordinal)
                ? "holds a document type declaration (DTD), which Export-Clixml never writes; refused."
                : $"not valid XML ({ex.Message.Split(". ")[0].Split(" Line ")[0].TrimEnd('.')}).";
            throw new ExportFormatException(file, "", where + reason);
        }
    }

    /// <summary>
    /// Builds values from a reader positioned on an element; each read consumes its element whole and
    /// leaves the reader on what follows it.
    /// </summary>
    private sealed class Reader(string file, long budget, XmlReader reader)
    {
        private readonly Dictionary<string, (PowerShellValue Value, long Size)> objects = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ImmutableArray<string>> typeNames = new(StringComparer.Ordinal);
        private readonly StringTable strings = new();
        private long expanded;

        private int Line => ((IXmlLineInfo)reader).LineNumber;

        /// <summary>Counts what a value stands for against the budget.</summary>
        private void Count(long values, int line, ValuePath path)
        {
            expanded += values;
            if (expanded > budget)
            {
                throw new ExportFormatException(file, path.ToString(), $"line {line}: its references stand for more than {budget:N0} values; no Exchange export is made so, refused.");
            }
        }

        /// <summary>Calls <paramref name="read"/> on each child element of the current one, which must consume it; text between them is not a value.</summary>
        public void ForEachChild(Action read)
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return;
            }

            // The first pass proved the file well formed, so every element ends before the file does.
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    read();
                }
                else
                {
                    reader.Read();
                }
            }

            reader.Read();
        }

        public PowerShellValue Read(ValuePath path, int depth)
        {
            var line = Line;
            if (depth > MaxDepth)
            {
                throw new ExportFormatException(file, path.ToString(), $"line {line}: nests deeper than {MaxDepth} levels; no Exchange export does, refused.");
            }

            Count(1, line, path);
            switch (reader.LocalName)
            {
                case "Nil":
                    reader.Skip();
                    return new PowerShellValue(PowerShellValueKind.Null, file, path);
                case "C":
                    var text = Leaf(path);
                    return new PowerShellValue(PowerShellValueKind.Text, file, path,
                        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= char.MaxValue ? ((char)code).ToString() : text);
                case "S":
                case "URI":
                case "G":
                case "Version":
                case "TS":
                case "XD":
                case "SBK":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path, strings.Share(Unescape(Leaf(path))));
                case "SS":
                    // A SecureString, encrypted for the exporting user: read and dropped, never needed here.
                    Leaf(path);
                    return new PowerShellValue(PowerShellValueKind.Null, file, path);
                case "B":
                    return new PowerShellValue(PowerShellValueKind.Boolean, file, path, strings.Share(Leaf(path).Trim().ToLowerInvariant()));
                case "I32" or "I64" or "I16" or "By" or "U16" or "U32" or "U64" or "SB":
                    var number = strings.Share(Leaf(path).Trim());
                    return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                        ? new PowerShellValue(PowerShellValueKind.Number, file, path, number, n)
                        : new PowerShellValue(PowerShellValueKind.Text, file, path, number);
                case "Db" or "Sg" or "D":
                    return new PowerShellValue(PowerShellValueKind.Text, file, path, Leaf(path).Trim());
                case "DT":
                    return new PowerShellValue(PowerShellValueKind.Date, file, path, Leaf(path).Trim());
                case "BA":
                    try
                    {
                        return new PowerShellValue(PowerShellValueKind.Bytes, file, path, Bytes: [.. Convert.FromBase64String(Leaf(path).Trim())]);
                    }
                    catch (FormatException)
                    {
                        throw new ExportFormatException(file, path.ToString(), $"line {line}: the byte array is not base64.");
                    }

                case "Ref":
                    var id = reader.GetAttribute("RefId") ?? "";
                    reader.Skip();
                    if (!objects.TryGetValue(id, out var referenced))
                    {
                        throw new ExportFormatException(file, path.ToString(), $"line {line}: refers to object {id}, which the file has not written before.");
                    }

                    Count(referenced.Size, line, path);
                    return referenced.Value;
                case "Obj":
                    return ReadObject(path, depth);
                default:
                    throw new ExportFormatException(file, path.ToString(), $"line {line}: <{reader.LocalName}> is not a CliXml element this import knows.");
            }
        }

        /// <summary>A primitive's text: a primitive holds text only, never elements.</summary>
        private string Leaf(ValuePath path)
        {
            var (line, name) = (Line, reader.LocalName);
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return "";
            }

            var text = new StringBuilder();
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    throw new ExportFormatException(file, path.ToString(), $"line {line}: <{name}> holds elements; a CliXml primitive holds text only.");
                }

                text.Append(reader.Value);
                reader.Read();
            }

            reader.Read();
            return text.ToString();
        }

        /// <summary>The text of an element and everything in it, as XML's string value.</summary>
        private string ElementText()
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return "";
            }

            var text = new StringBuilder();
            var depth = reader.Depth;
            reader.Read();
            while (reader.Depth > depth)
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
                {
                    text.Append(reader.Value);
                }

                reader.Read();
            }

            reader.Read();
            return text.ToString();
        }

        private PowerShellValue ReadObject(ValuePath path, int depth)
        {
            var before = expanded;
            var refId = reader.GetAttribute("RefId");
            var names = ImmutableArray<string>.Empty;
            string? toString = null;
            PowerShellValue? primitive = null;
            PowerShellValue? list = null;
            var properties = new List<KeyValuePair<string, PowerShellValue>>();
            ForEachChild(() =>
            {
                switch (reader.LocalName)
                {
                    case "TN":
                        var typeId = reader.GetAttribute("RefId");
                        var read = ImmutableArray.CreateBuilder<string>();
                        ForEachChild(() => read.Add(strings.Share(Leaf(path))));
                        names = read.ToImmutable();
                        if (typeId is not null)
                        {
                            typeNames[typeId] = names;
                        }

                        break;
                    case "TNRef":
                        names = typeNames.GetValueOrDefault(reader.GetAttribute("RefId") ?? "", []);
                        reader.Skip();
                        break;
                    case "ToString":
                        toString = Unescape(ElementText());
                        break;
                    case "Props" or "MS":
                        ForEachChild(() =>
                        {
                            var name = strings.Share(Unescape(reader.GetAttribute("N") ?? ""));
                            properties.Add(new(name, Read(path.Property(name), depth + 1)));
                        });
                        break;
                    case "LST" or "IE" or "STK" or "QUE":
                        var i = 0;
                        var items = ImmutableArray.CreateBuilder<PowerShellValue>();
                        ForEachChild(() => items.Add(Read(path.Item(i++), depth + 1)));
                        list = new PowerShellValue(PowerShellValueKind.List, file, path, Items: items.ToImmutable());
                        break;
                    case "DCT":
                        ForEachChild(() => ReadEntry(path, depth, properties));
                        break;
                    default:
                        primitive = Read(path, depth + 1);
                        break;
                }
            });

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
                result = new PowerShellValue(PowerShellValueKind.Object, file, path, toString, Properties: PowerShellProperties.From(properties), TypeNames: names);
            }

            if (refId is not null)
            {
                objects[refId] = (result, expanded - before + 1);
            }

            return result;
        }

        /// <summary>A dictionary's entry (En): its first Key's text names its first Value, which Export-Clixml writes after the key.</summary>
        private void ReadEntry(ValuePath path, int depth, List<KeyValuePair<string, PowerShellValue>> properties)
        {
            var line = Line;
            string? key = null;
            PowerShellValue? value = null;
            ForEachChild(() =>
            {
                switch (reader.GetAttribute("N"))
                {
                    case "Key" when key is null:
                        key = strings.Share(Unescape(ElementText()));
                        break;
                    case "Value" when key is null:
                        throw new ExportFormatException(file, path.ToString(), $"line {line}: a dictionary entry holds its Value before its Key; Export-Clixml writes the Key first.");
                    case "Value" when value is null:
                        value = Read(path.Property(key), depth + 1);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });

            if (key is not null && value is not null)
            {
                properties.Add(new(key, value));
            }
        }
    }

    /// <summary>CliXml writes characters XML cannot hold as _xHHHH_ (and a literal _x as _x005F_x).</summary>
    internal static string Unescape(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? EscapedCharacter().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EscapedCharacter();
}
