using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ConnectorLint.Dns;

/// <summary>Settings for the live resolver: which servers, how long to wait, how often to retry.</summary>
public sealed record LiveDnsOptions
{
    /// <summary>Servers to ask; empty means the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Retries { get; init; } = 1;

    /// <summary>Parses "HOST" or "HOST:PORT" ("[::1]:5353" for IPv6).</summary>
    public static IPEndPoint ParseServer(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            if (endpoint.Port == 0)
            {
                endpoint.Port = 53;
            }

            return endpoint;
        }

        throw new FormatException($"'{text}' is not a DNS server address (HOST or HOST:PORT, an IP address)");
    }
}

/// <summary>Asks real DNS servers through DnsClient; TCP fallback on truncation; failures told apart from absence.</summary>
public sealed class LiveDnsResolver : IDnsResolver
{
    private readonly LookupClient client;

    public LiveDnsResolver(LiveDnsOptions options)
    {
        var clientOptions = options.Servers.Count > 0
            ? new LookupClientOptions(options.Servers.Select(s => new NameServer(s)).ToArray())
            : new LookupClientOptions();
        clientOptions.Timeout = options.Timeout;
        clientOptions.Retries = options.Retries;
        clientOptions.UseTcpFallback = true;
        clientOptions.UseCache = false;
        clientOptions.ThrowDnsErrors = false;
        clientOptions.ContinueOnDnsError = true;
        clientOptions.ContinueOnEmptyResponse = false;
        clientOptions.Recursion = true;
        client = new LookupClient(clientOptions);
    }

    public async ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(name, ToQueryType(type), QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException ex) when (ex.Code is DnsResponseCode.ConnectionTimeout)
        {
            return DnsResponse.Timeout;
        }
        catch (DnsResponseException)
        {
            return DnsResponse.ServerFailure;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DnsResponse.Timeout;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return DnsResponse.ServerFailure;
        }

        switch (response.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NotExistentDomain:
                return DnsResponse.NxDomain;
            case DnsHeaderResponseCode.NoError:
                break;
            default:
                return DnsResponse.ServerFailure;
        }

        var records = new List<DnsRecord>();
        foreach (var answer in response.Answers)
        {
            var owner = DnsName.Normalize(answer.DomainName.Value);
            switch (answer)
            {
                case ARecord a when type == DnsRecordType.A:
                    records.Add(new AddressRecord(owner, a.Address));
                    break;
                case AaaaRecord aaaa when type == DnsRecordType.AAAA:
                    records.Add(new AddressRecord(owner, aaaa.Address));
                    break;
                case MxRecord mx when type == DnsRecordType.MX:
                    records.Add(new MxRecordData(owner, mx.Preference, DnsName.Normalize(mx.Exchange.Value)));
                    break;
                case DnsClient.Protocol.TxtRecord txt when type == DnsRecordType.TXT:
                    records.Add(new Dns.TxtRecord(owner, txt.Text.ToList()));
                    break;
                case DnsClient.Protocol.PtrRecord ptr when type == DnsRecordType.PTR:
                    records.Add(new Dns.PtrRecord(owner, DnsName.Normalize(ptr.PtrDomainName.Value)));
                    break;
                case CNameRecord cname when type == DnsRecordType.CNAME:
                    records.Add(new CnameRecord(owner, DnsName.Normalize(cname.CanonicalName.Value)));
                    break;
            }
        }

        return records.Count > 0 ? new DnsResponse(DnsStatus.Ok, records) : DnsResponse.NoData;
    }

    private static QueryType ToQueryType(DnsRecordType type) => type switch
    {
        DnsRecordType.A => QueryType.A,
        DnsRecordType.AAAA => QueryType.AAAA,
        DnsRecordType.MX => QueryType.MX,
        DnsRecordType.TXT => QueryType.TXT,
        DnsRecordType.PTR => QueryType.PTR,
        _ => QueryType.CNAME,
    };
}

/// <summary>Asks each name and type once per run; concurrent askers share one lookup.</summary>
public sealed class CachingDnsResolver(IDnsResolver inner) : IDnsResolver
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, DnsRecordType), Lazy<Task<DnsResponse>>> cache = new();

    public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        var key = (DnsName.Normalize(name), type);
        var entry = cache.GetOrAdd(key, k => new Lazy<Task<DnsResponse>>(() => inner.QueryAsync(k.Item1, k.Item2, cancellationToken).AsTask()));
        return new ValueTask<DnsResponse>(entry.Value);
    }
}
