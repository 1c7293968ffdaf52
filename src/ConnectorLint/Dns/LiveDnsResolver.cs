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
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DnsResponse.Timeout;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The bytes come from the network: a packet DnsClient cannot parse (a compression-pointer
            // loop, a record that overruns), an ID that never matched, a refused socket. Each leaves
            // the answer unknown; none of the attacker's bytes reach the user.
            return DnsResponse.ServerFailure;
        }

        // DnsClient checks the ID; the question is checked here, on every path (UDP and TCP alike):
        // an answer is used only if it answers the question asked.
        if (!AnswersQuestion(response, name, type))
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

        // Records are taken only for the name asked and the aliases its CNAME chain leads to.
        var owners = new HashSet<string>(StringComparer.Ordinal) { DnsName.Normalize(name) };
        foreach (var alias in response.Answers.OfType<CNameRecord>())
        {
            if (owners.Contains(DnsName.Normalize(alias.DomainName.Original)))
            {
                owners.Add(DnsName.Normalize(alias.CanonicalName.Original));
            }
        }

        var records = new List<DnsRecord>();
        foreach (var answer in response.Answers)
        {
            var owner = DnsName.Normalize(answer.DomainName.Original);
            if (!owners.Contains(owner))
            {
                continue;
            }

            switch (answer)
            {
                case ARecord a when type == DnsRecordType.A:
                    records.Add(new AddressRecord(owner, a.Address));
                    break;
                case AaaaRecord aaaa when type == DnsRecordType.AAAA:
                    records.Add(new AddressRecord(owner, aaaa.Address));
                    break;
                case MxRecord mx when type == DnsRecordType.MX:
                    records.Add(new MxRecordData(owner, mx.Preference, DnsName.Normalize(mx.Exchange.Original)));
                    break;
                case DnsClient.Protocol.TxtRecord txt when type == DnsRecordType.TXT:
                    records.Add(new Dns.TxtRecord(owner, txt.Text.ToList()));
                    break;
                case DnsClient.Protocol.PtrRecord ptr when type == DnsRecordType.PTR:
                    records.Add(new Dns.PtrRecord(owner, DnsName.Normalize(ptr.PtrDomainName.Original)));
                    break;
                case CNameRecord cname when type == DnsRecordType.CNAME:
                    records.Add(new CnameRecord(owner, DnsName.Normalize(cname.CanonicalName.Original)));
                    break;
            }
        }

        return records.Count > 0 ? new DnsResponse(DnsStatus.Ok, records) : DnsResponse.NoData;
    }

    /// <summary>Exactly one question, the one asked: same name (case aside), type and class.</summary>
    internal static bool AnswersQuestion(IDnsQueryResponse response, string name, DnsRecordType type)
    {
        if (response.Questions.Count != 1)
        {
            return false;
        }

        var question = response.Questions[0];
        return question.QuestionType == ToQueryType(type)
            && question.QuestionClass == QueryClass.IN
            && DnsName.Normalize(question.QueryName.Original) == DnsName.Normalize(name);
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
