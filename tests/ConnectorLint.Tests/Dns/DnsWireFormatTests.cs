using ConnectorLint.Dns;

namespace ConnectorLint.Tests.Dns;

/// <summary>The pipelined resolver's wire format (RFC 1035 4.1, EDNS per RFC 6891), without a server.</summary>
public class DnsWireFormatTests
{
    [Fact]
    public void AQueryAsksOneQuestionWithRecursionAndAnOptRecord()
    {
        var query = PipelinedDnsResolver.Encode("mx.Test.", DnsRecordType.MX, 0x1234)!;
        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1,
            2, (byte)'m', (byte)'x', 4, (byte)'T', (byte)'e', (byte)'s', (byte)'t', 0, 0, 15, 0, 1,
            0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, query);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("caf\u00e9.example")]
    [InlineData("has space.example")]
    public void ANameItCannotSpellIsLeftToTheFallback(string name) =>
        Assert.Null(PipelinedDnsResolver.Encode(name, DnsRecordType.A, 1));

    [Fact]
    public void AnAnswerWithCompressedNamesIsRead()
    {
        var response = Response(rcode: 0,
        [
            // mx.test MX 10 mail.mx.test (the exchange ends in a pointer to the question's name)
            0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 0x2C, 0, 9, 0, 10, 4, (byte)'m', (byte)'a', (byte)'i', (byte)'l', 0xC0, 12,
            // an A record in the additional data of the answer section is skipped: wrong type
            0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 0x2C, 0, 4, 192, 0, 2, 1,
        ], answers: 2);
        var answer = PipelinedDnsResolver.Decode(response, Query("MX.test", DnsRecordType.MX), DnsRecordType.MX)!.Value;
        var mx = Assert.IsType<MxRecordData>(Assert.Single(answer.Response!.Records));
        Assert.Equal(("mx.test", 10, "mail.mx.test"), (mx.Name, mx.Preference, mx.Exchange));
    }

    [Fact]
    public void APunycodeQuestionIsMatchedAsItWentOut()
    {
        var query = Query("foo.xn--zckzah", DnsRecordType.A);
        var response = query[..^11].ToArray();
        response[2] = 0x81;
        response[3] = 0x83;
        Assert.Equal(DnsStatus.NxDomain, PipelinedDnsResolver.Decode(response, query, DnsRecordType.A)!.Value.Response!.Status);
    }

    [Fact]
    public void AnAnswerToAnotherQuestionIsIgnored()
    {
        var response = Response(rcode: 0, [], answers: 0);
        Assert.Null(PipelinedDnsResolver.Decode(response, Query("other.test", DnsRecordType.MX), DnsRecordType.MX));
        Assert.Null(PipelinedDnsResolver.Decode(response, Query("mx.test", DnsRecordType.TXT), DnsRecordType.TXT));
    }

    [Theory]
    [InlineData(0, DnsStatus.NoData)]
    [InlineData(3, DnsStatus.NxDomain)]
    [InlineData(2, DnsStatus.ServerFailure)]
    [InlineData(5, DnsStatus.ServerFailure)]
    public void TheResponseCodeDecidesAnEmptyAnswer(int rcode, DnsStatus status) =>
        Assert.Equal(status, PipelinedDnsResolver.Decode(Response(rcode, [], 0), Query("mx.test", DnsRecordType.MX), DnsRecordType.MX)!.Value.Response!.Status);

    [Fact]
    public void ATruncatedAnswerOrFormErrGoesToTheFallback()
    {
        var truncated = Response(0, [], 0);
        truncated[2] |= 0x02;
        Assert.True(PipelinedDnsResolver.Decode(truncated, Query("mx.test", DnsRecordType.MX), DnsRecordType.MX)!.Value.UseFallback);
        Assert.True(PipelinedDnsResolver.Decode(Response(1, [], 0), Query("mx.test", DnsRecordType.MX), DnsRecordType.MX)!.Value.UseFallback);
    }

    [Fact]
    public void ARecordRunningPastTheMessageIsAFailureNotACrash()
    {
        var response = Response(0, [0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 0x2C, 0, 200, 0, 10], answers: 1);
        Assert.Equal(DnsStatus.ServerFailure, PipelinedDnsResolver.Decode(response, Query("mx.test", DnsRecordType.MX), DnsRecordType.MX)!.Value.Response!.Status);
    }

    private static byte[] Query(string name, DnsRecordType type) => PipelinedDnsResolver.Encode(name, type, 0x1234)!;

    private static byte[] Response(int rcode, byte[] records, int answers) =>
    [
        0x12, 0x34, 0x81, (byte)(0x80 | rcode), 0, 1, 0, (byte)answers, 0, 0, 0, 0,
        2, (byte)'m', (byte)'x', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0, 0, 15, 0, 1,
        .. records,
    ];
}
