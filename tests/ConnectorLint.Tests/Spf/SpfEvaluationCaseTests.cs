using System.Net;
using System.Text;
using ConnectorLint.Dns;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>
/// check_host's errors and limits, each with the result, the problem an admin reads and the chain
/// that led there, pinned as one table: what `spf check` says when a record cannot be evaluated.
/// </summary>
public class SpfEvaluationCaseTests
{
    private sealed record Case(string Record, string Ip, Action<InMemoryDnsResolver>? Extra = null, string Sender = "app@contoso.com", SpfResult? Expected = null);

    private static readonly string Label63 = new('a', 63);

    private static string ElevenIncludes() => "v=spf1 " + string.Join(' ', Enumerable.Range(1, 11).Select(i => $"include:i{i}.example")) + " -all";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["the record's TXT lookup times out"] = new("", "192.0.2.1", d => d.AddTimeout("contoso.com"), Expected: SpfResult.TempError),
        ["two SPF records"] = new("v=spf1 -all", "192.0.2.1", d => d.Add(new TxtRecord("contoso.com", ["v=spf1 +all"])), Expected: SpfResult.PermError),
        ["a record that does not parse"] = new("v=spf1 ip4:300.1.1.1 -all", "192.0.2.1", Expected: SpfResult.PermError),
        ["a redirect to a name without SPF"] = new("v=spf1 redirect=empty.example", "192.0.2.1", d => d.Add(new TxtRecord("empty.example", ["not spf"])), Expected: SpfResult.PermError),
        ["no mechanism matches and there is no redirect"] = new("v=spf1 ip4:198.51.100.1", "192.0.2.1", Expected: SpfResult.Neutral),
        ["eleven includes"] = new(ElevenIncludes(), "192.0.2.1", d =>
        {
            foreach (var i in Enumerable.Range(1, 11))
            {
                d.Add(new TxtRecord($"i{i}.example", ["v=spf1 ip4:198.51.100.1 -all"]));
            }
        }, Expected: SpfResult.PermError),
        ["three void lookups"] = new("v=spf1 a:n1.example a:n2.example a:n3.example -all", "192.0.2.1", Expected: SpfResult.PermError),
        ["an a lookup that fails"] = new("v=spf1 a:broken.example -all", "192.0.2.1", d => d.AddServerFailure("broken.example"), Expected: SpfResult.TempError),
        ["an include whose TXT lookup times out"] = new("v=spf1 include:slow.example -all", "192.0.2.1", d => d.AddTimeout("slow.example"), Expected: SpfResult.TempError),
        ["an include of a name without SPF"] = new("v=spf1 include:empty.example -all", "192.0.2.1", d => d.Add(new TxtRecord("empty.example", ["not spf"])), Expected: SpfResult.PermError),
        ["an mx lookup that fails"] = new("v=spf1 mx:broken.example -all", "192.0.2.1", d => d.AddServerFailure("broken.example"), Expected: SpfResult.TempError),
        ["mx of names without MX, three times"] = new("v=spf1 mx:n1.example mx:n2.example mx:n3.example -all", "192.0.2.1", Expected: SpfResult.PermError),
        ["mx with ten hosts"] = new("v=spf1 mx:ten.example -all", "192.0.2.10", d =>
        {
            foreach (var i in Enumerable.Range(1, 10))
            {
                d.Add(new MxRecordData("ten.example", i, $"mx{i}.ten.example")).Add(new AddressRecord($"mx{i}.ten.example", IPAddress.Parse($"192.0.2.{i}")));
            }
        }, Expected: SpfResult.Pass),
        ["mx with eleven hosts"] = new("v=spf1 mx:eleven.example -all", "192.0.2.1", d =>
        {
            foreach (var i in Enumerable.Range(1, 11))
            {
                d.Add(new MxRecordData("eleven.example", i, $"mx{i}.eleven.example"));
            }
        }, Expected: SpfResult.PermError),
        ["an mx host whose address lookup fails"] = new("v=spf1 mx:m.example -all", "192.0.2.1", d => d.Add(new MxRecordData("m.example", 10, "broken.example")).AddServerFailure("broken.example"), Expected: SpfResult.TempError),
        ["exists of names that do not exist, three times"] = new("v=spf1 exists:n1.example exists:n2.example exists:n3.example -all", "192.0.2.1", Expected: SpfResult.PermError),
        ["exists of a name with a label too long"] = new($"v=spf1 exists:{Label63}a.example ?all", "192.0.2.1", Expected: SpfResult.Neutral),
        ["exists of a name with the longest label"] = new($"v=spf1 exists:{Label63}.example ?all", "192.0.2.1", d => d.Add(new AddressRecord($"{Label63}.example", IPAddress.Parse("127.0.0.2"))), Expected: SpfResult.Pass),
        ["the local part of a sender without one is postmaster"] = new("v=spf1 exists:%{l}.%{o}.l.example -all", "192.0.2.1",
            d => d.Add(new AddressRecord("postmaster.contoso.com.l.example", IPAddress.Parse("127.0.0.2"))), Sender: "contoso.com", Expected: SpfResult.Pass),
        ["the local part of a sender that starts with @ is postmaster"] = new("v=spf1 exists:%{l}.%{o}.l.example -all", "192.0.2.1",
            d => d.Add(new AddressRecord("postmaster.contoso.com.l.example", IPAddress.Parse("127.0.0.2"))), Sender: "@contoso.com", Expected: SpfResult.Pass),
        ["a fail with the default explanation"] = new("v=spf1 -all", "192.0.2.1", Expected: SpfResult.Fail),
        ["a fail whose exp has two TXT records"] = new("v=spf1 -all exp=two.example", "192.0.2.1",
            d => d.Add(new TxtRecord("two.example", ["one"])).Add(new TxtRecord("two.example", ["two"])), Expected: SpfResult.Fail),
        ["a fail whose exp is not ASCII"] = new("v=spf1 -all exp=wide.example", "192.0.2.1", d => d.Add(new TxtRecord("wide.example", ["Zugriff verweigert für %{i}"])), Expected: SpfResult.Fail),
        ["a fail whose exp is ASCII"] = new("v=spf1 -all exp=plain.example", "192.0.2.1", d => d.Add(new TxtRecord("plain.example", ["%{i} may not send for %{d} ~ see the postmaster"])), Expected: SpfResult.Fail),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Case_EvaluatesAsPinned(string name)
    {
        var @case = Cases[name];
        var dns = new InMemoryDnsResolver();
        if (@case.Record.Length > 0)
        {
            dns.Add(new TxtRecord("contoso.com", [@case.Record]));
        }

        @case.Extra?.Invoke(dns);
        var evaluator = new SpfEvaluator(dns, new SpfEvaluatorOptions { Now = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero) });
        var evaluation = await evaluator.CheckHostAsync(IPAddress.Parse(@case.Ip), "contoso.com", @case.Sender, "mail.contoso.com");

