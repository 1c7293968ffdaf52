using System.Net;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Dns;
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

    [Fact]
    public async Task TheMxOfADomainComesFromTheFile()
    {
        var resolver = new DesiredStateDnsResolver(State);
        var mx = Assert.IsType<MxRecordData>(Assert.Single((await resolver.QueryAsync("contoso.com", DnsRecordType.MX)).Records));
        Assert.Equal((0, "contoso-com.mail.protection.outlook.com"), (mx.Preference, mx.Exchange));
        Assert.True((await resolver.QueryAsync("fabrikam.com", DnsRecordType.MX)).IsFailure);
    }

    [Fact]
    public void InTheIncludeGraphADomainTheFileDoesNotHoldIsUnknown()
    {
        var graph = DesiredStateDnsResolver.IncludeGraph(State, "contoso.com", "v=spf1 include:contoso.net include:spf.northwind.example -all");
        Assert.Equal([SpfTargetKind.Record, SpfTargetKind.Unknown], graph.Children.Select(c => c.Kind));
    }
}
