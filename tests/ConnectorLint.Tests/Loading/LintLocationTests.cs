using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Loading;

public class LintLocationTests
{
    private static IReadOnlyList<Finding> LintVariant(string from, string to)
    {
        var text = TestPaths.ExampleText("contoso-hybrid.yaml");
        Assert.Contains(from, text, StringComparison.Ordinal);
        // CL409 (the bounce repeated at each sender) is not what these tests locate.
        return [.. Linter.LintText("variant.yaml", text.Replace(from, to, StringComparison.Ordinal)).Where(f => f.RuleId != "CL409")];
    }

    private static (int Line, int Column) PositionOf(string needle, int occurrence = 1)
    {
        var lines = TestPaths.ExampleText("contoso-hybrid.yaml").Replace("\r\n", "\n").Split('\n');
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(needle, StringComparison.Ordinal);
            if (column >= 0 && ++seen == occurrence)
            {
                return (i + 1, column + 1);
            }
        }

        throw new InvalidOperationException(needle + " not in the example");
    }

    [Fact]
    public void TheExampleLintsCleanAndExitsZero()
    {
        var result = CliRunner.Run("lint", TestPaths.Example("contoso-hybrid.yaml"));
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("no findings in 1 file", result.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void WrongCaseKeyIsCL002AtTheKey()
    {
        var findings = LintVariant("      requireTls: true\n      tlsAuthLevel", "      requireTLS: true\n      tlsAuthLevel");
        var finding = Assert.Single(findings);
        Assert.Equal("CL002", finding.RuleId);
        Assert.Equal(PositionOf("requireTls: true"), (finding.Span.Line, finding.Span.Column));
        Assert.Equal(finding.Span.Column + "requireTLS".Length, finding.Span.EndColumn);
        Assert.Contains("Did you mean 'requireTls'?", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567", "thumbprint: 01:23:45", "'01:23:45' is not a certificate thumbprint of 40 hex digits at onPremises.certificates[0].thumbprint.")]
    [InlineData("port: 25\n      requireTls", "port: 0\n      requireTls", "0 is out of range at onPremises.sendConnectors[0].port; expected 1 to 65535.")]
    [InlineData("port: 25\n      requireTls", "port: \"25\"\n      requireTls", "expected an integer at onPremises.sendConnectors[0].port, found string '25'. Remove the quotes.")]
    [InlineData("port: 25\n      requireTls", "port: \"twenty-five\"\n      requireTls", "expected an integer at onPremises.sendConnectors[0].port, found string 'twenty-five'.")]
    [InlineData("port: 25\n      requireTls", "port: twenty-five\n      requireTls", "expected an integer at onPremises.sendConnectors[0].port, found string 'twenty-five'.")]
    [InlineData("requireTls: true\n      tlsAuthLevel", "requireTls: yes\n      tlsAuthLevel", "expected true or false at onPremises.sendConnectors[0].requireTls, found string 'yes'.")]
    public void SchemaErrorsNameWhatWasExpectedAndWhere(string from, string to, string message)
    {
        var finding = Assert.Single(LintVariant(from, to));
        Assert.Equal("CL002", finding.RuleId);
        Assert.Equal(PositionOf(from.Split('\n')[0]).Line, finding.Span.Line);
        Assert.Equal(message, finding.Message);
    }

    [Fact]
    public void UnresolvedCertificateIsCL003AtTheValue()
    {
        var findings = LintVariant("tlsCertificate: smtp-2026", "tlsCertificate: smtp-2025");
        var finding = Assert.Single(findings);
        Assert.Equal("CL003", finding.RuleId);
        var (line, column) = PositionOf("tlsCertificate: smtp-2026");
        Assert.Equal((line, column + "tlsCertificate: ".Length), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("'smtp-2025'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("smtp-2026", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnresolvedServersAreCL003()
    {
        var findings = LintVariant("sourceTransportServers: [EX01]", "sourceTransportServers: [EX02]")
            .Concat(LintVariant("server: EX01", "server: EX9"))
            .Where(f => f.RuleId == "CL003")
            .ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("CL003", f.RuleId));
    }

    [Fact]
    public void DuplicateNamesAreCL004AtTheSecond()
    {
        var findings = LintVariant("  - domainName: contoso.net", "  - domainName: Contoso.COM");
        var finding = Assert.Single(findings, f => f.RuleId == "CL004");
        Assert.Equal("CL004", finding.RuleId);
        Assert.Equal(PositionOf("domainName: contoso.net").Line, finding.Span.Line);
        Assert.Contains($"first at line {PositionOf("domainName: contoso.com").Line}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralSchemaErrorsEachAtTheirNode()
    {
        var doc = DesiredStateLoader.LoadFile(TestPaths.Fixture("several-errors.yaml"));
        var found = doc.Findings.Select(f => (f.RuleId, f.Span.Line, f.Span.Column)).ToList();
        Assert.Equal(
            [
                ("CL002", 5, 10), // cloud: azure, at the value
                ("CL002", 12, 7), // server without fqdn: at the list item that lacks it
                ("CL002", 18, 13), // port: "25" is a string
                ("CL002", 19, 7), // requireTLS: at the key
                ("CL002", 20, 21), // tlsAuthLevel: domainvalidation
                ("CL002", 25, 24), // 10.20.0.0/33
            ],
            found);
    }

    [Fact]
    public void BadArgumentsExitTwoNotOne()
    {
        var result = CliRunner.Run("lint", TestPaths.Example("contoso-hybrid.yaml"), "--format", "xml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xml", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("lint").ExitCode);
        Assert.Equal(2, CliRunner.Run("frobnicate").ExitCode);
    }

    [Fact]
    public void FailOnSetsTheThreshold()
    {
        var path = TestPaths.Fixture("several-errors.yaml");
        Assert.Equal(1, CliRunner.Run("lint", path).ExitCode);
        Assert.Equal(0, CliRunner.Run("lint", path, "--fail-on", "never").ExitCode);
    }

    [Fact]
    public void OutputFileReceivesTheReport()
    {
        var output = Path.Combine(Path.GetTempPath(), $"connectorlint-{Guid.NewGuid():N}.json");
        try
        {
            var result = CliRunner.Run("lint", TestPaths.Fixture("several-errors.yaml"), "--format", "json", "--output", output);
            Assert.Equal(1, result.ExitCode);
            Assert.Empty(result.Stdout);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(output));
            Assert.Equal(6, json.RootElement.GetProperty("findings").GetArrayLength());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void SchemaCommandPrintsTheEmbeddedSchema()
    {
        var result = CliRunner.Run("schema");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "schemas", "connectorlint.schema.json")), result.Stdout);
    }
}
