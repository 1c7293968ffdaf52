using ConnectorLint.Dns;
using ConnectorLint.Drift;
using ConnectorLint.Loading;
using ConnectorLint.Model;

namespace ConnectorLint.Tests.Drift;

/// <summary>DriftChecker on its own, over the example and its zone file with one record changed at a time.</summary>
public class DriftCheckerTests
{
    private static readonly DesiredState State = DesiredStateLoader.LoadFile(TestPaths.Example("contoso-hybrid.yaml")).State!;

    private static string Zone => File.ReadAllText(TestPaths.Example("contoso.zone"));

    private static DriftChecker.Result Check(string zone, Func<InMemoryDnsResolver, InMemoryDnsResolver>? more = null)
    {
        var dns = ZoneFile.Parse("contoso.zone", zone);
        return new DriftChecker(more is null ? dns : more(dns)).CheckAsync(State).GetAwaiter().GetResult();
    }

    private static string Replace(string zone, string from, string to)
    {
        Assert.Contains(from, zone, StringComparison.Ordinal);
        return zone.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void TheZoneOfTheExampleIsInSync()
    {
        var result = Check(Zone);
        Assert.Empty(result.Observations);
        Assert.All(result.Domains, d => Assert.Equal(RecordState.InSync, d.State));
    }

    [Fact]
    public void ASecondMxIsMxDriftAtTheMxOfTheFile()
    {
        var result = Check(Replace(Zone, "@        IN MX  0 contoso-net.mail.protection.outlook.com.", "@        IN MX  0 contoso-net.mail.protection.outlook.com.\n@        IN MX  10 backup.contoso.net."));
        var observation = Assert.Single(result.Observations);
        Assert.Equal(DriftCheck.MxDrift, observation.Check);
        Assert.Equal(State.AcceptedDomains[1].MxSpan, observation.Span);
        var mx = result.Domains.Single(d => d.Domain == "contoso.net").Records.Single(r => r.Type == "MX");
        Assert.Equal(RecordState.Drift, mx.State);
        Assert.Equal(["10 backup.contoso.net"], mx.OnlyLive);
        Assert.Empty(mx.OnlyDesired);
    }

    /// <summary>The same host at another preference is drift: with a second MX, the preference decides which one gets the mail.</summary>
    [Fact]
    public void AChangedMxPreferenceIsMxDrift()
    {
        var result = Check(Replace(Zone, "@        IN MX  0 contoso-net.mail.protection.outlook.com.", "@        IN MX  10 contoso-net.mail.protection.outlook.com."));

        var observation = Assert.Single(result.Observations);
        Assert.Equal(DriftCheck.MxDrift, observation.Check);
        Assert.Equal(State.AcceptedDomains[1].MxSpan, observation.Span);
        var mx = result.Domains.Single(d => d.Domain == "contoso.net").Records.Single(r => r.Type == "MX");
        Assert.Equal(RecordState.Drift, mx.State);
        Assert.Equal(["10 contoso-net.mail.protection.outlook.com"], mx.OnlyLive);
        Assert.Equal(["0 contoso-net.mail.protection.outlook.com"], mx.OnlyDesired);
    }

    [Fact]
    public void AnSpfThatMeansTheSameIsNotDriftButOneThatDoesIs()
    {
        var spelledOtherwise = Replace(Zone, "\"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"\n_dmarc   IN TXT \"v=DMARC1; p=reject", "\"V=SPF1  +ip4:203.0.113.24/29 INCLUDE:spf.protection.outlook.com -all\"\n_dmarc   IN TXT \"v=DMARC1; p=reject");
        Assert.Empty(Check(spelledOtherwise).Observations);

        var softer = Replace(Zone, "\"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"\n_dmarc   IN TXT \"v=DMARC1; p=reject", "\"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com ~all\"\n_dmarc   IN TXT \"v=DMARC1; p=reject");
        var observation = Assert.Single(Check(softer).Observations);
        Assert.Equal((DriftCheck.SpfDrift, State.AcceptedDomains[0].Spf!.Value.Span), (observation.Check, observation.Span));
    }

    [Fact]
    public void TwoSpfRecordsAreMultipleSpf()
    {
        var twice = Replace(Zone, "_dmarc   IN TXT \"v=DMARC1; p=reject", "@        IN TXT \"v=spf1 -all\"\n_dmarc   IN TXT \"v=DMARC1; p=reject");
        Assert.Contains(Check(twice).Observations, o => o.Check == DriftCheck.MultipleSpf && o.Span == State.AcceptedDomains[0].Spf!.Value.Span);
    }

    [Fact]
    public void ADifferentDmarcPolicyIsDmarcDrift()
    {
        var observation = Assert.Single(Check(Replace(Zone, "p=quarantine", "p=none")).Observations);
        Assert.Equal((DriftCheck.DmarcDrift, State.AcceptedDomains[1].Dmarc!.Value.Span), (observation.Check, observation.Span));
    }

    [Fact]
    public void AnMxHostAndSmartHostThatDoNotResolveAreUnresolvableEachAtItsLine()
    {
        var observations = Check(Replace(Zone, "contoso-com.mail.protection IN A 52.101.68.10\n", "")).Observations;
        Assert.All(observations, o => Assert.Equal(DriftCheck.Unresolvable, o.Check));
        int[] expected = [TestPaths.ExampleLine("contoso-hybrid.yaml", "- exchange: contoso-com.mail.protection.outlook.com"),
            TestPaths.ExampleLine("contoso-hybrid.yaml", "smartHosts: [contoso-com.mail.protection.outlook.com]")];
        Assert.Equal(expected, observations.Select(o => o.Span.Line).Order());
        Assert.All(observations, o => Assert.Contains("'contoso-com.mail.protection.outlook.com' has no A or AAAA record", o.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ADirectSendSenderOutsideTheLiveSpfFailsCheckHost()
    {
        var narrowed = Zone.Replace("ip4:203.0.113.24/29 include", "ip4:203.0.113.32/29 include", StringComparison.Ordinal);
        var result = Check(narrowed);
        var fails = Assert.Single(result.Observations, o => o.Check == DriftCheck.EgressFailsSpf);
        Assert.StartsWith("203.0.113.27 (direct-send sender 'Door access system') gets fail", fails.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Observations, o => o.Check == DriftCheck.LookupFailed);
    }

    [Fact]
    public void AFailedLookupIsUnknownNeverDrift()
    {
        var result = Check(Zone, dns => dns.AddTimeout("contoso.net", DnsRecordType.A));
        Assert.NotEmpty(result.Observations);
        Assert.All(result.Observations, o => Assert.Equal(DriftCheck.LookupFailed, o.Check));
        var net = result.Domains.Single(d => d.Domain == "contoso.net");
        Assert.Equal(RecordState.Unknown, net.State);
    }

    [Fact]
    public void TooManyLiveLookupsAreCountedThroughIncludes()
    {
        var includes = string.Join(' ', Enumerable.Range(1, 6).Select(i => $"include:s{i}.contoso.com"));
        var inner = string.Join('\n', Enumerable.Range(1, 6).Select(i => $"s{i}     IN TXT \"v=spf1 a:h{i}.contoso.com -all\"\nh{i}     IN A 203.0.113.{i}"));
        var zone = Replace(Zone, "\"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"\n_dmarc   IN TXT \"v=DMARC1; p=reject", $"\"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com {includes} -all\"\n{inner}\n_dmarc   IN TXT \"v=DMARC1; p=reject");
        var limit = Assert.Single(Check(zone).Observations, o => o.Check == DriftCheck.LiveLookupLimit);
        Assert.Contains("needs 13 DNS lookups (limit 10)", limit.Message, StringComparison.Ordinal);
        Assert.Contains(limit.Details, line => line.Contains("    include:s1.contoso.com: 1 lookup", StringComparison.Ordinal));
    }
}
