namespace ConnectorLint.Tests.Cli;

/// <summary>A typo in a command, an option, a format or a rule ID is told with the nearest right one, and exits 2.</summary>
public class DidYouMeanTests
{
    [Theory]
    [InlineData("'lnt' is not a command; did you mean 'lint'?", "lnt", "x.yaml")]
    [InlineData("'--fromat' is not an option of 'lint'; did you mean '--format'?", "lint", "--fromat", "json", "x.yaml")]
    [InlineData("'--sendr' is not an option of 'trace'; did you mean '--sender'?", "trace", "x.yaml", "--sendr", "Scanner")]
    [InlineData("'jsn' is not a format; did you mean 'json'?", "lint", "--format", "jsn", "x.yaml")]
    [InlineData("no rule 'CL3055'; did you mean CL305?", "explain", "CL3055")]
    public void TheNearestNameIsSuggested(string message, params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void AnUnknownOptionIsNeverTakenForAPath()
    {
        var result = CliRunner.Run("lint", "-x", TestPaths.Example("contoso-hybrid.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'-x' is not an option of 'lint'", result.Stderr, StringComparison.Ordinal);
    }
}
