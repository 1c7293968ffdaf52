using System.Net;
using ConnectorLint.Net;

namespace ConnectorLint.Tests.Net;

public class IpRangeTests
{
    [Theory]
    [InlineData("192.0.2.7", IpRangeKind.Address, "192.0.2.7", "192.0.2.7", 32)]
    [InlineData(" 192.0.2.0/24 ", IpRangeKind.Cidr, "192.0.2.0", "192.0.2.255", 24)]
    [InlineData("192.0.2.77/24", IpRangeKind.Cidr, "192.0.2.0", "192.0.2.255", 24)]
    [InlineData("0.0.0.0/0", IpRangeKind.Cidr, "0.0.0.0", "255.255.255.255", 0)]
    [InlineData("192.0.2.10-192.0.2.20", IpRangeKind.Range, "192.0.2.10", "192.0.2.20", -1)]
    [InlineData("2001:db8::/32", IpRangeKind.Cidr, "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 32)]
    [InlineData("::/0", IpRangeKind.Cidr, "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0)]
    [InlineData("2001:db8::1", IpRangeKind.Address, "2001:db8::1", "2001:db8::1", 128)]
    public void ParsesAddressesBlocksAndRanges(string text, IpRangeKind kind, string first, string last, int prefix)
    {
        var range = IpRange.Parse(text);
        Assert.Equal((kind, IPAddress.Parse(first), IpRange.ToAddress(range.Last, range.Family), prefix), (range.Kind, range.FirstAddress, IPAddress.Parse(last), range.PrefixLength));
        Assert.Equal(text.Trim(), range.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("192.0.2")]
    [InlineData("192.0.2.0/33")]
    [InlineData("192.0.2.0/-1")]
    [InlineData("192.0.2.0/+8")]
    [InlineData("2001:db8::/129")]
    [InlineData("192.0.2.20-192.0.2.10")]
    [InlineData("192.0.2.1-2001:db8::1")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("mail.contoso.com")]
    public void RefusesWhatIsNotARange(string text)
    {
        Assert.False(IpRange.TryParse(text, out _));
        Assert.Throws<FormatException>(() => IpRange.Parse(text));
    }

    [Fact]
    public void ContainsAndOverlapsStayWithinOneFamily()
    {
        var block = IpRange.Parse("192.0.2.0/24");
        Assert.True(block.Contains(IPAddress.Parse("192.0.2.255")));
        Assert.False(block.Contains(IPAddress.Parse("192.0.3.0")));
        Assert.True(block.Contains(IPAddress.Parse("::ffff:192.0.2.9")));
        Assert.False(block.Contains(IPAddress.Parse("2001:db8::1")));
        Assert.True(block.Contains(IpRange.Parse("192.0.2.16/28")));
        Assert.False(block.Contains(IpRange.Parse("192.0.2.0/23")));
        Assert.True(block.Overlaps(IpRange.Parse("192.0.3.0/23")));
        Assert.False(block.Overlaps(IpRange.Parse("192.0.3.0/24")));
        Assert.False(block.Overlaps(IpRange.Parse("::/0")));
    }

    [Theory]
    [InlineData("192.0.2.7", 32)]
    [InlineData("192.0.2.0/24", 24)]
    [InlineData("192.0.2.0-192.0.2.255", 24)]
    [InlineData("192.0.2.0-192.0.3.0", 23)]
    [InlineData("0.0.0.0/0", 0)]
    [InlineData("::/0", 0)]
    public void EffectivePrefixLengthIsTheSmallestBlockThatHoldsTheRange(string text, int expected) =>
        Assert.Equal(expected, IpRange.Parse(text).EffectivePrefixLength);

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.0/12", true)]
    [InlineData("172.15.255.255", false)]
    [InlineData("192.168.10.0/24", true)]
    [InlineData("10.0.0.0/7", false)]
    [InlineData("203.0.113.25", false)]
    [InlineData("fd00::1", true)]
    [InlineData("2001:db8::1", false)]
    public void IsEntirelyPrivate(string text, bool expected) => Assert.Equal(expected, IpRange.Parse(text).IsEntirelyPrivate);

    [Fact]
    public void SizeSaturatesForTheWholeIPv6Space() =>
        Assert.Equal((UInt128.MaxValue, (UInt128)256), (IpRange.Parse("::/0").Size, IpRange.Parse("192.0.2.0/24").Size));
}
