using ConnectorLint.Cli;
using ConnectorLint.Diagnostics;

namespace ConnectorLint.Tests.Cli;

/// <summary>--fail-on is read in one place, by every command that has it (lint, drift, probe, review).</summary>
public class FailOnTests
{
    [Theory]
    [InlineData(null, Severity.Error)]
    [InlineData("error", Severity.Error)]
    [InlineData("warning", Severity.Warning)]
    [InlineData("note", Severity.Note)]
    [InlineData("never", null)]
    public void EachValueIsTheLeastSeverityThatFails(string? value, Severity? least) =>
        Assert.Equal(least, OutputOptions.FailThreshold(value));

    [Fact]
    public void AValueTheOptionRefusesIsNotReadAsAThreshold() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OutputOptions.FailThreshold("critical"));

    [Theory]
    [InlineData("lint")]
    [InlineData("review")]
    public void EveryCommandRefusesTheSameValuesInTheSameWords(string command)
    {
        string[] args = [command, TestPaths.Example("contoso-hybrid.yaml"), "--fail-on", "critical", .. command == "review" ? ["--base", "HEAD"] : Array.Empty<string>()];
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("connectorlint: error: Argument 'critical' not recognized. Must be one of: 'error', 'warning', 'note', 'never'\n", result.Stderr, StringComparison.Ordinal);
    }
}
