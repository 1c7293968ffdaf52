using System.Net;
using ConnectorLint.Dns;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>
/// RFC 7208's limits on domain names, at their edges: a label of 63 octets and a name of 253 are
/// valid, one more is not. check_host() of a malformed domain is "none" (4.3); an include or
/// redirect to one is a permerror; an 'a' mechanism whose target is malformed does not match.
/// </summary>
public class SpfDomainLimitTests
{
    private static readonly string Label63 = new('a', 63);
    private static readonly string Label64 = new('a', 64);
    private static readonly string Name253 = string.Join('.', Enumerable.Repeat(new string('b', 49), 5)) + ".com";
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.1");

    private static SpfEvaluation CheckHost(string domain)
    {
        var dns = new InMemoryDnsResolver();
        foreach (var name in new[] { Label63 + ".example.com", Label64 + ".example.com", Name253, "c" + Name253 })
        {
            dns.Add(new TxtRecord(name, ["v=spf1 +all"]));
        }

        dns.Add(new AddressRecord(Label63 + ".example.com", Client));
        dns.Add(new AddressRecord(Label64 + ".example.com", Client));
        dns.Add(new TxtRecord("a63.example", [$"v=spf1 a:{Label63}.example.com -all"]));
        dns.Add(new TxtRecord("a64.example", [$"v=spf1 a:{Label64}.example.com -all"]));
        dns.Add(new TxtRecord("include64.example", [$"v=spf1 include:{Label64}.example.com -all"]));
        dns.Add(new TxtRecord("redirect64.example", [$"v=spf1 redirect={Label64}.example.com"]));
        return new SpfEvaluator(dns).CheckHostAsync(Client, domain, "someone@" + domain, domain).GetAwaiter().GetResult();
    }

    [Fact]
    public void TheNamesAreWhereTheLimitsAre()
    {
        Assert.Equal(253, Name253.Length);
        Assert.Equal(63, Label63.Length);
    }

    [Fact]
    public void ALabelOf63IsADomainAndOf64IsNone()
    {
        Assert.Equal(SpfResult.Pass, CheckHost(Label63 + ".example.com").Result);
        Assert.Equal(SpfResult.None, CheckHost(Label64 + ".example.com").Result);
    }

    [Fact]
    public void ANameOf253IsADomainAndOf254IsNone()
    {
        Assert.Equal(SpfResult.Pass, CheckHost(Name253).Result);
        Assert.Equal(SpfResult.None, CheckHost("c" + Name253).Result);
    }

    [Theory]
    [InlineData("single")]
    [InlineData("a..example.com")]
    [InlineData("[192.0.2.1]")]
    public void ANameThatIsNotAMultiLabelDomainIsNone(string domain) => Assert.Equal(SpfResult.None, CheckHost(domain).Result);

    [Fact]
    public void AnATargetWithA64OctetLabelDoesNotMatch()
    {
        Assert.Equal(SpfResult.Pass, CheckHost("a63.example").Result);
        Assert.Equal(SpfResult.Fail, CheckHost("a64.example").Result);
    }

    [Theory]
    [InlineData("include64.example", "'include:")]
    [InlineData("redirect64.example", "redirect=")]
    public void AnIncludeOrRedirectToAMalformedDomainIsAPermanentError(string domain, string named)
    {
        var evaluation = CheckHost(domain);
        Assert.Equal(SpfResult.PermError, evaluation.Result);
        Assert.StartsWith(named, evaluation.Problem, StringComparison.Ordinal);
        Assert.EndsWith("does not name a valid domain", evaluation.Problem, StringComparison.Ordinal);
    }
}
