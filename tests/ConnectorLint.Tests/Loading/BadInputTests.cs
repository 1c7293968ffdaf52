using ConnectorLint.Diagnostics;
using System.Text;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Loading;

/// <summary>Hostile and broken input: each gets a clear finding with the right position, never a crash or a hang.</summary>
public class BadInputTests
{
    private static Finding Single(LoadedDocument document)
    {
        Assert.Null(document.State);
        return Assert.Single(document.Findings);
    }

    [Fact]
    public void MalformedYamlIsCL001AtTheBrokenToken()
    {
        var doc = DesiredStateLoader.Load("f.yaml", "apiVersion: connectorlint/v1\ntenant:\n  name: [contoso\n");
        var finding = Single(doc);
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal(4, finding.Span.Line);
        Assert.StartsWith("invalid YAML: ", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKeyIsCL001AtTheSecondKey()
    {
        var doc = DesiredStateLoader.Load("f.yaml", "apiVersion: connectorlint/v1\ntenant:\n  name: a\n  name: b\n");
        var finding = Single(doc);
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal((4, 3), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("duplicate key 'name' (first defined at line 3)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabIndentationIsCL001AtTheTab()
    {
        var doc = DesiredStateLoader.Load("f.yaml", "apiVersion: connectorlint/v1\ntenant:\n\tname: a\n");
        var finding = Single(doc);
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal((3, 1), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("tab", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      addressSpaces: [*]\n", 5, "'*' starts a YAML alias here; quote it: \"*\" (in a list: [\"*\"]")]
    [InlineData("      addressSpaces:\n        - *\n", 6, "'*' starts a YAML alias here; quote it: \"*\" (in a list: [\"*\"]")]
    [InlineData("      addressSpaces: [*.contoso.com]\n", 5, "the alias *.contoso.com names no anchor: an unquoted '*' starts a YAML alias; if '*.contoso.com' is a value (a wildcard domain), quote it: \"*.contoso.com\".")]
    public void AnUnquotedStarIsExplainedAsTheAliasItIs(string lines, int line, string message)
    {
        var doc = DesiredStateLoader.Load("f.yaml", "apiVersion: connectorlint/v1\nonPremises:\n  sendConnectors:\n    - name: a\n" + lines);
        var finding = Single(doc);
        Assert.Equal(("CL001", line), (finding.RuleId, finding.Span.Line));
        Assert.StartsWith(message, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineIndentedUnlikeItsNeighboursIsNamedWithTheirIndent()
    {
        var doc = DesiredStateLoader.Load("f.yaml", "apiVersion: connectorlint/v1\nonPremises:\n  sendConnectors:\n    - name: a\n       enabled: true\n      port: 25\n");
        var finding = Single(doc);
        Assert.Equal(("CL001", 5), (finding.RuleId, finding.Span.Line));
        Assert.Equal("line 5 is indented by 7 spaces, the lines around it (4 and 6) by 6; YAML reads indentation as structure: indent it like its neighbours.", finding.Message);
    }

    [Fact]
    public void AliasBombIsCL001AndFinishesQuickly()
    {
        var yaml = new StringBuilder("apiVersion: connectorlint/v1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            var prev = (char)('a' + i - 1);
            var name = (char)('a' + i);
            yaml.Append($"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n");
        }

        var finding = Single(DesiredStateLoader.Load("bomb.yaml", yaml.ToString()));
        Assert.Equal("CL001", finding.RuleId);
        Assert.Contains("alias bomb", finding.Message, StringComparison.Ordinal);
        Assert.True(finding.Span.Line is > 2 and <= 11);
    }

    [Fact]
    public void DeepNestingIsCL001NotAStackOverflow()
    {
        var flow = "apiVersion: connectorlint/v1\nx: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
        var finding = Single(DesiredStateLoader.Load("deep.yaml", flow));
        Assert.Equal("CL001", finding.RuleId);
        Assert.Contains("nests deeper than 64", finding.Message, StringComparison.Ordinal);
        Assert.Equal(2, finding.Span.Line);

        var block = new StringBuilder("apiVersion: connectorlint/v1\n");
        for (var i = 0; i < 10_000; i++)
        {
            block.Append(new string(' ', i)).Append("k:\n");
        }

        var blockFinding = Single(DesiredStateLoader.Load("deep-block.yaml", block.ToString()));
        Assert.Equal("CL001", blockFinding.RuleId);
    }

    [Fact]
    public void InvalidUtf8IsCL001AtTheBadByte()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: connectorlint/v1\ntenant:\n  name: ab").Concat(new byte[] { 0xC3, 0x28 }).Concat("\n"u8.ToArray()).ToArray();
        var finding = Single(DesiredStateLoader.Load("latin1.yaml", bytes));
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal((3, 11), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("not valid UTF-8", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarkAndCrlfKeepPositionsRight()
    {
        var text = TestPaths.ExampleText("contoso-hybrid.yaml").Replace("\r\n", "\n").Replace("requireTls: true", "requireTLS: true");
        var expected = DesiredStateLoader.Load("lf.yaml", text).Findings.Select(f => (f.Span.Line, f.Span.Column)).ToList();
        Assert.Equal(2, expected.Count);

        var crlf = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n"))).ToArray();
        var actual = DesiredStateLoader.Load("crlf.yaml", crlf).Findings.Select(f => (f.Span.Line, f.Span.Column)).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(7, actual[0].Column);
    }

    [Fact]
    public void EmptyFileIsCL002AtTheStart()
    {
        var finding = Single(DesiredStateLoader.Load("empty.yaml", ""));
        Assert.Equal("CL002", finding.RuleId);
        Assert.Equal((1, 1), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("empty", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListDocumentIsCL002()
    {
        var finding = Single(DesiredStateLoader.Load("list.yaml", "# a list\n- a\n- b\n"));
        Assert.Equal("CL002", finding.RuleId);
        Assert.Equal((2, 1), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("is a list", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondDocumentIsCL001()
    {
        var finding = Single(DesiredStateLoader.Load("two.yaml", "apiVersion: connectorlint/v1\n---\na: 1\n"));
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal(2, finding.Span.Line);
    }

    [Fact]
    public void FiftyMegabyteFileIsReadAndLintedOrRefusedClearly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"connectorlint-big-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var writer = new StreamWriter(path))
            {
                writer.Write(TestPaths.ExampleText("contoso-hybrid.yaml"));
                var padding = "# " + new string('x', 1022) + "\n";
                for (var i = 0; i < 50 * 1024; i++)
                {
                    writer.Write(padding);
                }
            }

            Assert.True(new FileInfo(path).Length > 50L * 1024 * 1024);
            var full = CliRunner.Run("lint", path, "--format", "json");
            Assert.Equal(0, full.ExitCode);

            var refused = CliRunner.Run("lint", path, "--max-file-size", "1048576");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains(":1:1: error CL001: the file is 50.", refused.Stdout, StringComparison.Ordinal);
            Assert.Contains("--max-file-size", refused.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFileExitsTwoWithAMessage()
    {
        var result = CliRunner.Run("lint", "no/such/file.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("connectorlint: error: 'no/such/file.yaml' does not exist.", result.Stderr.Trim());
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void FolderWithoutDesiredStateFilesExitsTwo()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-empty-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "other.yaml"), "kind: Deployment\n");
            var result = CliRunner.Run("lint", folder.FullName);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("holds no desired-state files", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void FolderIsSearchedForDesiredStateFilesOnly()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-folder-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "other.yaml"), "kind: Deployment\n");
            Directory.CreateDirectory(Path.Combine(folder.FullName, "org"));
            File.Copy(TestPaths.Example("contoso-hybrid.yaml"), Path.Combine(folder.FullName, "org", "contoso.yml"));
            var result = CliRunner.Run("lint", folder.FullName, "--format", "json");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("contoso.yml", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("other.yaml", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