        var text = new StringBuilder()
            .Append("# ").Append(name).Append('\n')
            .Append($"result: {evaluation.ResultName}; lookups {evaluation.Lookups}, void {evaluation.VoidLookups}\n")
            .Append($"problem: {evaluation.Problem}\n")
            .Append($"explanation: {evaluation.Explanation}\n");
        foreach (var step in evaluation.Chain)
        {
            text.Append($"  {step.Depth} {step.Domain} '{step.Term}' {step.Outcome}\n");
        }

        Assert.True(@case.Expected == evaluation.Result, text.ToString());
        WholeOutputSnapshot.Match(text.ToString(), ScenarioSnapshot.Named(name));
    }

    [Theory]
    [InlineData("mail.contoso.com", true)]
    [InlineData("mail.contoso.com.", true)]
    [InlineData("single", true)]
    [InlineData("", false)]
    [InlineData("a..b", false)]
    [InlineData("[192.0.2.1]", false)]
    public void NamesAMechanismMayLookUp(string target, bool valid) => Assert.Equal(valid, SpfEvaluator.IsValidTarget(target));

    [Theory]
    [InlineData(253, true)]
    [InlineData(254, false)]
    public void ANameMayHave253Characters(int length, bool valid)
    {
        // Labels of 63 characters and dots, cut to the length wanted.
        var name = string.Join('.', Enumerable.Repeat(Label63, 5))[..length].TrimEnd('.');
        name = name.Length == length ? name : name + "b";
        Assert.Equal(length, name.Length);
        Assert.Equal(valid, SpfEvaluator.IsValidTarget(name));
        Assert.Equal(valid, SpfEvaluator.IsValidDomain(name));
    }

    [Theory]
    [InlineData("contoso.com", true)]
    [InlineData("contoso.com.", true)]
    [InlineData("single", false)]
    [InlineData("", false)]
    [InlineData("a..com", false)]
    [InlineData("[192.0.2.1]", false)]
    public void DomainsCheckHostMayEvaluate(string domain, bool valid) => Assert.Equal(valid, SpfEvaluator.IsValidDomain(domain));
}
