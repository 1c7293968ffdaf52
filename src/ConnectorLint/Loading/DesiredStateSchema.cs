using ConnectorLint.Diagnostics;
using System.Text.RegularExpressions;
using System.Globalization;
using System.Text.Json;
using ConnectorLint.Model;

namespace ConnectorLint.Loading;

/// <summary>
/// Validates a YAML tree against the embedded JSON schema and maps every error back to the YAML
/// node it is about: the key for an unknown key, the value for a wrong value, the parent for a missing key.
/// </summary>
public sealed class DesiredStateSchema
{
    /// <summary>
    /// The schema of a released version, at the tag's own address: an editor validates a file with the
    /// schema of the version that wrote or lints it, not with whatever main holds later.
    /// </summary>
    /// <summary>The engine's version, major.minor.patch (the schema ships in the engine).</summary>
    public static string EngineVersion =>
        typeof(DesiredStateSchema).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public static string ReleasedAddress(string version) =>
        $"https://raw.githubusercontent.com/connectorlint/connectorlint/v{version}/schemas/connectorlint.schema.json";

    private static readonly Lazy<DesiredStateSchema> Embedded = new(() => new DesiredStateSchema(LoadText()));

    private DesiredStateSchema(string json)
    {
        Text = json;
        using var document = JsonDocument.Parse(json);
        Root = SchemaNode.Compile(document.RootElement);
    }

    public static DesiredStateSchema Instance => Embedded.Value;

    /// <summary>The schema as shipped, for `connectorlint schema`.</summary>
    public string Text { get; }

    /// <summary>The schema compiled for validation.</summary>
    public SchemaNode Root { get; }

