namespace ConnectorLint.Tests.Cli;

/// <summary>What probe says before it connects anywhere: its arguments, and a run with nothing to probe.</summary>
public class ProbeCommandTests
{
    private static readonly string Example = TestPaths.Example("contoso-hybrid.yaml");

    [Theory]
    [InlineData("mail.contoso.com")]
    [InlineData("=127.0.0.1")]
    [InlineData("mail.contoso.com=not-an-address")]
    [InlineData("mail.contoso.com=127.0.0.1:0")]
    public void HostThatIsNotNameEqualsAddressIsAUsageError(string host)
    {
        var result = CliRunner.Run("probe", Example, "--host", host);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--host '{host}' is not NAME=ADDRESS or NAME=ADDRESS:PORT", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--concurrency", "0", "--concurrency must be from 1 to 256.")]
    [InlineData("--timeout", "forever", "--timeout 'forever' is not a duration such as 2s or 500ms.")]
    [InlineData("--ca-file", "no-such-ca.pem", "--ca-file '")]
    public void BadOptionsAreUsageErrors(string option, string value, string message)
    {
        var result = CliRunner.Run("probe", Example, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyThatMatchesNoEndpointProbesNothingAndSaysSo()
    {
        var result = CliRunner.Run("probe", Example, "--only", "nowhere.contoso.com");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no SMTP endpoint of the files is named nowhere.contoso.com (--only); nothing was probed.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithErrorsReportsThemInsteadOfProbing()
    {
        var result = CliRunner.Run("probe", TestPaths.Fixture("several-errors.yaml"), "--only", "nowhere.contoso.com");
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("nothing was probed", result.Stderr, StringComparison.Ordinal);
    }
}
