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
public sealed class DesiredStateDnsResolver(DesiredState state) : IDnsResolver, IDnsAnswers
{
    private static readonly HashSet<string> MicrosoftIncludes = new(StringComparer.OrdinalIgnoreCase)
    {
        ExchangeOnlineEndpoints.SpfInclude(Cloud.Commercial),
        ExchangeOnlineEndpoints.SpfInclude(Cloud.GccHigh),
        ExchangeOnlineEndpoints.SpfInclude(Cloud.China),
    };

    public ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Answer(name, type));

    public DnsResponse Answer(string name, DnsRecordType type)
    {
        if (type == DnsRecordType.TXT && MicrosoftIncludes.Contains(DnsName.Normalize(name)))
        {
            return new DnsResponse(DnsStatus.Ok, [new TxtRecord(name, ["v=spf1 ~all"])]);
        }

        var domain = state.FindDomain(name);
        return (domain, type) switch
        {
            ({ Spf: { } spf }, DnsRecordType.TXT) => new DnsResponse(DnsStatus.Ok, [new TxtRecord(name, [spf.Value])]),
            ({ Mx.IsEmpty: false }, DnsRecordType.MX) => new DnsResponse(DnsStatus.Ok, [.. domain.Mx.Select(m => (DnsRecord)new MxRecordData(name, m.Preference.Value, m.Exchange.Value))]),
            _ => DnsResponse.ServerFailure,
        };
    }

    /// <summary>check_host() against the desired state, for rules and trace: synchronous, every answer is in memory.</summary>
    public static SpfEvaluation CheckHost(DesiredState state, IPAddress ip, string domain, string sender) =>
        SpfEvaluator.CheckHost(new DesiredStateDnsResolver(state), ip, domain, sender, domain);

    /// <summary>
    /// The include graph of a record, over the records the desired state holds (what it does not
    /// hold is unknown). Synchronous for rules, like <see cref="CheckHost"/>.
    /// </summary>
    public static SpfGraphNode IncludeGraph(DesiredState state, string domain, string record)
    {
        var resolver = new DesiredStateDnsResolver(state);
        return SpfIncludeGraph.Build(domain, record, name =>
        {
            var txt = resolver.Answer(name, DnsRecordType.TXT);
            return txt.IsFailure ? SpfLookup.Unknown : SpfLookup.FromTexts([.. txt.Of<TxtRecord>().Select(t => t.Text)]);
        });
    }
}
