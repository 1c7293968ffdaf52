using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>
/// What `spf lint` and CL112 tell an admin about a malformed record: the message and the column it
/// points at (1-based, in the record as written), for each kind of mistake the parser knows.
/// </summary>
public class SpfSyntaxErrorTests
{
    [Theory]
    [InlineData("v=spf1 ip4:300.1.1.1 -all", "'300.1.1.1' is not an IPv4 address", 12)]
    [InlineData("v=spf1 ip4:01.2.3.4 -all", "'01.2.3.4' is not an IPv4 address", 12)]
    [InlineData("v=spf1 ip4:1.2.3 -all", "'1.2.3' is not an IPv4 address", 12)]
    [InlineData("v=spf1 ip4 -all", "'ip4' needs ':' and an IPv4 address", 11)]
    [InlineData("v=spf1 ip6:zz::1 -all", "'zz::1' is not an IPv6 address", 12)]
    [InlineData("v=spf1 ip4:1.2.3.4/33 -all", "'/33' is not a CIDR length from 0 to 32", 19)]
    [InlineData("v=spf1 ip4:1.2.3.4/08 -all", "'/08' is not a CIDR length from 0 to 32", 19)]
    [InlineData("v=spf1 ip6:::1/129 -all", "'/129' is not a CIDR length from 0 to 128", 15)]
    [InlineData("v=spf1 a/129 -all", "'/129' is not a CIDR length from 0 to 32", 9)]
    [InlineData("v=spf1 a//129 -all", "'/129' is not a CIDR length from 0 to 128", 10)]
    [InlineData("v=spf1 a/24//200 -all", "'/200' is not a CIDR length from 0 to 128", 13)]
    [InlineData("v=spf1 mx:example.com/ -all", "'/' is not a CIDR length from 0 to 32", 22)]
    [InlineData("v=spf1 redirect= -all", "'redirect=' needs a domain", 17)]
    [InlineData("v=spf1 exp= -all", "'exp=' needs a domain", 12)]
    [InlineData("v=spf1 ptr: -all", "'ptr:' needs a domain", 12)]
    [InlineData("v=spf1 include -all", "'include' needs ':' and a domain", 15)]
    [InlineData("v=spf1 foo -all", "'foo' is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a name=value modifier", 8)]
    [InlineData("v=spf1 1x=foo -all", "'1x' is not a valid modifier name", 8)]
    [InlineData("v=spf1 a:example.123 -all", "'example.123' does not end in a valid top-level label ('123')", 10)]
    [InlineData("v=spf1 a:example.-com -all", "'example.-com' does not end in a valid top-level label ('-com')", 10)]
    public void TheErrorSaysWhatAndPointsWhere(string record, string message, int column)
    {
        Assert.False(SpfParser.TryParse(record, out _, out var error));
        Assert.Equal((message, column), (error!.Message, error.Column));
    }

    [Theory]
    [InlineData("v=spf1 ip4:255.255.255.255 -all")]
    [InlineData("v=spf1 ip4:0.0.0.0/0 -all")]
    [InlineData("v=spf1 ip6:::1/128 -all")]
    [InlineData("v=spf1 a/32//128 mx/24 -all")]
    [InlineData("v=spf1 a:mail-1.example.com exists:%{i}.example.com -all")]
    [InlineData("v=spf1 a:example.com. -all")]
    [InlineData("v=spf1 x-custom=anything -all")]
    public void ValidTermsAtTheirLimitsParse(string record) =>
        Assert.True(SpfParser.TryParse(record, out _, out var error), error?.ToString());
}
