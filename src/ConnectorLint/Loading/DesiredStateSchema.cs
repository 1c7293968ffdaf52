using System.Reflection;
using ConnectorLint.Model;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ConnectorLint.Loading;

/// <summary>
/// Validates a YAML tree against the embedded JSON schema and maps every error back to the YAML
/// node it is about: the key for an unknown key, the value for a wrong value, the parent for a missing key.
/// </summary>
public sealed class DesiredStateSchema
{
    private static readonly Lazy<DesiredStateSchema> Embedded = new(() => new DesiredStateSchema(LoadText()));

    private readonly JsonSchema schema;

    private DesiredStateSchema(string json)
    {
        Text = json;
        schema = JsonSchema.FromJsonAsync(json).GetAwaiter().GetResult();
    }

    public static DesiredStateSchema Instance => Embedded.Value;

    /// <summary>The schema as shipped, for `connectorlint schema`.</summary>
    public string Text { get; }

    private static string LoadText()
    {
        using var stream = typeof(DesiredStateSchema).Assembly.GetManifestResourceStream("ConnectorLint.schema.json")
            ?? throw new InvalidOperationException("the schema resource is missing from the ConnectorLint assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public IReadOnlyList<Finding> Validate(YamlNode? root, string file)
    {
        if (root is null)
        {
            return [Finding.Create(FileRules.Schema, SourceSpan.At(file, 1, 1),
                "the document is empty; expected a mapping that starts with 'apiVersion: connectorlint/v1'.")];
        }

        if (root is not YamlMapping)
        {
            return [Finding.Create(FileRules.Schema, root.Span,
                $"the document is a {root.KindName}; expected a mapping that starts with 'apiVersion: connectorlint/v1'.")];
        }

        var map = new JsonProjection();
        var token = map.Project(root);
        var errors = schema.Validate(token);
        var findings = new List<Finding>();
        var seen = new HashSet<(int, int, string)>();
        foreach (var error in Flatten(errors))
        {
            var finding = Describe(error, map, root);
            if (seen.Add((finding.Span.Line, finding.Span.Column, finding.Message)))
            {
                findings.Add(finding);
            }
        }

        return Finding.Sort(findings);
    }

    /// <summary>
    /// Union types (anyOf/oneOf) report one error with every branch's errors nested. The branch whose
    /// errors sit deepest in the document is the one the author meant; report its innermost errors.
    /// When every branch fails on the union's own value, the union's title says best what was expected.
    /// </summary>
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                var branches = child.Errors.Values
                    .Select(branch => Flatten(branch).ToList())
                    .Where(branch => branch.Count > 0)
                    .ToList();
                var deepest = branches
                    .OrderByDescending(branch => branch.Max(e => Depth(e.Path)))
                    .ThenBy(branch => branch.Count)
                    .FirstOrDefault();
                if (deepest is null || deepest.Max(e => Depth(e.Path)) <= Depth(error.Path))
                {
                    yield return error;
                }
                else
                {
                    foreach (var inner in deepest)
                    {
                        yield return inner;
                    }
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static int Depth(string? path) =>
        path is null ? 0 : path.Count(c => c is '.' or '[');

    private static Finding Describe(ValidationError error, JsonProjection map, YamlNode root)
    {
        var token = error.Token;
        var node = token is null ? null : map.NodeOf(token);
        var where = node?.Span ?? root.Span;
        var context = ContextName(error.Path);

        switch (error.Kind)
        {
            case ValidationErrorKind.NoAdditionalPropertiesAllowed:
            {
                var key = map.KeyOf(token) ?? (node as YamlScalar);
                var name = key?.Value ?? error.Property ?? "?";
                var known = error.Schema?.ActualSchema.Properties.Keys ?? (ICollection<string>)[];
                var suggestion = Suggest(name, known);
                var hint = suggestion is null ? $" Known keys here: {string.Join(", ", known)}." : $" Did you mean '{suggestion}'?";
                var parentContext = ContextName(ParentPath(error.Path));
                return Finding.Create(FileRules.Schema, key?.Span ?? where, $"unknown key '{name}'{parentContext}.{hint}");
            }

            case ValidationErrorKind.PropertyRequired:
            {
                var parent = ParentOf(token, map) ?? where;
                return Finding.Create(FileRules.Schema, parent, $"missing required key '{error.Property}'{ContextName(ParentPath(error.Path))}.");
            }

            case ValidationErrorKind.NotInEnumeration:
            {
                var allowed = error.Schema?.ActualSchema.Enumeration.Select(v => v?.ToString()).ToList() ?? [];
                var suggestion = Suggest(Shown(node), allowed.OfType<string>().ToList());
                var hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
                return Finding.Create(FileRules.Schema, where,
                    $"{Shown(node, quoted: true)} is not an allowed value{context}; expected one of: {string.Join(", ", allowed)}.{hint}");
            }

            case ValidationErrorKind.StringExpected or ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected
                or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ArrayExpected or ValidationErrorKind.ObjectExpected
                or ValidationErrorKind.NullExpected:
            {
                var expected = error.Kind switch
                {
                    ValidationErrorKind.StringExpected => "a string",
                    ValidationErrorKind.IntegerExpected => "an integer",
                    ValidationErrorKind.NumberExpected => "a number",
                    ValidationErrorKind.BooleanExpected => "true or false",
                    ValidationErrorKind.ArrayExpected => "a list",
                    ValidationErrorKind.ObjectExpected => "a mapping",
                    _ => "null",
                };
                var quoteHint = error.Kind == ValidationErrorKind.StringExpected && node is YamlScalar { Kind: not ScalarKind.String and not ScalarKind.Null }
                    ? " Quote it to make it a string."
                    : node is YamlScalar { Kind: ScalarKind.String } && error.Kind is ValidationErrorKind.IntegerExpected or ValidationErrorKind.BooleanExpected or ValidationErrorKind.NumberExpected
                        ? " Remove the quotes."
                        : "";
                return Finding.Create(FileRules.Schema, where,
                    $"expected {expected}{context}, found {Found(node)}.{quoteHint}");
            }

            case ValidationErrorKind.TooFewItems:
                return Finding.Create(FileRules.Schema, where, $"the list{context} must have at least {error.Schema?.ActualSchema.MinItems} item(s).");

            case ValidationErrorKind.StringTooShort:
                return Finding.Create(FileRules.Schema, where, $"the value{context} must not be empty.");

            case ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig:
            {
                var s = error.Schema?.ActualSchema;
                return Finding.Create(FileRules.Schema, where,
                    $"{Shown(node)} is out of range{context}; expected {s?.Minimum} to {s?.Maximum}.");
            }

            default:
            {
                var title = TitleOf(error.Schema);
                var expected = title is null ? $"({error.Kind})" : title;
                return Finding.Create(FileRules.Schema, where, $"{Shown(node, quoted: true)} is not {expected}{context}.");
            }
        }
    }

    private static string? TitleOf(JsonSchema? schema)
    {
        if (schema is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(schema.Title))
        {
            return schema.Title;
        }

        return string.IsNullOrEmpty(schema.ActualSchema.Title) ? null : schema.ActualSchema.Title;
    }

    private static SourceSpan? ParentOf(JToken? token, JsonProjection map)
    {
        // PropertyRequired is reported on the object that lacks the key; point at its key in the parent.
        if (token is null)
        {
            return null;
        }

        if (token.Parent is JProperty property && map.KeyOf(property) is { } key)
        {
            return key.Span;
        }

        return map.NodeOf(token)?.Span;
    }

    private static string? ParentPath(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('/'));
        return cut < 0 ? path : path[..(cut + (path[cut] == '/' ? 1 : 0))];
    }

    /// <summary>Turns "#/onPremises.sendConnectors[0].requireTLS" into " in onPremises.sendConnectors[0]".</summary>
    private static string ContextName(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        var trimmed = path.TrimStart('#', '/');
        return trimmed.Length == 0 ? " at the top level" : $" at {trimmed}";
    }

    private static string Shown(YamlNode? node, bool quoted = false) => node switch
    {
        YamlScalar scalar => quoted ? $"'{Truncate(scalar.Value)}'" : Truncate(scalar.Value),
        null => "the value",
        _ => $"a {node.KindName}",
    };

    private static string Found(YamlNode? node) => node switch
    {
        YamlScalar { Kind: ScalarKind.Null } => "nothing (null)",
        YamlScalar scalar => $"{scalar.KindName} '{Truncate(scalar.Value)}'",
        null => "something else",
        _ => $"a {node.KindName}",
    };

    private static string Truncate(string value) => value.Length > 80 ? value[..77] + "..." : value;

    /// <summary>The closest known name, for typos such as requireTLS or domainvalidation.</summary>
    internal static string? Suggest(string given, ICollection<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            if (string.Equals(candidate, given, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }

            var distance = Levenshtein(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(1, given.Length / 4) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The YAML tree as JSON tokens, remembering which YAML node each token came from.</summary>
    private sealed class JsonProjection
    {
        private readonly Dictionary<JToken, YamlNode> nodes = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<JToken, YamlScalar> keys = new(ReferenceEqualityComparer.Instance);

        public YamlNode? NodeOf(JToken token)
        {
            if (nodes.TryGetValue(token, out var node))
            {
                return node;
            }

            return token is JProperty property && nodes.TryGetValue(property.Value, out var value) ? value : null;
        }

        public YamlScalar? KeyOf(JToken? token) =>
            token is not null && keys.TryGetValue(token, out var key) ? key : null;

        public JToken Project(YamlNode node)
        {
            JToken token = node switch
            {
                YamlScalar scalar => YamlTreeReader.ToClrValue(scalar) switch
                {
                    null => JValue.CreateNull(),
                    bool b => new JValue(b),
                    long l => new JValue(l),
                    double d => new JValue(d),
                    object o => new JValue(o.ToString()),
                },
                YamlSequence sequence => new JArray(sequence.Items.Select(Project)),
                YamlMapping mapping => ProjectMapping(mapping),
                _ => throw new InvalidOperationException("unknown node"),
            };
            nodes[token] = node;
            return token;
        }

        private JObject ProjectMapping(YamlMapping mapping)
        {
            var obj = new JObject();
            foreach (var entry in mapping.Entries)
            {
                var property = new JProperty(entry.Key.Value, Project(entry.Value));
                obj.Add(property);
                keys[property] = entry.Key;
                nodes[property] = entry.Value;
            }

            return obj;
        }
    }
}
