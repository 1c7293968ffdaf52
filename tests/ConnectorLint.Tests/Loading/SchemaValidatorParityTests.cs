using ConnectorLint.Loading;
using ConnectorLint.Model;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace ConnectorLint.Tests.Loading;

/// <summary>
/// The engine validates with its own compiled schema (it starts in microseconds and runs under Native
/// AOT); NJsonSchema is the reference. Every shipped example, and thousands of one-node mutations of
/// them, must get the same verdict from both, and a rejected mutation must be reported on its line.
/// </summary>
public class SchemaValidatorParityTests
{
    private static readonly JsonSchema Reference =
        JsonSchema.FromJsonAsync(DesiredStateSchema.Instance.Text).GetAwaiter().GetResult();

    public static TheoryData<string> Examples() =>
        [.. TestPaths.AllExamples()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryOneNodeMutationGetsTheReferenceVerdict(string example)
    {
        var root = YamlTreeReader.Read(example, TestPaths.ExampleText(example)).Root!;
        var count = Count(root);
        var disagreements = new List<string>();
        var mutations = 0;
        for (var target = 0; target < count; target++)
        {
            foreach (var mutant in Mutants(root, target))
            {
                mutations++;
                var ours = DesiredStateSchema.Instance.Validate(mutant.Document, example);
                var theirs = Reference.Validate(Project(mutant.Document));
                if ((ours.Count == 0) != (theirs.Count == 0))
                {
                    disagreements.Add($"{mutant.Description}: ours {ours.Count} error(s) [{string.Join("; ", ours.Select(f => f.Message))}], NJsonSchema {theirs.Count} [{string.Join("; ", theirs.Select(e => $"{e.Kind} {e.Path}"))}]");
                }
                else if (ours.Count > 0 && mutant.Line is { } line && ours.All(f => f.Span.Line != line))
                {
                    disagreements.Add($"{mutant.Description}: rejected, but no finding on line {line}: {string.Join("; ", ours.Select(f => $"{f.Span.Line}: {f.Message}"))}");
                }
            }
        }

        Assert.True(mutations > 100, $"only {mutations} mutations of {example}");
        Assert.Empty(disagreements);
    }

    [Fact]
    public void TheShippedSchemaCompilesWithEveryKeywordUnderstood()
    {
        var root = DesiredStateSchema.Instance.Root;
        Assert.NotNull(root.FindProperty("acceptedDomains")?.Actual.Items);
    }

    [Theory]
    [InlineData("""{"type": "object", "oneOf": []}""", "oneOf")]
    [InlineData("""{"type": "object", "properties": {"a": {"$ref": "#/definitions/none"}}}""", "#/definitions/none")]
    [InlineData("""{"format": "uri"}""", "uri")]
    public void ASchemaKeywordTheValidatorWouldIgnoreIsRefused(string schema, string named)
    {
        using var document = System.Text.Json.JsonDocument.Parse(schema);
        var error = Assert.Throws<InvalidOperationException>(() => SchemaNode.Compile(document.RootElement));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private sealed record Mutant(YamlNode Document, string Description, int? Line);

    private static readonly YamlNode[] Replacements =
    [
        Scalar("", ScalarKind.String),
        Scalar("not a valid value", ScalarKind.String),
        Scalar("2027-06-30", ScalarKind.String),
        Scalar("2001:db8::25", ScalarKind.String),
        Scalar("70000", ScalarKind.Integer),
        Scalar("25", ScalarKind.Integer),
        Scalar("2.5", ScalarKind.Float),
        Scalar("true", ScalarKind.Boolean),
        Scalar("null", ScalarKind.Null),
        new YamlSequence([], SourceSpan.At("m", 1, 1)),
        new YamlMapping([new YamlEntry(Scalar("x", ScalarKind.String), Scalar("1", ScalarKind.Integer))], SourceSpan.At("m", 1, 1)),
    ];

    private static YamlScalar Scalar(string value, ScalarKind kind) => new(value, kind, SourceSpan.At("m", 1, 1));

    /// <summary>Every way to change node number <paramref name="target"/> (pre-order) of the tree.</summary>
    private static IEnumerable<Mutant> Mutants(YamlNode root, int target)
    {
        var node = NodeAt(root, target);
        foreach (var replacement in Replacements)
        {
            // The replacement keeps the span of the node it replaces, so its finding lands on that line.
            var placed = Place(replacement, node.Span);
            yield return new Mutant(Replace(root, target, placed), $"node {target} (line {node.Span.Line}) := {Describe(replacement)}", node.Span.Line);
        }

        switch (node)
        {
            case YamlMapping mapping:
                for (var i = 0; i < mapping.Entries.Length; i++)
                {
                    var dropped = mapping with { Entries = mapping.Entries.RemoveAt(i) };
                    yield return new Mutant(Replace(root, target, dropped), $"node {target}: without '{mapping.Entries[i].Key.Value}'", null);
                }

                var extended = mapping with { Entries = mapping.Entries.Add(new YamlEntry(Scalar("unexpectedKey", ScalarKind.String) with { Span = mapping.Span }, Scalar("1", ScalarKind.Integer))) };
                yield return new Mutant(Replace(root, target, extended), $"node {target}: with an unknown key", mapping.Span.Line);
                break;
            case YamlSequence sequence when sequence.Items.Length > 0:
                yield return new Mutant(Replace(root, target, sequence with { Items = sequence.Items.Add(sequence.Items[0]) }), $"node {target}: first item repeated", null);
                break;
        }
    }

    private static YamlNode Place(YamlNode node, SourceSpan span) => node switch
    {
        YamlScalar s => s with { Span = span },
        YamlSequence s => s with { Span = span, Items = [.. s.Items.Select(i => Place(i, span))] },
        YamlMapping m => m with { Span = span, Entries = [.. m.Entries.Select(e => new YamlEntry((YamlScalar)Place(e.Key, span), Place(e.Value, span)))] },
        _ => node,
    };

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalar s => $"{s.Kind} '{s.Value}'",
        _ => node.KindName,
    };

    private static int Count(YamlNode node) => 1 + node switch
    {
        YamlSequence s => s.Items.Sum(Count),
        YamlMapping m => m.Entries.Sum(e => Count(e.Value)),
        _ => 0,
    };

    private static YamlNode NodeAt(YamlNode root, int target)
    {
        var index = 0;
        return Find(root)!;

        YamlNode? Find(YamlNode node)
        {
            if (index++ == target)
            {
                return node;
            }

            var children = node switch
            {
                YamlSequence s => s.Items.AsEnumerable(),
                YamlMapping m => m.Entries.Select(e => e.Value),
                _ => [],
            };
            foreach (var child in children)
            {
                if (Find(child) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    private static YamlNode Replace(YamlNode root, int target, YamlNode replacement)
    {
        var index = 0;
        return Rewrite(root);

        YamlNode Rewrite(YamlNode node)
        {
            if (index++ == target)
            {
                return replacement;
            }

            return node switch
            {
                YamlSequence s => s with { Items = [.. s.Items.Select(Rewrite)] },
                YamlMapping m => m with { Entries = [.. m.Entries.Select(e => e with { Value = Rewrite(e.Value) })] },
                _ => node,
            };
        }
    }

    /// <summary>The YAML tree as the JSON document NJsonSchema validates.</summary>
    internal static Newtonsoft.Json.Linq.JToken Project(YamlNode node) => node switch
    {
        YamlScalar scalar => YamlTreeReader.ToClrValue(scalar) switch
        {
            null => JValue.CreateNull(),
            bool b => new JValue(b),
            long l => new JValue(l),
            double d => new JValue(d),
            var other => new JValue(other.ToString()),
        },
        YamlSequence sequence => new JArray(sequence.Items.Select(Project)),
        YamlMapping mapping => new JObject(mapping.Entries.Select(e => new JProperty(e.Key.Value, Project(e.Value)))),
        _ => throw new InvalidOperationException(node.KindName),
    };
}
