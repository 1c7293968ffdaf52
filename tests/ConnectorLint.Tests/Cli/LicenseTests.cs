using System.Xml.Linq;

namespace ConnectorLint.Tests.Cli;

/// <summary>The licence a company's legal review looks for: in the repository, named in the README, declared for the package.</summary>
public sealed class LicenseTests
{
    [Fact]
    public void The_repository_is_MIT_licensed_and_says_so_where_it_is_looked_for()
    {
        var license = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "LICENSE"));
        var project = XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "src", "ConnectorLint.Cli", "ConnectorLint.Cli.csproj"));

        Assert.StartsWith("MIT License\n\nCopyright (c) 2026 ConnectorLint contributors\n", license, StringComparison.Ordinal);
        Assert.Equal("MIT", project.Descendants("PackageLicenseExpression").Single().Value);
        Assert.Contains(project.Descendants("None"), n => n.Attribute("Include")?.Value == "../../LICENSE" && n.Attribute("Pack")?.Value == "true");
        Assert.Contains("[LICENSE](LICENSE)", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")), StringComparison.Ordinal);
    }
}
