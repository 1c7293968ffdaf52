using ConnectorLint.Diagnostics;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Reporting;

/// <summary>No value from a file or from DNS can start a line of its own in any human-readable output.</summary>
public class InjectionTests
{
    private const string Evil = "x\n::error file=evil.yaml,line=1::injected";

    private static string EvilFile()
    {
        var text = TestPaths.ExampleText("contoso-hybrid.yaml")
            .Replace("name: Outbound to Office 365", "name: \"x\\n::error file=evil.yaml,line=1::injected\"", StringComparison.Ordinal)
            .Replace("port: 25\n      requireTls: true", "port: 587\n      requireTls: true", StringComparison.Ordinal)
            .Replace("name: Copier 3rd floor", "name: \"a\\r\\n::warning::b\\u2028c\\u001b[31m\"", StringComparison.Ordinal)
            .Replace("mailFrom: scanner@contoso.com", "mailFrom: scanner@fabrikam.com", StringComparison.Ordinal);
        var path = Path.Combine(Directory.CreateTempSubdirectory("connectorlint-inject-").FullName, "evil.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("text")]
    [InlineData("markdown")]
    [InlineData("github")]
    public void NoOutputLineStartsAWorkflowCommandFromAValue(string format)
    {
        var result = CliRunner.Run("lint", "--format", format, EvilFile());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("injected", result.Stdout, StringComparison.Ordinal);
        foreach (var line in result.Stdout.Split('\n'))
        {
            var trimmed = line.TrimStart();
            Assert.False(trimmed.StartsWith("::error file=evil.yaml,line=1::", StringComparison.Ordinal), line);
            Assert.False(trimmed.StartsWith("::warning::b", StringComparison.Ordinal), line);
            Assert.DoesNotContain('\u001b', line);
            Assert.DoesNotContain('\u2028', line);
            Assert.DoesNotContain('\r', line);
        }
    }

    [Fact]
    public void TraceTextEscapesValues()
    {
        var result = CliRunner.Run("trace", EvilFile(), "--sender", "a\r\n::warning::b\u2028c\u001b[31m", "--to", "someone@fabrikam.com");
        Assert.Contains("outcome:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\n::", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public void EscapeShowsEveryLineBreakAndControlCharacter()
    {
        Assert.Equal("a\\nb\\rc\\u2028d\\u0085e\\u001B\tf", PrintableText.Escape("a\nb\rc\u2028d\u0085e\u001b\tf"));
        Assert.Same("plain", PrintableText.Escape("plain"));
    }

    [Fact]
    public void FindingMessagesKeepOnlyTheEnginesOwnDetailLines()
    {
        var finding = Finding.Create(ConnectorLint.Rules.FileRules.Parse.Descriptor, default, Evil, details: ["  include:a\nb: 1 lookup"]);
        Assert.Equal(["x\\n::error file=evil.yaml,line=1::injected", "  include:a\\nb: 1 lookup"], finding.Message.Split('\n'));
    }
}
