using System.Text.Json;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Rules;
using NJsonSchema;

namespace ConnectorLint.Tests.Loading;

/// <summary>
/// The schema as editors read it (SchemaStore's norms): each enumeration offered once, in the format's
/// spelling, with a description per value; Exchange's PascalCase accepted (by the loader and by a
/// standard validator) but not offered; every pattern with the message the CLI gives; every object titled.
/// </summary>
public class SchemaEditorNormsTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(DesiredStateSchema.Instance.Text).RootElement;

    /// <summary>Every object node of the schema with its JSON pointer.</summary>
    private static IEnumerable<(string Path, JsonElement Node)> Nodes(JsonElement node, string path = "")
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            yield return (path, node);
            foreach (var property in node.EnumerateObject())
            {
                foreach (var inner in Nodes(property.Value, $"{path}/{property.Name}"))
                {
                    yield return inner;
                }
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                foreach (var inner in Nodes(item, $"{path}/{i++}"))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool Offered(JsonElement node) => !(node.TryGetProperty("doNotSuggest", out var hidden) && hidden.GetBoolean());

    [Fact]
    public void EachEnumerationIsOfferedOnceWithADescriptionPerValue()
    {
        var enums = Nodes(Schema).Where(n => n.Node.TryGetProperty("enum", out _)).ToList();
        Assert.True(enums.Count >= 15, $"{enums.Count} enumerations");
        foreach (var (path, node) in enums.Where(n => Offered(n.Node)))
        {
            var values = node.GetProperty("enum").EnumerateArray().Select(v => v.ToString()).ToList();
            Assert.True(values.Distinct(StringComparer.OrdinalIgnoreCase).Count() == values.Count, $"{path} offers a value twice: {string.Join(", ", values)}");
            Assert.True(node.TryGetProperty("markdownEnumDescriptions", out var descriptions), $"{path} has no markdownEnumDescriptions");
            Assert.Equal(values.Count, descriptions.GetArrayLength());
            Assert.All(descriptions.EnumerateArray(), d => Assert.False(string.IsNullOrWhiteSpace(d.GetString()), path));
        }

        // Exchange's spellings exist only in branches editors do not offer: a pattern, which no editor
        // lists in completion (an enum marked doNotSuggest is still listed by yaml-language-server).
        Assert.All(enums, e => Assert.True(Offered(e.Node), $"{e.Path}: a hidden enum is still offered"));
        var hidden = Nodes(Schema).Where(n => !Offered(n.Node)).Select(n => n.Node.GetProperty("pattern").GetString()!).ToList();
        Assert.Contains(hidden, p => p.Contains("Authoritative", StringComparison.Ordinal));
        Assert.Contains(hidden, p => p.Contains("DomainValidation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("domainType: authoritative", "domainType: Authoritative")]
    [InlineData("tlsAuthLevel: domainValidation", "tlsAuthLevel: DomainValidation")]
    [InlineData("connectorType: onPremises", "connectorType: OnPremises")]
    public async Task ExchangesSpellingIsAcceptedByTheLoaderAndByAStandardValidator(string from, string to)
    {
        var text = RuleFixtureTests.Variant((from, to));
        Assert.DoesNotContain(RuleFixtureTests.Lint(text), f => f.RuleId is "CL001" or "CL002");
        var reference = await JsonSchema.FromJsonAsync(DesiredStateSchema.Instance.Text);
        var loaded = YamlTreeReader.Read("variant.yaml", text).Root!;
        Assert.Empty(reference.Validate(SchemaValidatorParityTests.Project(loaded)));
    }

    [Fact]
    public void AWrongValueListsTheFormatsSpellingOnlyAndSuggestsTheNearest()
    {
        var findings = RuleFixtureTests.Lint(RuleFixtureTests.Variant(("tlsAuthLevel: domainValidation", "tlsAuthLevel: domainvalidation")));
        var finding = Assert.Single(findings, f => f.RuleId == "CL002");
        Assert.Contains("expected one of: encryptionOnly, certificateValidation, domainValidation. Did you mean 'domainValidation'?", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPatternCarriesTheMessageTheCommandLineGives()
    {
        var patterns = Nodes(Schema).Where(n => n.Node.TryGetProperty("pattern", out _)).ToList();
        Assert.True(patterns.Count >= 17, $"{patterns.Count} patterns");
        foreach (var (path, node) in patterns)
        {
            Assert.True(node.TryGetProperty("patternErrorMessage", out var message), $"{path} has no patternErrorMessage");
            Assert.StartsWith("Not ", message.GetString(), StringComparison.Ordinal);
        }

        // A bad value reads in the editor as the CLI says it.
        var ipv4 = Schema.GetProperty("definitions").GetProperty("ipv4Address");
        Assert.Equal("Not an IPv4 address.", ipv4.GetProperty("patternErrorMessage").GetString());
        var thumbprint = Nodes(Schema).Single(n => n.Path.EndsWith("/certificates/items/properties/thumbprint", StringComparison.Ordinal)).Node;
        var title = thumbprint.GetProperty("title").GetString();
        Assert.Equal($"Not {title}.", thumbprint.GetProperty("patternErrorMessage").GetString());
        var text = RuleFixtureTests.Clean;
        var at = text.IndexOf("thumbprint: ", StringComparison.Ordinal);
        Assert.True(at >= 0);
        var end = text.IndexOf('\n', at);
        var finding = Assert.Single(RuleFixtureTests.Lint(text[..at] + "thumbprint: XYZ" + text[end..]), f => f.RuleId == "CL002");
        Assert.Contains($"'XYZ' is not {title}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryObjectHasATitle()
    {
        var objects = Nodes(Schema).Where(n => n.Node.TryGetProperty("properties", out _)).ToList();
        Assert.True(objects.Count >= 12, $"{objects.Count} objects");
        Assert.All(objects, o => Assert.True(o.Node.TryGetProperty("title", out _), $"{o.Path} has no title"));
    }

    /// <summary>Every key: a markdown description; every key that holds a value: examples a standard validator accepts, and its default when the loader has one.</summary>
    [Fact]
    public async Task EveryKeyHasAMarkdownDescriptionAndValidExamples()
    {
        var reference = await JsonSchema.FromJsonAsync(DesiredStateSchema.Instance.Text);
        var checkedKeys = 0;
        void Walk(JsonSchema node, string path)
        {
            var actual = node.ActualSchema;
            foreach (var (name, property) in actual.Properties)
            {
                var at = $"{path}/{name}";
                object? Extension(string keyword) => property.ExtensionData is { } data && data.TryGetValue(keyword, out var value) ? value : null;
                Assert.False(string.IsNullOrWhiteSpace(Extension("markdownDescription") as string), $"{at} has no markdownDescription");
                var target = property.ActualSchema;
                var holdsObjects = target.Type.HasFlag(JsonObjectType.Object) || (target.Item?.ActualSchema.Properties.Count ?? 0) > 0;
                if (!holdsObjects)
                {
                    var examples = Extension("examples");
                    Assert.True(examples is not null, $"{at} has no examples");
                    foreach (var example in Newtonsoft.Json.Linq.JArray.FromObject(examples))
                    {
                        Assert.True(property.Validate(example).Count == 0, $"{at}: the example {example} is not valid");
                    }

                    if (property.Default is { } value)
                    {
                        Assert.True(property.Validate(Newtonsoft.Json.Linq.JToken.FromObject(value)).Count == 0, $"{at}: the default {value} is not valid");
                    }
                }

                checkedKeys++;
                Walk(target, at);
                if (target.Item is { } item)
                {
                    Walk(item, at + "[]");
                }
            }
        }

        Walk(reference, "");
        Assert.True(checkedKeys >= 110, $"{checkedKeys} keys");
    }
}
