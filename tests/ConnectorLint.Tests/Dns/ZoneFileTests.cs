using System.Net;
using ConnectorLint.Dns;

namespace ConnectorLint.Tests.Dns;

public class ZoneFileTests
{
    private static async Task<DnsResponse> Ask(string zone, string name, DnsRecordType type) =>
        await ZoneFile.Parse("z.zone", zone).QueryAsync(name, type);

    [Fact]
    public async Task ReadsOriginRelativeNamesOmittedOwnersAndParentheses()
    {
        const string zone = """
            $ORIGIN contoso.test.
            $TTL 300
            @        IN 300 MX 10 mail      ; relative to the origin
                     300 IN TXT ( "v=spf1"
                                  " -all" )
            mail     A 192.0.2.1
            alias    CNAME mail
            """;
        var mx = Assert.IsType<MxRecordData>(Assert.Single((await Ask(zone, "contoso.test", DnsRecordType.MX)).Records));
        Assert.Equal(("mail.contoso.test", 10), (mx.Exchange, mx.Preference));
        var txt = Assert.IsType<TxtRecord>(Assert.Single((await Ask(zone, "contoso.test", DnsRecordType.TXT)).Records));
        Assert.Equal(["v=spf1", " -all"], txt.Strings);
        var a = Assert.IsType<AddressRecord>(Assert.Single((await Ask(zone, "alias.contoso.test", DnsRecordType.A)).Records));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), a.Address);
        Assert.Equal(DnsStatus.NxDomain, (await Ask(zone, "nowhere.contoso.test", DnsRecordType.A)).Status);
        Assert.Equal(DnsStatus.NoData, (await Ask(zone, "mail.contoso.test", DnsRecordType.MX)).Status);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public async Task EveryLineEndingEndsARecord(string lineBreak)
    {
        var zone = string.Join(lineBreak, "$ORIGIN contoso.test.", "@ MX 0 mx", "mx A 192.0.2.7 ; a comment", "");
        Assert.Equal(DnsStatus.Ok, (await Ask(zone, "contoso.test", DnsRecordType.MX)).Status);
        Assert.Equal(DnsStatus.Ok, (await Ask(zone, "mx.contoso.test", DnsRecordType.A)).Status);
    }

    [Fact]
    public void ADecimalEscapeAbove255IsAnError()
    {
        var ex = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("z.zone", "a.test. TXT \"x\\999\"\n"));
        Assert.Equal(1, ex.Line);
        Assert.Contains("\\999", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("z.zone", "a.test. TXT \"x\\25\"\n"));
    }

    [Fact]
    public async Task DecimalEscapesAreBytesReadAsUtf8()
    {
        var txt = Assert.IsType<TxtRecord>(Assert.Single((await Ask("a.test. TXT \"caf\\195\\169 \\\"q\\\" \\059\"\n", "a.test", DnsRecordType.TXT)).Records));
        Assert.Equal("café \"q\" ;", txt.Text);
    }

    [Fact]
    public async Task AnEscapedDotStaysInsideItsLabel()
    {
        const string zone = "contoso\\046com.test. A 192.0.2.9\ncontoso\\.net.test. A 192.0.2.10\n";
        Assert.Equal(DnsStatus.NxDomain, (await Ask(zone, "contoso.com.test", DnsRecordType.A)).Status);
        Assert.Equal(DnsStatus.NxDomain, (await Ask(zone, "contoso.net.test", DnsRecordType.A)).Status);
        Assert.Equal(DnsStatus.Ok, (await Ask(zone, "contoso\\.com.test", DnsRecordType.A)).Status);
    }

    [Fact]
    public async Task ACnameLoopIsAFailureNotAnAnswer()
    {
        const string zone = "a.test. CNAME b.test.\nb.test. CNAME a.test.\n";
        var response = await Ask(zone, "a.test", DnsRecordType.TXT);
        Assert.True(response.IsFailure, response.Status.ToString());
    }

    [Theory]
    [InlineData("a.test. TXT \"open\n", "unterminated quoted string")]
    [InlineData("a.test. ( TXT \"x\"\n", "unbalanced '('")]
    [InlineData("a.test. TXT \"x\" )\n", "unbalanced ')'")]
    [InlineData("a.test. A 2001:db8::1\n", "A record needs one IPv4 address")]
    [InlineData("a.test. MX mail\n", "MX record needs a preference and a host")]
    [InlineData("$INCLUDE other.zone\n", "unsupported directive")]
    [InlineData("  A 192.0.2.1\n", "without an owner")]
    public void MalformedZonesSayWhatIsWrongAndWhere(string zone, string message)
    {
        var ex = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("z.zone", zone));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("z.zone:1:", ex.Message, StringComparison.Ordinal);
    }
}
