using ConnectorLint.Tests.Import;

namespace ConnectorLint.Tests.Cli;

/// <summary>What command-line users expect without reading the manual.</summary>
public sealed class ConventionTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Bare_connectorlint_prints_the_help()
    {
        var result = CliRunner.Run();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("[command] [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Commands:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("plan", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_spelt_yml_is_read_like_yaml_and_both_at_once_are_refused()
    {
        var file = Path.Combine(folder.Path, "org.yaml");
        File.Copy(TestPaths.Example("open-relay.yaml"), file);
        var before = CliRunner.Run("lint", file, "--today", "2026-12-07");
        Assert.Contains(" CL401:", before.Stdout, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(folder.Path, ".connectorlint.yml"), "rules:\n  CL401: off\n");
        var yml = CliRunner.Run("lint", file, "--today", "2026-12-07");
        File.WriteAllText(Path.Combine(folder.Path, ".connectorlint.yaml"), "rules:\n  CL401: off\n");
        var both = CliRunner.Run("lint", file, "--today", "2026-12-07");

        Assert.DoesNotContain(" CL401:", yml.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("both .connectorlint.yaml and .connectorlint.yml are here; keep one of them.", both.Stdout + both.Stderr, StringComparison.Ordinal);
    }
}
