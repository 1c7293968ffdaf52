using ConnectorLint.Dns;
using ConnectorLint.Spf;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Spf;

public class SpfParserTests
{
    [Theory]
    [InlineData("v=spf1 ip4:1.2.3.4/33 -all", 19, "ip4:1.2.3.4/33")]
    [InlineData("v=spf1 foo:bar.com -all", 8, "foo:bar.com")]
    [InlineData("v=spf1 include:%{z}.example.com", 16, "include:%{z}.example.com")]
    [InlineData("v=spf1 redirect=a.example.com redirect=b.example.com", 31, "redirect=b.example.com")]
    [InlineData("v=spf1 a:foo.123", 10, "a:foo.123")]
    [InlineData("v=spf1 ip6:2001:db8::/129", 22, "ip6:2001:db8::/129")]
    [InlineData("v=spf1 exists:%{i", 15, "exists:%{i")]
    [InlineData("v=spf10 -all", 1, "v=spf10")]
    public void SyntaxErrorsNameTheTermAndColumn(string record, int column, string term)
    {
        var ex = Assert.Throws<SpfSyntaxException>(() => SpfParser.Parse(record));
        Assert.Equal(column, ex.Column);
        Assert.Equal(term, ex.Term);
    }

    [Fact]
    public void ParsesEveryMechanismAndModifier()
    {
        var record = SpfParser.Parse("v=spf1 +all -include:a.example.com ~a:b.example.com/24//64 ?mx/30 ptr:c.example.com ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{ir}.%{l1r+-}._spf.%{d} redirect=d.example.com exp=explain.%{d} x-custom=%%%_%-");
        Assert.Equal(
            [SpfMechanismKind.All, SpfMechanismKind.Include, SpfMechanismKind.A, SpfMechanismKind.Mx, SpfMechanismKind.Ptr, SpfMechanismKind.Ip4, SpfMechanismKind.Ip6, SpfMechanismKind.Exists],
            record.Mechanisms.Select(m => m.Kind));
        var a = record.Mechanisms.Single(m => m.Kind == SpfMechanismKind.A);
        Assert.Equal((SpfQualifier.SoftFail, 24, 64), (a.Qualifier, a.Cidr4!.Value, a.Cidr6!.Value));
        // include, a, mx, ptr, exists; the redirect is ignored beside +all (RFC 7208 6.1).
        Assert.Equal(5, record.DnsLookupTerms.Count);
        Assert.NotNull(record.Redirect);
        Assert.NotNull(record.Explanation);
        var exists = record.Mechanisms.Single(m => m.Kind == SpfMechanismKind.Exists);
        var macro = Assert.IsType<MacroExpand>(exists.DomainSpec!.Parts[2]);
        Assert.Equal(('l', 1, true, "+-"), (macro.Letter, macro.Digits!.Value, macro.Reverse, macro.Delimiters));
    }

    [Fact]
    public void LintCountsLookupTermsStaticallyWithQualifiers()
    {
        var includes = string.Join(' ', Enumerable.Range(1, 10).Select(i => $"include:s{i}.example.com"));
        var issues = SpfRecordLint.Check($"v=spf1 {includes} -a:x.example.com exists:%{{i}}.e.example.com -all", out _);
        var issue = Assert.Single(issues);
        Assert.Equal(SpfProblem.LookupTerms, issue.Problem);
        Assert.Contains("12 terms", issue.Message, StringComparison.Ordinal);
        Assert.Equal("v=spf1 ".Length + includes.Length + 2, issue.Column);
    }

    [Theory]
    [InlineData("v=spf1 +all", SpfProblem.All, ConnectorLint.Diagnostics.Severity.Error)]
    [InlineData("v=spf1 ip4:192.0.2.1 ?all", SpfProblem.All, ConnectorLint.Diagnostics.Severity.Warning)]
    [InlineData("v=spf1 ip4:192.0.2.1", SpfProblem.All, ConnectorLint.Diagnostics.Severity.Warning)]
    [InlineData("v=spf1 ptr -all", SpfProblem.Ptr, ConnectorLint.Diagnostics.Severity.Warning)]
    public void LintFlagsAllAndPtr(string record, SpfProblem problem, ConnectorLint.Diagnostics.Severity severity)
    {
        var issue = Assert.Single(SpfRecordLint.Check(record, out _));
        Assert.Equal((problem, severity), (issue.Problem, issue.Severity));
    }

    [Fact]
    public void RedirectWithoutAllIsNotAWarning() =>
        Assert.Empty(SpfRecordLint.Check("v=spf1 ip4:192.0.2.1 redirect=_spf.example.com", out _));

    [Fact]
    public void SpfCheckRejectsBadArgumentsWithExitTwo()
    {
        Assert.Equal(2, CliRunner.Run("spf", "check", "--ip", "not-an-ip", "--sender", "a@b.example", "--zone-file", "x").ExitCode);
        Assert.Equal(2, CliRunner.Run("spf", "check", "--sender", "a@b.example").ExitCode);
    }

    [Fact]
    public void SpfCheckBatchEvaluatesEveryLine()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-batch-");
        try
        {
            var zone = Path.Combine(folder.FullName, "z.zone");
            File.WriteAllText(zone, "$ORIGIN example.com.\n@ IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n");
            var queries = Path.Combine(folder.FullName, "q.txt");
            File.WriteAllText(queries, "# ip sender helo\n192.0.2.7 a@example.com mail.example.com\n198.51.100.1 a@example.com\n");
            var result = CliRunner.Run("spf", "check", "--batch", queries, "--zone-file", zone);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(["pass 192.0.2.7 a@example.com", "fail 198.51.100.1 a@example.com"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            File.WriteAllText(queries, "not-an-ip a@example.com\n");
            var bad = CliRunner.Run("spf", "check", "--batch", queries, "--zone-file", zone);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("q.txt:1: expected 'IP SENDER [HELO]'", bad.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ZoneFileReadsRealExports()
    {
        var zone = ZoneFile.Parse("t.zone", """
            $ORIGIN example.com.
            $TTL 3600
            @   IN SOA ns1 hostmaster ( 2026112301 ; serial
                    7200 3600 1209600 300 )
                IN NS ns1
                IN MX 10 mail
                IN TXT "v=spf1 mx " "-all"
            mail 300 IN A 192.0.2.10
            www  IN CNAME mail
            """);
        var mx = await zone.QueryAsync("example.com", DnsRecordType.MX);
        Assert.Equal("mail.example.com", Assert.IsType<MxRecordData>(Assert.Single(mx.Records)).Exchange);
        var txt = await zone.QueryAsync("EXAMPLE.com.", DnsRecordType.TXT);
        Assert.Equal("v=spf1 mx -all", Assert.IsType<TxtRecord>(Assert.Single(txt.Records)).Text);
        Assert.Equal(DnsStatus.Ok, (await zone.QueryAsync("www.example.com", DnsRecordType.A)).Status);
        Assert.Equal(DnsStatus.NoData, (await zone.QueryAsync("mail.example.com", DnsRecordType.AAAA)).Status);
        Assert.Equal(DnsStatus.NxDomain, (await zone.QueryAsync("nope.example.com", DnsRecordType.A)).Status);
        var ex = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("bad.zone", "$ORIGIN example.com.\nmail IN A 999.1.1.1\n"));
        Assert.Equal(2, ex.Line);
    }
}
