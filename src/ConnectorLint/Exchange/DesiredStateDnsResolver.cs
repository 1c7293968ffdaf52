using System.Net;
using ConnectorLint.Dns;
using ConnectorLint.Model;
using ConnectorLint.Spf;

namespace ConnectorLint.Exchange;

/// <summary>
/// DNS as the desired state describes it: the SPF and MX of accepted domains. Everything else is
/// unknown offline (a server failure), so check_host returns temperror and no finding is made.
/// One exception: Microsoft's own SPF includes list Microsoft's ranges, which never hold an
/// organization's own egress addresses, so offline they are a record that matches nothing.
/// </summary>
public sealed class DesiredStateDnsResolver(DesiredState state) : IDnsResolver
{
    private static readonly HashSet<string> MicrosoftIncludes = new(StringComparer.OrdinalIgnoreCase)
    {
        ExchangeOnlineEndpoints.SpfInclude(Cloud.Commercial),
        ExchangeOnlineEndpoints.SpfInclude(Cloud.GccHigh),
        ExchangeOnlineEndpoints.SpfInclude(Cloud.China),
    };

    public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        if (type == DnsRecordType.TXT && MicrosoftIncludes.Contains(DnsName.Normalize(name)))
        {
            return ValueTask.FromResult(new DnsResponse(DnsStatus.Ok, [new TxtRecord(name, ["v=spf1 ~all"])]));
        }

        var domain = state.FindDomain(name);
        var response = (domain, type) switch
        {
            ({ Spf: { } spf }, DnsRecordType.TXT) => new DnsResponse(DnsStatus.Ok, [new TxtRecord(name, [spf.Value])]),
            ({ Mx.IsEmpty: false }, DnsRecordType.MX) => new DnsResponse(DnsStatus.Ok, [.. domain.Mx.Select(m => (DnsRecord)new MxRecordData(name, m.Preference.Value, m.Exchange.Value))]),
            _ => DnsResponse.ServerFailure,
        };
        return ValueTask.FromResult(response);
    }

    /// <summary>
    /// check_host() against the desired state, for rules and trace, which are synchronous. Every
    /// answer comes from memory, so the evaluation has finished when CheckHostAsync returns; nothing
    /// here waits on a task, and an evaluation that had not finished would be refused, not awaited.
    /// </summary>
    public static SpfEvaluation CheckHost(DesiredState state, IPAddress ip, string domain, string sender)
    {
        var evaluation = new SpfEvaluator(new DesiredStateDnsResolver(state)).CheckHostAsync(ip, domain, sender, domain);
        return evaluation.IsCompletedSuccessfully
            ? evaluation.Result
            : throw new InvalidOperationException("check_host over the desired state did not finish synchronously; its DNS answers from memory.");
    }

    /// <summary>
    /// The include graph of a record, over the records the desired state holds (what it does not
    /// hold is unknown). Synchronous for rules, like <see cref="CheckHost"/>: every answer comes from memory.
    /// </summary>
    public static SpfGraphNode IncludeGraph(DesiredState state, string domain, string record)
    {
        var resolver = new DesiredStateDnsResolver(state);
        async ValueTask<SpfLookup> LookUp(string name, CancellationToken cancellationToken)
        {
            var txt = await resolver.QueryAsync(name, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
            return txt.IsFailure ? SpfLookup.Unknown : SpfLookup.FromTexts([.. txt.Of<TxtRecord>().Select(t => t.Text)]);
        }

        var graph = SpfIncludeGraph.BuildAsync(domain, record, LookUp);
        return graph.IsCompletedSuccessfully
            ? graph.Result
            : throw new InvalidOperationException("the include graph over the desired state did not finish synchronously; its records are in memory.");
    }
}
