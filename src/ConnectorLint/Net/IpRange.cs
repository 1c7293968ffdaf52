using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ConnectorLint.Net;

public enum IpRangeKind { Address, Cidr, Range }

/// <summary>An address, a CIDR block or an a-b range, IPv4 or IPv6, as one inclusive interval.</summary>
public readonly record struct IpRange(AddressFamily Family, UInt128 First, UInt128 Last, IpRangeKind Kind, int PrefixLength, string Text)
{
    public bool IsIPv4 => Family == AddressFamily.InterNetwork;

    /// <summary>How many addresses the range holds (saturating at UInt128.MaxValue).</summary>
    public UInt128 Size => Last - First == UInt128.MaxValue ? UInt128.MaxValue : Last - First + 1;

    /// <summary>The shortest prefix length that would hold this many addresses: /24 for 256 IPv4 addresses.</summary>
    public int EffectivePrefixLength
    {
        get
        {
            var bits = IsIPv4 ? 32 : 128;
            var size = Size;
            var hostBits = 0;
            while (hostBits < bits && (UInt128.One << hostBits) < size)
            {
                hostBits++;
            }

            return bits - hostBits;
        }
    }

    public static bool TryParse(string text, out IpRange range)
    {
        range = default;
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/');
        if (slash >= 0)
        {
            if (!IPAddress.TryParse(trimmed[..slash], out var baseAddress) || baseAddress.ToString().Contains('%')
                || !int.TryParse(trimmed[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            {
                return false;
            }

            var bits = baseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (prefix < 0 || prefix > bits)
            {
                return false;
            }

            var value = ToNumber(baseAddress);
            // Shift counts are taken modulo 128, so a /0 IPv6 mask must be spelled out.
            var hostMask = prefix == bits ? UInt128.Zero : bits - prefix == 128 ? UInt128.MaxValue : (UInt128.One << (bits - prefix)) - 1;
            range = new IpRange(baseAddress.AddressFamily, value & ~hostMask, value | hostMask, IpRangeKind.Cidr, prefix, trimmed);
            return true;
        }

        var dash = trimmed.IndexOf('-');
        if (dash >= 0)
        {
            if (!IPAddress.TryParse(trimmed[..dash], out var first) || !IPAddress.TryParse(trimmed[(dash + 1)..], out var last)
                || first.AddressFamily != last.AddressFamily)
            {
                return false;
            }

            var a = ToNumber(first);
            var b = ToNumber(last);
            if (a > b)
            {
                return false;
            }

            range = new IpRange(first.AddressFamily, a, b, IpRangeKind.Range, -1, trimmed);
            return true;
        }

        if (!IPAddress.TryParse(trimmed, out var address) || (address.AddressFamily == AddressFamily.InterNetwork && trimmed.Count(c => c == '.') != 3))
        {
            return false;
        }

        var n = ToNumber(address);
        range = new IpRange(address.AddressFamily, n, n, IpRangeKind.Address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128, trimmed);
        return true;
    }

    public static IpRange Parse(string text) =>
        TryParse(text, out var range) ? range : throw new FormatException($"'{text}' is not an IP address, CIDR block or range");

    public static IpRange FromAddress(IPAddress address)
    {
        var n = ToNumber(address);
        return new IpRange(address.AddressFamily, n, n, IpRangeKind.Address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128, address.ToString());
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6 && IsIPv4)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != Family)
        {
            return false;
        }

        var n = ToNumber(address);
        return n >= First && n <= Last;
    }

    public bool Contains(IpRange other) => other.Family == Family && other.First >= First && other.Last <= Last;

    public bool Overlaps(IpRange other) => other.Family == Family && other.First <= Last && First <= other.Last;

    /// <summary>True when every address of the range is private (see <see cref="AddressScope"/>).</summary>
    public bool IsEntirelyPrivate
    {
        get
        {
            foreach (var block in AddressScope.PrivateBlocks)
            {
                if (block.Contains(this))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public IPAddress FirstAddress => ToAddress(First, Family);

    public override string ToString() => Text;

    public static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static IPAddress ToAddress(UInt128 value, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }
}

/// <summary>
/// "Private" as rules.md defines it: RFC 1918, loopback, link-local, CGNAT, IPv6 unique-local and
/// link-local. Everything else is public, documentation ranges included.
/// </summary>
public static class AddressScope
{
    public static readonly IReadOnlyList<IpRange> PrivateBlocks =
    [
        IpRange.Parse("10.0.0.0/8"),
        IpRange.Parse("172.16.0.0/12"),
        IpRange.Parse("192.168.0.0/16"),
        IpRange.Parse("127.0.0.0/8"),
        IpRange.Parse("169.254.0.0/16"),
        IpRange.Parse("100.64.0.0/10"),
        IpRange.Parse("::1/128"),
        IpRange.Parse("fc00::/7"),
        IpRange.Parse("fe80::/10"),
    ];

    public static bool IsPrivate(IPAddress address) => PrivateBlocks.Any(b => b.Contains(address));
}
