namespace ConnectorLint.Dns;

/// <summary>
/// Bounds how many queries are in flight and counts how many were answered, so a run can tell
/// "no server answered at all" (exit 2) from "some lookups failed" (CL508).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A SemaphoreSlim holds an operating-system handle only once its AvailableWaitHandle is read, which nothing does.")]
public sealed class CountingDnsResolver(IDnsResolver inner, int concurrency) : IDnsResolver
{
    /// <summary>
    /// When this many lookups have ended and none was answered, no server is there: the rest fail at
    /// once instead of each waiting out its timeout and retries.
    /// </summary>
    public const int GiveUpAfter = 4;

    private readonly SemaphoreSlim slots = new(Math.Max(1, concurrency));
    private int queries;
    private int failures;
    private int completed;

    /// <summary>True once <see cref="GiveUpAfter"/> lookups ended and none was answered.</summary>
    public bool GaveUp => Volatile.Read(ref completed) >= GiveUpAfter && Volatile.Read(ref failures) == Volatile.Read(ref completed);

    public int Queries => Volatile.Read(ref queries);

    public int Failures => Volatile.Read(ref failures);

    public int Completed => Volatile.Read(ref completed);

    public async ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref queries);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = GaveUp ? DnsResponse.ServerFailure : await inner.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
            // A zone file that does not hold a name has answered (unknown, not unreachable): not a failure of the source.
            if (response.Status is DnsStatus.Timeout or DnsStatus.ServerFailure)
            {
                Interlocked.Increment(ref failures);
            }

            return response;
        }
        finally
        {
            Interlocked.Increment(ref completed);
            slots.Release();
        }
    }
}