    private static string LoadText()
    {
        using var stream = typeof(DesiredStateSchema).Assembly.GetManifestResourceStream("ConnectorLint.schema.json")
            ?? throw new InvalidOperationException("the schema resource is missing from the ConnectorLint assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public IReadOnlyList<LoadProblem> Validate(YamlNode? root, string file)
    {
        if (root is null)
        {
            return [LoadProblem.Schema(SourceSpan.At(file, 1, 1),
                "the document is empty; expected a mapping that starts with 'apiVersion: connectorlint/v1'.")];
        }

        if (root is not YamlMapping)
        {
            return [LoadProblem.Schema(root.Span,
                $"the document is a {root.KindName}; expected a mapping that starts with 'apiVersion: connectorlint/v1'.")];
        }

        var errors = new List<SchemaError>();
        Check(root, Root, null, null, errors);
        if (errors.Count == 0)
        {
            return [];
        }

        var findings = new List<LoadProblem>();
        var seen = new HashSet<(int, int, string)>();
        foreach (var error in errors)
        {
            var finding = Describe(error);
            if (seen.Add((finding.Span.Line, finding.Span.Column, finding.Message)))
            {
                findings.Add(finding);
            }
        }

        return LoadProblem.Sort(findings);
    }

    private enum ErrorKind
    {
        UnknownKey,
        MissingKey,
        WrongType,
        NotInEnumeration,
        TooFewItems,
        Empty,
        OutOfRange,
        NotMatching,
        TooLong,
    }

    /// <summary>One violation: the node it is about, the schema node it broke, and where in the document.</summary>
    private sealed record SchemaError(ErrorKind Kind, YamlNode Node, SchemaNode Schema, DocumentPath? Path, YamlScalar? Key = null, string? Name = null)
    {
        public int Depth => Path?.Depth ?? 0;
    }

    /// <summary>Where a node sits, as "onPremises.sendConnectors[0]"; built as a chain so that valid nodes cost no strings.</summary>
    private sealed class DocumentPath(DocumentPath? parent, string? key, int index)
    {
        public int Depth { get; } = (parent?.Depth ?? 0) + 1;

        public override string ToString() =>
            key is null ? $"{parent}[{index}]" : parent is null ? key : $"{parent}.{key}";
    }

    /// <summary>
    /// Checks one node against one schema node. A value of the wrong type gets that one error and
    /// nothing about its insides; a union (anyOf) that no branch accepts is reported through the branch
    /// whose errors sit deepest in the document, the one the author evidently meant, or, when every
    /// branch fails on the value itself, as one error that names what the union accepts.
    /// </summary>
    private static void Check(YamlNode node, SchemaNode schema, DocumentPath? path, YamlScalar? key, List<SchemaError> errors)
    {
        var actual = schema.Actual;
        if (!actual.AnyOf.IsEmpty && RejectingBranch(node, actual, path, key) is { } rejected)
        {
            if (!actual.AnyOf[0].Actual.Enumeration.IsEmpty && actual.AnyOf.Skip(1).All(b => b.Actual.Hidden))
            {
                // One enumeration in two spellings (the format's, then Exchange's, which editors do not
                // offer): the error lists the format's values and suggests the nearest.
                errors.Add(new SchemaError(ErrorKind.NotInEnumeration, node, actual.AnyOf[0], path));
            }
            else if (rejected.Max(e => e.Depth) <= (path?.Depth ?? 0))
            {
                errors.Add(new SchemaError(ErrorKind.NotMatching, node, schema, path));
            }
            else
            {
                errors.AddRange(rejected);
            }
        }

        if (!HasType(node, actual.Type))
        {
            errors.Add(new SchemaError(ErrorKind.WrongType, node, actual, path));
            return;
        }

        switch (node)
        {
            case YamlScalar scalar:
                CheckScalar(scalar, schema, actual, path, errors);
                break;
            case YamlSequence sequence:
                if (sequence.Items.Length < actual.MinItems)
                {
                    errors.Add(new SchemaError(ErrorKind.TooFewItems, node, actual, path));
                }

                if (actual.Items is { } items)
                {
                    for (var i = 0; i < sequence.Items.Length; i++)
                    {
                        Check(sequence.Items[i], items, new DocumentPath(path, null, i), null, errors);
                    }
                }

                break;
            case YamlMapping mapping:
                CheckMapping(mapping, actual, path, key, errors);
                break;
        }
    }

    /// <summary>Null when some branch accepts the node; otherwise the errors of the branch that got furthest.</summary>
    private static List<SchemaError>? RejectingBranch(YamlNode node, SchemaNode union, DocumentPath? path, YamlScalar? key)
    {
        List<SchemaError>? deepest = null;
        foreach (var branch in union.AnyOf)
        {
            var branchErrors = new List<SchemaError>();
            Check(node, branch, path, key, branchErrors);
            if (branchErrors.Count == 0)
            {
                return null;
            }

            if (deepest is null || Deeper(branchErrors, deepest))
            {
                deepest = branchErrors;
            }
        }

        return deepest;
    }

    private static bool Deeper(List<SchemaError> candidate, List<SchemaError> best)
    {
        var a = candidate.Max(e => e.Depth);
        var b = best.Max(e => e.Depth);
        return a > b || (a == b && candidate.Count < best.Count);
    }

    private static bool HasType(YamlNode node, SchemaType type) => type switch
    {
        SchemaType.Any => true,
        SchemaType.Object => node is YamlMapping,
        SchemaType.Array => node is YamlSequence,
        SchemaType.String => node is YamlScalar { Kind: ScalarKind.String },
        SchemaType.Integer => node is YamlScalar { Kind: ScalarKind.Integer } scalar && YamlTreeReader.ToClrValue(scalar) is long,
        SchemaType.Number => node is YamlScalar { Kind: ScalarKind.Integer or ScalarKind.Float },
        SchemaType.Boolean => node is YamlScalar { Kind: ScalarKind.Boolean },
        SchemaType.Null => node is YamlScalar { Kind: ScalarKind.Null },
        _ => false,
    };

    private static void CheckScalar(YamlScalar scalar, SchemaNode schema, SchemaNode actual, DocumentPath? path, List<SchemaError> errors)
    {
        if (!actual.Enumeration.IsEmpty && !actual.Enumeration.Contains(JsonText(scalar)))
        {
            errors.Add(new SchemaError(ErrorKind.NotInEnumeration, scalar, actual, path));
        }

        if (scalar.Kind == ScalarKind.String)
        {
            if (scalar.Value.Length > actual.MaxLength)
            {
                errors.Add(new SchemaError(ErrorKind.TooLong, scalar, schema, path));
                return;
            }

            if (actual.Pattern is { } pattern && !Matches(pattern, scalar.Value))
            {
                errors.Add(new SchemaError(ErrorKind.NotMatching, scalar, schema, path));
            }

            if (scalar.Value.Length < actual.MinLength)
            {
                errors.Add(new SchemaError(ErrorKind.Empty, scalar, actual, path));
            }

            if (actual.Format is not null && !actual.FormatAccepts(scalar.Value))
            {
                errors.Add(new SchemaError(ErrorKind.NotMatching, scalar, schema, path));
            }
        }
        else if ((actual.Minimum is not null || actual.Maximum is not null) && YamlTreeReader.ToClrValue(scalar) is long or double)
        {
            var value = Convert.ToDouble(YamlTreeReader.ToClrValue(scalar), CultureInfo.InvariantCulture);
            if (value < (double?)actual.Minimum || value > (double?)actual.Maximum)
            {
                errors.Add(new SchemaError(ErrorKind.OutOfRange, scalar, actual, path));
            }
        }
    }

    private static bool Matches(Regex pattern, string value)
    {
        try
        {
            return pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A scalar as JSON would spell it, to compare with the schema's enum values.</summary>
    private static string JsonText(YamlScalar scalar) => YamlTreeReader.ToClrValue(scalar) switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => scalar.Value,
    };

    private static void CheckMapping(YamlMapping mapping, SchemaNode schema, DocumentPath? path, YamlScalar? key, List<SchemaError> errors)
    {
        foreach (var entry in mapping.Entries)
        {
            var property = schema.FindProperty(entry.Key.Value);
            if (property is not null)
            {
                Check(entry.Value, property, new DocumentPath(path, entry.Key.Value, 0), entry.Key, errors);
            }
            else if (!schema.AdditionalPropertiesAllowed)
            {
                errors.Add(new SchemaError(ErrorKind.UnknownKey, mapping, schema, path, entry.Key, entry.Key.Value));
            }
        }

        foreach (var required in schema.Required)
        {
            if (mapping.Find(required) is null)
            {
                errors.Add(new SchemaError(ErrorKind.MissingKey, mapping, schema, path, key, required));
            }
        }
    }

    private static LoadProblem Describe(SchemaError error)
    {
        var node = error.Node;
        var where = node.Span;
        var context = ContextName(error.Path);
        var schema = error.Schema;
        switch (error.Kind)
        {
            case ErrorKind.UnknownKey:
            {
                var known = schema.Properties.Select(p => p.Key).ToList();
                var suggestion = Suggest(error.Name!, known);
                var hint = suggestion is null ? $" Known keys here: {string.Join(", ", known)}." : $" Did you mean '{suggestion}'?";
                return LoadProblem.Schema(error.Key!.Span, $"unknown key '{error.Name}'{context}.{hint}");
            }

            case ErrorKind.MissingKey:
                // Point at the key that holds the mapping that lacks it, else at the mapping itself.
                return LoadProblem.Schema(error.Key?.Span ?? where, $"missing required key '{error.Name}'{context}.");

            case ErrorKind.NotInEnumeration:
            {
                // Exchange's PascalCase spellings are accepted too; the message lists the format's own.
                var allowed = schema.Enumeration.DistinctBy(v => v.ToLowerInvariant()).ToList();
                var suggestion = Suggest(Shown(node), allowed);
                var hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
                return LoadProblem.Schema(where,
                    $"{Shown(node, quoted: true)} is not an allowed value{context}; expected one of: {string.Join(", ", allowed)}.{hint}");
            }

            case ErrorKind.WrongType:
            {
                var expected = schema.Type switch
                {
                    SchemaType.String => "a string",
                    SchemaType.Integer => "an integer",
                    SchemaType.Number => "a number",
                    SchemaType.Boolean => "true or false",
                    SchemaType.Array => "a list",
                    SchemaType.Object => "a mapping",
                    _ => "null",
                };
                var quoteHint = schema.Type == SchemaType.String && node is YamlScalar { Kind: not ScalarKind.String and not ScalarKind.Null }
                    ? " Quote it to make it a string."
                    : node is YamlScalar { Kind: ScalarKind.String, Quoted: true } quoted && WouldBe(quoted.Value, schema.Type)
                        ? " Remove the quotes."
                        : "";
                return LoadProblem.Schema(where, $"expected {expected}{context}, found {Found(node)}.{quoteHint}");
            }

            case ErrorKind.TooFewItems:
                return LoadProblem.Schema(where, $"the list{context} must have at least {schema.MinItems} item(s).");

            case ErrorKind.Empty:
                return LoadProblem.Schema(where, $"the value{context} must not be empty.");

            case ErrorKind.TooLong:
            {
                var expected = schema.Describe() ?? "this value";
                return LoadProblem.Schema(where,
                    $"a value of {((YamlScalar)node!).Value.Length:N0} characters is longer than {expected} can be ({schema.Actual.MaxLength} at most){context}.");
            }

            case ErrorKind.OutOfRange:
                return LoadProblem.Schema(where, $"{Shown(node)} is out of range{context}; expected {schema.Minimum} to {schema.Maximum}.");

            default:
            {
                var expected = schema.Describe()
                    ?? (schema.Actual.PatternText is { } pattern ? $"a value that matches {pattern}" : $"a value in the format '{schema.Actual.Format}'");
                return LoadProblem.Schema(where, $"{Shown(node, quoted: true)} is not {expected}{context}.");
            }
        }
    }

    /// <summary>Turns the path of "onPremises.sendConnectors[0]" into " at onPremises.sendConnectors[0]".</summary>
    private static string ContextName(DocumentPath? path) => path is null ? " at the top level" : $" at {path}";

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

    internal static string? Suggest(string given, ICollection<string> known) => NearestName.Among(given, known);

    /// <summary>Would this text, unquoted, be a value of the type (so that removing the quotes would help)?</summary>
    private static bool WouldBe(string text, SchemaType type) => type switch
    {
        SchemaType.Boolean => text is "true" or "false",
        SchemaType.Integer => long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _),
        SchemaType.Number => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
        _ => false,
    };
}
