using System.Net;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Exchange;

/// <summary>check_host() over the desired state: answered from memory, so it finishes without waiting.</summary>
public class DesiredStateDnsResolverTests
{
    private static readonly ConnectorLint.Model.DesiredState State =
        DesiredStateLoader.Load("t.yaml", TestPaths.ExampleText("contoso-hybrid.yaml")).State!;

    [Theory]
    [InlineData("203.0.113.25", SpfResult.Pass)]
    [InlineData("198.51.100.1", SpfResult.Fail)]
    public void CheckHostAnswersFromTheFile(string ip, SpfResult expected) =>
        Assert.Equal(expected, DesiredStateDnsResolver.CheckHost(State, IPAddress.Parse(ip), "contoso.com", "postmaster@contoso.com").Result);

    [Fact]
    public void MicrosoftsIncludeMatchesNoOrganizationAddressOffline()
    {
        var evaluation = DesiredStateDnsResolver.CheckHost(State, IPAddress.Parse("40.92.0.1"), "contoso.com", "postmaster@contoso.com");
        Assert.Equal(SpfResult.Fail, evaluation.Result);
    }

    [Fact]
    public void ADomainTheFileDoesNotHoldIsATemporaryErrorNotAFailure() =>
        Assert.Equal(SpfResult.TempError, DesiredStateDnsResolver.CheckHost(State, IPAddress.Parse("203.0.113.25"), "fabrikam.com", "postmaster@fabrikam.com").Result);
}
