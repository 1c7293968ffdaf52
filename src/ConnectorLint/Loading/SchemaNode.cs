using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConnectorLint.Loading;

public enum SchemaType
{
    Any,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    Null,
}

/// <summary>
/// One JSON Schema (draft-07) node, compiled once from the shipped schema. Only the keywords the
/// schema uses are understood; any other keyword is refused when the schema is compiled, so a schema
/// change that the validator would silently ignore fails the build's tests instead.
/// </summary>
public sealed class SchemaNode
{
    // Editor annotations (VS Code's JSON language service and yaml-language-server read them) change nothing in validation.
    private static readonly HashSet<string> Annotations =
        ["$schema", "$id", "$comment", "title", "description", "definitions", "default", "examples",
         "markdownDescription", "markdownEnumDescriptions", "patternErrorMessage"];

    private SchemaNode? referenced;

    private SchemaNode(string location) => Location = location;

    /// <summary>JSON pointer of this node inside the schema document, for errors about the schema itself.</summary>
    public string Location { get; }

    public string? Title { get; private set; }

    public SchemaType Type { get; private set; }

    /// <summary>Declared properties, in the schema's order (the order the "known keys" hint lists them).</summary>
    public ImmutableArray<KeyValuePair<string, SchemaNode>> Properties { get; private set; } = [];

    public ImmutableArray<string> Required { get; private set; } = [];

    public bool AdditionalPropertiesAllowed { get; private set; } = true;

    public SchemaNode? Items { get; private set; }

    public ImmutableArray<string> Enumeration { get; private set; } = [];

    /// <summary>doNotSuggest: a spelling accepted but not offered (Exchange's PascalCase beside the format's own).</summary>
    public bool Hidden { get; private set; }

    /// <summary>The node's pattern, compiled on first use: a run builds the automatons of the patterns its file reaches, not all of them.</summary>
    public Regex? Pattern => PatternText is null ? null : LazyInitializer.EnsureInitialized(ref pattern, () => CompilePattern(PatternText));

    public string? PatternText { get; private set; }

    private Regex? pattern;

    public int? MinLength { get; private set; }

    /// <summary>Checked before <see cref="Pattern"/>, so no pattern ever sees a value longer than this.</summary>
    public int? MaxLength { get; private set; }

    public int? MinItems { get; private set; }

    public decimal? Minimum { get; private set; }

    public decimal? Maximum { get; private set; }

    public string? Format { get; private set; }

    public ImmutableArray<SchemaNode> AnyOf { get; private set; } = [];

    /// <summary>The node a "$ref" points at; draft-07 ignores a $ref's siblings for validation.</summary>
    public SchemaNode Actual => referenced?.Actual ?? this;

    /// <summary>What a value must be, in words: this node's title, else the one it refers to.</summary>
    public string? Describe() => Title ?? referenced?.Describe();

    public SchemaNode? FindProperty(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Key == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    public static SchemaNode Compile(JsonElement root)
    {
        var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        var pending = new List<(SchemaNode Node, string Reference)>();
        var compiled = Read(root, "#", pending);
        if (root.TryGetProperty("definitions", out var defs))
        {
            foreach (var definition in defs.EnumerateObject())
            {
                var pointer = $"#/definitions/{definition.Name}";
                definitions[pointer] = Read(definition.Value, pointer, pending);
            }
        }

        foreach (var (node, reference) in pending)
        {
            node.referenced = definitions.TryGetValue(reference, out var target)
                ? target
                : throw new InvalidOperationException($"schema {node.Location}: $ref '{reference}' names no definition.");
        }

        return compiled;
    }

    private static SchemaNode Read(JsonElement element, string location, List<(SchemaNode, string)> pending)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"schema {location}: expected an object.");
        }

        var node = new SchemaNode(location);
        foreach (var keyword in element.EnumerateObject())
        {
            var value = keyword.Value;
            var at = $"{location}/{keyword.Name}";
            switch (keyword.Name)
            {
                case "title":
                    node.Title = value.GetString();
                    break;
                case "doNotSuggest":
                    node.Hidden = value.GetBoolean();
                    break;
                case "$ref":
                    pending.Add((node, value.GetString()!));
                    break;
                case "type":
                    node.Type = value.GetString() switch
                    {
                        "object" => SchemaType.Object,
                        "array" => SchemaType.Array,
                        "string" => SchemaType.String,
                        "integer" => SchemaType.Integer,
                        "number" => SchemaType.Number,
                        "boolean" => SchemaType.Boolean,
                        "null" => SchemaType.Null,
                        var other => throw new InvalidOperationException($"schema {at}: type '{other}' is not supported."),
                    };
                    break;
                case "properties":
                    node.Properties = [.. value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Read(p.Value, $"{at}/{p.Name}", pending)))];
                    break;
                case "required":
                    node.Required = [.. value.EnumerateArray().Select(r => r.GetString()!)];
                    break;
                case "additionalProperties":
                    node.AdditionalPropertiesAllowed = value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new InvalidOperationException($"schema {at}: only true or false is supported."),
                    };
                    break;
                case "items":
                    node.Items = Read(value, at, pending);
                    break;
                case "enum":
                    node.Enumeration = [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())];
                    break;
                case "pattern":
                    node.PatternText = value.GetString()!;
                    break;
                case "minLength":
                    node.MinLength = value.GetInt32();
                    break;
                case "maxLength":
                    node.MaxLength = value.GetInt32();
                    break;
                case "minItems":
                    node.MinItems = value.GetInt32();
                    break;
                case "minimum":
                    node.Minimum = value.GetDecimal();
                    break;
                case "maximum":
                    node.Maximum = value.GetDecimal();
                    break;
                case "format":
                    node.Format = value.GetString() is "date" or "ipv6" ? value.GetString() : throw new InvalidOperationException($"schema {at}: format '{value.GetString()}' is not supported.");
                    break;
                case "anyOf":
                    node.AnyOf = [.. value.EnumerateArray().Select((branch, i) => Read(branch, $"{at}/{i}", pending))];
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new InvalidOperationException($"schema {at}: keyword '{keyword.Name}' is not supported by ConnectorLint's validator.");
                    }

                    break;
            }
        }

        return node;
    }

    /// <summary>Whether a string satisfies this node's "format" (RFC 3339 full-date; an IPv6 address).</summary>
    public bool FormatAccepts(string value) => Format switch
    {
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "ipv6" => Uri.CheckHostName(value) == UriHostNameType.IPv6,
        _ => true,
    };

    /// <summary>
    /// Linear time where .NET can promise it (NonBacktracking); a pattern that needs lookaround is
    /// used only behind a maxLength, and a timeout bounds it besides.
    /// </summary>
    private static Regex CompilePattern(string pattern)
    {
        lock (Compiled)
        {
            if (Compiled.TryGetValue(pattern, out var known))
            {
                return known;
            }
        }

        Regex compiled;
        try
        {
            compiled = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            compiled = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        lock (Compiled)
        {
            return Compiled.TryAdd(pattern, compiled) ? compiled : Compiled[pattern];
        }
    }

    /// <summary>The same pattern in several places of the schema (a domain name, an address) is one automaton.</summary>
    private static readonly Dictionary<string, Regex> Compiled = new(StringComparer.Ordinal);
}
