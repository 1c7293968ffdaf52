using System.Text;
using System.Text.Json;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Loading;

/// <summary>Reproducers of crashes, hangs and wrong positions found by fuzzing; each failed once.</summary>
public class HardeningTests
{
    private static string TempFile(string text, string name = "f.yaml")
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-hardening-");
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AnUnclosedFlowListIsCL001WithValidJson()
    {
        var path = TempFile("a: [\nb\n");
        var result = CliRunner.Run("lint", "--format", "json", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("CL001", finding.GetProperty("ruleId").GetString());
        Assert.Contains("opened at line 1, column 4 is not closed", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public void AnUnclosedFlowMappingNamesItsOpeningBrace()
    {
        var finding = Assert.Single(DesiredStateLoader.Load("f.yaml", "tenant: {name: a,\nx\n").Findings);
        Assert.Equal("CL001", finding.RuleId);
        Assert.Contains("'{' mapping opened at line 1, column 9", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("...\napiVersion: connectorlint/v1\n")]
    [InlineData("...\n")]
    public void ADocumentEndMarkerFirstIsCL001(string text)
    {
        var document = DesiredStateLoader.Load("f.yaml", text);
        var finding = Assert.Single(document.Findings);
        Assert.True(finding.RuleId is "CL001" or "CL002", finding.ToString());
        Assert.InRange(finding.Span.Line, 1, TextLines.Split(text).Length);
    }

    [Theory]
    [InlineData("a: !!!!![1]\n")]
    [InlineData("a: !<x y> 1\n")]
    public void AnInvalidTagIsCL001NotACrash(string text)
    {
        var finding = Assert.Single(DesiredStateLoader.Load("f.yaml", text).Findings);
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal(1, finding.Span.Line);
    }

    [Theory]
    [InlineData("a:\n  - :\n", 2, 5)]
    [InlineData("- :\n", 1, 3)]
    [InlineData("a:\n  - - : x\n    b: 1\n", 2, 7)]
    public void AnEmptyKeyAfterADashIsRefusedWithTheReason(string text, int line, int column)
    {
        var finding = Assert.Single(DesiredStateLoader.Load("f.yaml", text).Findings);
        Assert.Equal("CL001", finding.RuleId);
        Assert.Equal((line, column), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("empty key", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected YAML event", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenant:\n  name: |\n    a\tb\n    \tc\n")]
    [InlineData("name: \"p\n\tq\"\n")]
    [InlineData("name: 'p\n\tq'\n")]
    [InlineData("tenant:\n  name: \"p\n   \tq\"\n")]
    public void TabsInsideBlockScalarsAndQuotedStringsAreValid(string text)
    {
        var read = YamlTreeReader.Read("f.yaml", text);
        Assert.Null(read.Error);
    }

    [Fact]
    public void TabIndentationAfterValidLinesIsStillBlamedOnTheTab()
    {
        var finding = Assert.Single(DesiredStateLoader.Load("f.yaml", "a: 1\nb:\n  c: 2\n\td: 3\n").Findings);
        Assert.Equal((4, 1), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("tab is used for indentation", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    public void EveryLineBreakYamlCountsIsALineForTheTool(string lineBreak)
    {
        var text = string.Join(lineBreak, "apiVersion: connectorlint/v1", "tenant:", "  name: contoso", "  cloud: moon", "");
        var document = DesiredStateLoader.Load("f.yaml", text);
        Assert.Equal(5, document.Lines.Count);
        var cloud = Assert.Single(document.Findings, f => f.Message.Contains("moon", StringComparison.Ordinal));
        Assert.Equal(4, cloud.Span.Line);
        Assert.Equal("  cloud: moon", document.Lines[cloud.Span.Line - 1]);
    }

    [Fact]
    public void InvalidUtf8IsReportedOnTheLineTheReaderCounts()
    {
        var bytes = Encoding.UTF8.GetBytes("a: 1\rb: 2\u2028c: ").Concat(new byte[] { 0xFF }).ToArray();
        var finding = Assert.Single(DesiredStateLoader.Load("f.yaml", bytes).Findings);
        Assert.Equal((3, 4), (finding.Span.Line, finding.Span.Column));
    }

    [Fact]
    public void TextLinesSplitsOnEveryBreakOnce()
    {
        Assert.Equal(["a", "b", "c", "d", ""], TextLines.Split("a\r\nb\rc\nd\n"));
        Assert.Equal([""], TextLines.Split(""));
        Assert.Equal(2, TextLines.BreakLength("\r\n", 0));
        Assert.Equal(0, TextLines.BreakLength("x", 0));
    }

    [Theory]
    [InlineData("smartHosts: []")]
    [InlineData("")]
    public void ASendConnectorWithoutDnsRoutingOrSmartHostsNeitherCrashesLintNorTrace(string replacement)
    {
        var example = TestPaths.ExampleText("contoso-hybrid.yaml");
        var path = TempFile(example.Replace("smartHosts: [contoso-com.mail.protection.outlook.com]", replacement, StringComparison.Ordinal));

        var lint = CliRunner.Run("lint", "--format", "json", path);
        Assert.Equal(1, lint.ExitCode);
        Assert.DoesNotContain("internal error", lint.Stderr, StringComparison.Ordinal);

        var trace = CliRunner.Run("trace", path, "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com");
        Assert.Equal(1, trace.ExitCode);
        Assert.Contains("550 5.4.4", trace.Stdout, StringComparison.Ordinal);
        Assert.Equal("", trace.Stderr);
    }

    [Fact]
    public void AnEndlessFileIsStoppedAtTheLimit()
    {
        var result = CliRunner.Run("lint", "--max-file-size", "1000", "--format", "json", "/dev/zero");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("over the 1,000 bytes limit", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessConfigurationZoneAndBatchInputEndWithAUsageError()
    {
        var example = TestPaths.Example("contoso-hybrid.yaml");
        foreach (var args in new[]
                 {
                     new[] { "lint", "--config", "/dev/zero", example },
                     ["drift", example, "--zone-file", "/dev/zero"],
                     ["spf", "check", "--batch", "/dev/zero"],
                 })
        {
            var result = CliRunner.Run(args);
            Assert.Equal(2, result.ExitCode);
            Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("/dev/zero", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BoundedFileCountsTheBytesNotTheReportedLength()
    {
        using var stream = new MemoryStream(new byte[5000]);
        Assert.Throws<ConnectorLint.IO.InputTooLargeException>(() => ConnectorLint.IO.BoundedFile.ReadAllBytes(stream, "s", 4999));
        stream.Position = 0;
        Assert.Equal(5000, ConnectorLint.IO.BoundedFile.ReadAllBytes(stream, "s", 5000).Length);

        using var lines = new ConnectorLint.IO.BoundedLineReader(new StringReader("abc\r\ndefg\n"), "s", 3);
        Assert.Equal("abc", lines.ReadLine());
        Assert.Throws<IOException>(() => lines.ReadLine());
    }

    [Theory]
    [InlineData("--timeout", "NaN")]
    [InlineData("--timeout", "infinity")]
    [InlineData("--timeout", "1e300")]
    [InlineData("--timeout", "-1s")]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "61s")]
    [InlineData("--retries", "6")]
    [InlineData("--retries", "-1")]
    public void OutOfRangeDnsSettingsAreAOneLineUsageError(string option, string value)
    {
        var result = CliRunner.Run("spf", "check", "--ip", "192.0.2.1", "--sender", "a@b.example", "--dns-server", "127.0.0.1:1", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"connectorlint: error: {option} ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void SymbolicLinkLoopsAreWalkedOnce()
    {
        var root = Directory.CreateTempSubdirectory("connectorlint-links-").FullName;
        var sub = Directory.CreateDirectory(Path.Combine(root, "sub")).FullName;
        File.Copy(TestPaths.Example("contoso-hybrid.yaml"), Path.Combine(sub, "org.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(root, "a"), ".");
        Directory.CreateSymbolicLink(Path.Combine(root, "b"), ".");
        Directory.CreateSymbolicLink(Path.Combine(sub, "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(sub, "self"), sub);
        Directory.CreateSymbolicLink(Path.Combine(root, "dangling"), Path.Combine(root, "nowhere"));
        Directory.CreateSymbolicLink(Path.Combine(root, "loop1"), Path.Combine(root, "loop2"));
        Directory.CreateSymbolicLink(Path.Combine(root, "loop2"), Path.Combine(root, "loop1"));

        var files = FileDiscovery.Expand([root]).Files.Select(f => f.Path);
        Assert.Equal(Path.Combine(sub, "org.yaml"), FileDiscovery.RealPath(Assert.Single(files)));
    }
}
