using System.Text.Json;

namespace ConnectorLint.Tests.Loading;

public class SchemaTests
{
    private static JsonElement Schema() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "schemas", "connectorlint.schema.json"))).RootElement;

    [Fact]
    public void TheSchemaIdIsTheRawAddressOfTheFileOnTheDefaultBranchAndTheReadmePinsTheReleasedOne()
    {
        var id = Schema().GetProperty("$id").GetString()!;
        Assert.Equal("https://raw.githubusercontent.com/connectorlint/connectorlint/main/schemas/connectorlint.schema.json", id);
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var released = ConnectorLint.Loading.DesiredStateSchema.ReleasedAddress(ConnectorLint.Reporting.LintReport.EngineVersion);
        Assert.Equal(id.Replace("/main/", $"/v{ConnectorLint.Reporting.LintReport.EngineVersion}/", StringComparison.Ordinal), released);
        Assert.Contains($"# yaml-language-server: $schema={released}", readme, StringComparison.Ordinal);
        Assert.Contains($"\"{released}\": \"mailflow/*.yaml\"", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryObjectIsClosedAndEveryPropertyDescribed()
    {
        var problems = new List<string>();
        Walk(Schema(), "#", problems);
        Assert.Empty(problems);
    }

    private static void Walk(JsonElement node, string path, List<string> problems)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("properties", out var properties))
        {
            if (!node.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                problems.Add($"{path}: additionalProperties is not false");
            }

            foreach (var property in properties.EnumerateObject())
            {
                if (!property.Value.TryGetProperty("description", out _))
                {
                    problems.Add($"{path}/{property.Name}: no description");
                }
            }
        }

        foreach (var child in node.EnumerateObject())
        {
            if (child.Value.ValueKind == JsonValueKind.Object)
            {
                Walk(child.Value, path + "/" + child.Name, problems);
            }
            else if (child.Value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in child.Value.EnumerateArray())
                {
                    Walk(item, $"{path}/{child.Name}[{i++}]", problems);
                }
            }
        }
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("10.0.0.0/24", true)]
    [InlineData("10.0.0.1-10.0.0.9", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("10.0.0.256", false)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("mail.contoso.com", false)]
    public void RemoteIPRangesAcceptAddressesBlocksAndRanges(string value, bool valid)
    {
        var text = TestPaths.ExampleText("contoso-hybrid.yaml").Replace("remoteIPRanges: [10.20.0.0/24]", $"remoteIPRanges: [\"{value}\"]", StringComparison.Ordinal);
        var findings = Linter.LintText("ranges.yaml", text);
        if (valid)
        {
            Assert.DoesNotContain(findings, f => f.RuleId == "CL002");
        }
        else
        {
            var finding = Assert.Single(findings);
            Assert.Equal("CL002", finding.RuleId);
            Assert.Contains("IPv4 or IPv6 address, CIDR block or a-b range", finding.Message, StringComparison.Ordinal);
        }
    }
}
