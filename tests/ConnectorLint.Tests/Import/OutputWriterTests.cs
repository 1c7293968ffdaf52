using ConnectorLint.Import;
using YamlDotNet.RepresentationModel;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// The imported file stays within yamllint's line length, and YamlDotNet (not the writer) reads every
/// folded value back as the text written.
/// </summary>
public sealed class OutputWriterTests
{
    private static YamlMappingNode Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static void AssertWithinLineLength(string yaml, params string[] exempt)
    {
        foreach (var line in yaml.Split('\n'))
        {
            Assert.True(line.Length <= 80 || exempt.Any(e => line.Contains(e, StringComparison.Ordinal)), $"{line.Length} columns: {line}");
        }
    }

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LongValuesFoldAndReadBackAsWritten(int seed)
    {
        var random = new Random(seed);
        string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ =>
            new string(Enumerable.Range(0, random.Next(1, 14)).Select(_ => "abcdeXYZ<>=,.:;#\"\\-"[random.Next(19)]).ToArray())));
        var values = Enumerable.Range(0, 12).Select(_ => Words(random.Next(1, 30))).ToList();
        var items = values.Select(v => (OutputNode)new OutputMapping([new OutputEntry("name", new OutputScalar(v), Words(random.Next(0, 20)))])).ToList();
        var list = values.Select(v => (OutputNode)new OutputScalar(v)).ToList();
        var root = new OutputMapping([
            new OutputEntry("items", new OutputSequence(items)),
            new OutputEntry("list", new OutputSequence(list)),
            new OutputEntry("tlsCertificateName", new OutputScalar("<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail.contoso.com")),
        ]);

        var yaml = OutputWriter.Write(root, ["yaml-language-server: $schema=https://example.invalid/" + new string('s', 90), Words(40)]);

        AssertWithinLineLength(yaml, "yaml-language-server", new string('s', 20));
        var read = Read(yaml);
        var readItems = ((YamlSequenceNode)read["items"]).Children.Select(i => ((YamlScalarNode)((YamlMappingNode)i)["name"]).Value ?? "").ToList();
        Assert.Equal(values, readItems);
        Assert.Equal(values, ((YamlSequenceNode)read["list"]).Children.Select(i => ((YamlScalarNode)i).Value ?? "").ToList());
        Assert.Equal("<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail.contoso.com", ((YamlScalarNode)read["tlsCertificateName"]).Value);
    }

    [Fact]
    public void TheDocumentStartsAfterTheHeaderAndTheModelineStaysOneLine()
    {
        var url = "https://raw.githubusercontent.com/connectorlint/connectorlint/v0.2.0/schemas/connectorlint.schema.json";
        var yaml = OutputWriter.Write(new OutputMapping([new OutputEntry("apiVersion", new OutputScalar("connectorlint/v1"))]), ["yaml-language-server: $schema=" + url, "Imported."]);
        Assert.Equal($"""
            # yamllint disable-line rule:line-length
            # yaml-language-server: $schema={url}
            # Imported.
            ---
            apiVersion: connectorlint/v1

            """, yaml);
    }

    /// <summary>A list item's value that fits exactly, and one a character longer, around the 80th column.</summary>
    [Theory]
    [InlineData(74)]
    [InlineData(75)]
    [InlineData(76)]
    [InlineData(77)]
    [InlineData(78)]
    public void AListItemAtTheEdgeStaysWithinTheLine(int length)
    {
        var value = string.Join(' ', Enumerable.Repeat("abcd", 20))[..length].TrimEnd();
        var yaml = OutputWriter.Write(new OutputMapping([new OutputEntry("list", new OutputSequence([new OutputScalar(value), new OutputScalar(value)]))]), []);
        AssertWithinLineLength(yaml);
        Assert.Equal([value, value], ((YamlSequenceNode)Read(yaml)["list"]).Children.Select(i => ((YamlScalarNode)i).Value ?? ""));
    }

    [Fact]
    public void AValueWithDoubleSpacesIsFoldedOnlyAtSingleOnes()
    {
        // Folding turns a line break into one space: a break beside a second space would lose it.
        var value = string.Join("  ", Enumerable.Repeat("word", 30)) + " tail";
        var yaml = OutputWriter.Write(new OutputMapping([new OutputEntry("comment", new OutputScalar(value))]), []);
        Assert.Equal(value, ((YamlScalarNode)Read(yaml)["comment"]).Value);
    }

    [Fact]
    public void ACommentTooLongToFollowItsValueGoesAboveTheKey()
    {
        var yaml = OutputWriter.Write(new OutputMapping([
            new OutputEntry("verified", OutputScalar.Of(true), "in Exchange Online's accepted domains, which hold verified domains only"),
            new OutputEntry("default", OutputScalar.Of(true), "short"),
        ]), []);
        Assert.Equal("""
            ---
            verified: true   # in Exchange Online's accepted domains, which hold verified domains only
            default: true   # short

            """.Replace("verified: true   # in Exchange Online's accepted domains, which hold verified domains only", "# in Exchange Online's accepted domains, which hold verified domains only\nverified: true", StringComparison.Ordinal), yaml);
    }
}
