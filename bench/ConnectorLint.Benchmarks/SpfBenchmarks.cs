using System.Net;
using BenchmarkDotNet.Attributes;
using ConnectorLint.Dns;
using ConnectorLint.Spf;

namespace ConnectorLint.Benchmarks;

/// <summary>SPF parse and check_host against the in-memory resolver (no network, no cache in between).</summary>
[MemoryDiagnoser]
public class SpfBenchmarks
{
    private const string Record = "v=spf1 ip4:203.0.113.24/29 ip6:2001:db8::/32 include:_spf.contoso.com a:mail.contoso.com mx -all";
    private InMemoryDnsResolver dns = null!;
    private SpfEvaluator evaluator = null!;
    private readonly IPAddress viaInclude = IPAddress.Parse("198.51.100.20");
    private readonly IPAddress stranger = IPAddress.Parse("192.0.2.200");

    [GlobalSetup]
    public void Setup()
    {
        dns = new InMemoryDnsResolver()
            .Add(new TxtRecord("contoso.com", [Record]))
            .Add(new TxtRecord("_spf.contoso.com", ["v=spf1 ip4:198.51.100.0/24 include:_spf2.contoso.com ~all"]))
            .Add(new TxtRecord("_spf2.contoso.com", ["v=spf1 ip4:192.0.2.0/25 -all"]))
            .Add(new AddressRecord("mail.contoso.com", IPAddress.Parse("203.0.113.25")))
            .Add(new MxRecordData("contoso.com", 0, "contoso-com.mail.protection.outlook.com"))
            .Add(new AddressRecord("contoso-com.mail.protection.outlook.com", IPAddress.Parse("52.101.0.1")));
        evaluator = new SpfEvaluator(dns);
    }

    [Benchmark]
    public SpfRecord Parse() => SpfParser.Parse(Record);

    [Benchmark]
    public IReadOnlyList<SpfRecordIssue> LintRecord() => SpfRecordLint.Check(Record, out _);

    /// <summary>Pass in the first included record: 2 lookups.</summary>
    [Benchmark]
    public Task<SpfEvaluation> CheckHostPassViaInclude() => evaluator.CheckHostAsync(viaInclude, "contoso.com", "user@contoso.com", "mail.contoso.com");

    /// <summary>Fail after every term: 5 lookups and address lookups of the MX host.</summary>
    [Benchmark]
    public Task<SpfEvaluation> CheckHostFailAfterAllTerms() => evaluator.CheckHostAsync(stranger, "contoso.com", "user@contoso.com", "mail.contoso.com");
}
