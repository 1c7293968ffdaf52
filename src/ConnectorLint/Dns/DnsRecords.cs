using System.Net;

namespace ConnectorLint.Dns;

public enum DnsRecordType { A, AAAA, MX, TXT, PTR, CNAME }

/// <summary>How a lookup ended. Timeout and ServerFailure mean "unknown", never "absent".</summary>
public enum DnsStatus
{
    /// <summary>The name exists and has records of the type asked.</summary>
    Ok,

    /// <summary>RCODE 3: the name does not exist.</summary>
    NxDomain,

    /// <summary>The name exists but has no records of the type asked.</summary>
    NoData,

    /// <summary>No answer in time, after the retries.</summary>
    Timeout,

    /// <summary>SERVFAIL, REFUSED or another error from the server.</summary>
    ServerFailure,

    /// <summary>The zone files given hold neither the name nor a name above it: they cannot say whether it exists.</summary>
    NotHeld,
}

public abstract record DnsRecord(string Name)
{
    public abstract DnsRecordType Type { get; }
}

public sealed record AddressRecord(string Name, IPAddress Address) : DnsRecord(Name)
{
    public override DnsRecordType Type => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.AAAA;
}

public sealed record MxRecordData(string Name, int Preference, string Exchange) : DnsRecord(Name)
{
    public override DnsRecordType Type => DnsRecordType.MX;
}

/// <summary>A TXT record: its character-strings, which SPF and DMARC concatenate without spaces.</summary>
public sealed record TxtRecord(string Name, IReadOnlyList<string> Strings) : DnsRecord(Name)
{
    public override DnsRecordType Type => DnsRecordType.TXT;

    public string Text => string.Concat(Strings);
}

public sealed record PtrRecord(string Name, string Target) : DnsRecord(Name)
{
    public override DnsRecordType Type => DnsRecordType.PTR;
}

public sealed record CnameRecord(string Name, string Target) : DnsRecord(Name)
{
    public override DnsRecordType Type => DnsRecordType.CNAME;
}

public sealed record DnsResponse(DnsStatus Status, IReadOnlyList<DnsRecord> Records)
{
    public static readonly DnsResponse NxDomain = new(DnsStatus.NxDomain, []);
    public static readonly DnsResponse NoData = new(DnsStatus.NoData, []);
    public static readonly DnsResponse Timeout = new(DnsStatus.Timeout, []);
    public static readonly DnsResponse ServerFailure = new(DnsStatus.ServerFailure, []);
    public static readonly DnsResponse NotHeld = new(DnsStatus.NotHeld, []);

    /// <summary>No answer to the question: unknown, never absent.</summary>
    public bool IsFailure => Status is DnsStatus.Timeout or DnsStatus.ServerFailure or DnsStatus.NotHeld;

    /// <summary>Why a failed lookup is unknown, for messages.</summary>
    public string FailureReason => Status switch
    {
        DnsStatus.Timeout => "timeout",
        DnsStatus.NotHeld => "the zone files given do not hold the name",
        _ => "server failure",
    };

    public IEnumerable<T> Of<T>() where T : DnsRecord => Records.OfType<T>();
}

/// <summary>Answers DNS questions: live (DnsClient), from zone files, or from memory.</summary>
public interface IDnsResolver
{
    ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default);
}

/// <summary>DNS whose answers are at hand (the desired state, memory): asked synchronously, never waited on.</summary>
public interface IDnsAnswers
{
    DnsResponse Answer(string name, DnsRecordType type);
}

public static class DnsName
{
    /// <summary>Lower case, no trailing dot: the form names are compared and cached in.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>The in-addr.arpa / ip6.arpa name of an address, for PTR lookups.</summary>
    public static string ReverseName(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length == 4)
        {
            return $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}.in-addr.arpa";
        }

        var nibbles = new List<string>(32);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            nibbles.Add((bytes[i] & 0xF).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            nibbles.Add((bytes[i] >> 4).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join('.', nibbles) + ".ip6.arpa";
    }
}
