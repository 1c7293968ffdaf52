namespace ConnectorLint.Dns;

/// <summary>
/// One run's view of DNS: queries in flight bounded, each name and type asked once and shared,
/// and counted, so a run can tell "no server answered at all" (exit 2) from "some lookups failed".
/// Every command that asks live DNS asks through one of these.
/// </summary>
public sealed class DnsSession : IDnsResolver
{
    private readonly CountingDnsResolver counting;
    private readonly CachingDnsResolver cache;

    public DnsSession(IDnsResolver resolver, int concurrency = DefaultConcurrency)
    {
        counting = new CountingDnsResolver(resolver, concurrency);
        cache = new CachingDnsResolver(counting);
    }

    public const int DefaultConcurrency = 64;

    public int Queries => counting.Queries;

    public int Failures => counting.Failures;

    public int Completed => counting.Completed;

    public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default) =>
        cache.QueryAsync(name, type, cancellationToken);
}
