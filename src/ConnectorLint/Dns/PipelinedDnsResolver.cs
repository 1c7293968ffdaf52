using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace ConnectorLint.Dns;

/// <summary>
/// Live DNS over a few long-lived UDP sockets with many queries in flight, each answer matched to its
/// query by ID and question. DnsClient opens a socket and arms a timer per query, which made its
/// client, not the server, the limit of a drift run (bench/README.md). Answers are read with DnsClient's
/// <see cref="DnsDatagramReader"/>; a truncated answer, or a name this encoder does not write, is asked
/// again through the fallback (DnsClient, which retries truncated answers over TCP).
/// </summary>
public sealed class PipelinedDnsResolver : IDnsResolver, IDisposable
{
    private const int SocketsPerServer = 2;

    // EDNS(0) with the payload size DNS Flag Day 2020 recommends: large answers fit without TCP.
    private const ushort EdnsPayload = 1232;

    private const int OptLength = 11;

    private readonly LiveDnsOptions options;
    private readonly IDnsResolver fallback;
    private readonly IReadOnlyList<IPEndPoint> servers;
    private readonly Lazy<Channel[]> channels;

    public PipelinedDnsResolver(LiveDnsOptions options, IDnsResolver fallback)
    {
        this.options = options;
        this.fallback = fallback;
        servers = options.Servers.Count > 0 ? options.Servers : SystemServers();
        channels = new Lazy<Channel[]>(() => OpenChannels(servers));
    }

    public async ValueTask<DnsResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        if (servers.Count == 0 || Encode(name, type, 0) is not { } query)
        {
            return await fallback.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
        }

        var all = channels.Value;
        var start = Random.Shared.Next(all.Length);
        for (var attempt = 0; attempt <= options.Retries; attempt++)
        {
            // Channels alternate servers (A0, B0, A1, B1): each attempt goes to the next server's socket.
            var channel = all[(start + attempt) % all.Length];
            var answer = await channel.AskAsync(query, type, options.Timeout, cancellationToken).ConfigureAwait(false);
            switch (answer)
            {
                case { UseFallback: true }:
                    return await fallback.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
                case { Response: { } response }:
                    return response;
            }
        }

        return DnsResponse.Timeout;
    }

    public void Dispose()
    {
        if (channels.IsValueCreated)
        {
            foreach (var channel in channels.Value)
            {
                channel.Dispose();
            }
        }
    }

    private static IReadOnlyList<IPEndPoint> SystemServers()
    {
        try
        {
            return [.. NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port))];
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return [];
        }
    }

    private static Channel[] OpenChannels(IReadOnlyList<IPEndPoint> servers)
    {
        var open = new List<Channel>();
        for (var i = 0; i < SocketsPerServer; i++)
        {
            foreach (var server in servers)
            {
                open.Add(new Channel(server));
            }
        }

        return [.. open];
    }

    /// <summary>The query in wire format (RFC 1035 4.1, RD set, one OPT record), or null for a name it cannot spell.</summary>
    internal static byte[]? Encode(string name, DnsRecordType type, ushort id)
    {
        var trimmed = name.TrimEnd('.');
        if (trimmed.Length == 0 || trimmed.Length > 253)
        {
            return null;
        }

        var buffer = new byte[12 + trimmed.Length + 2 + 4 + OptLength];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        buffer[2] = 0x01; // RD
        buffer[5] = 1; // QDCOUNT
        buffer[11] = 1; // ARCOUNT: the OPT record
        var at = 12;
        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return null;
            }

            buffer[at++] = (byte)label.Length;
            foreach (var c in label)
            {
                if (c is <= ' ' or > '~')
                {
                    return null;
                }

                buffer[at++] = (byte)c;
            }
        }

        buffer[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), WireType(type));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), 1); // IN
        at += 4;
        // OPT (RFC 6891): root owner, type 41, the payload size in the class field.
        buffer[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), 41);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), EdnsPayload);
        return buffer[..(at + 10)];
    }

    private static bool SameQuestion(ReadOnlySpan<byte> answered, ReadOnlySpan<byte> asked)
    {
        for (var i = 0; i < asked.Length; i++)
        {
            var same = answered[i] == asked[i]
                || (char.IsAsciiLetter((char)asked[i]) && (answered[i] | 0x20) == (asked[i] | 0x20));
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static ushort WireType(DnsRecordType type) => type switch
    {
        DnsRecordType.A => 1,
        DnsRecordType.CNAME => 5,
        DnsRecordType.PTR => 12,
        DnsRecordType.MX => 15,
        DnsRecordType.TXT => 16,
        _ => 28,
    };

    /// <summary>An answer; neither a response nor the fallback means no answer came in time.</summary>
    internal readonly record struct Answer(DnsResponse? Response, bool UseFallback);

    /// <summary>
    /// Reads the answer to <paramref name="query"/>: null when it answers another question (a late
    /// answer to an earlier query that reused the ID, or a spoofing attempt). The question is compared
    /// byte for byte, letters in either case, as it went out: a punycode name stays punycode.
    /// </summary>
    internal static Answer? Decode(ReadOnlySpan<byte> message, byte[] query, DnsRecordType type)
    {
        var question = query.AsSpan(12, query.Length - 12 - OptLength);
        if (message.Length < 12 + question.Length || (message[2] & 0x80) == 0
            || BinaryPrimitives.ReadUInt16BigEndian(message[4..]) != 1 || !SameQuestion(message.Slice(12, question.Length), question))
        {
            return null;
        }

        var truncated = (message[2] & 0x02) != 0;
        var rcode = message[3] & 0x0F;
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var reader = new DnsDatagramReader(new ArraySegment<byte>(message.ToArray()), 12 + question.Length);
        try
        {
            if (truncated || rcode == 1)
            {
                return new Answer(null, UseFallback: true);
            }

            switch (rcode)
            {
                case 3:
                    return new Answer(DnsResponse.NxDomain, false);
                case not 0:
                    return new Answer(DnsResponse.ServerFailure, false);
            }

            var records = new List<DnsRecord>();
            for (var i = 0; i < answers; i++)
            {
                var owner = DnsName.Normalize(reader.ReadDnsName().Value);
                var recordType = reader.ReadUInt16NetworkOrder();
                reader.Advance(6); // class and TTL
                var length = reader.ReadUInt16NetworkOrder();
                var end = reader.Index + length;
                if (end > message.Length)
                {
                    return new Answer(DnsResponse.ServerFailure, false);
                }

                switch (recordType)
                {
                    case 1 when type == DnsRecordType.A && length == 4:
                        records.Add(new AddressRecord(owner, reader.ReadIPAddress()));
                        break;
                    case 28 when type == DnsRecordType.AAAA && length == 16:
                        records.Add(new AddressRecord(owner, reader.ReadIPv6Address()));
                        break;
                    case 15 when type == DnsRecordType.MX:
                        var preference = reader.ReadUInt16NetworkOrder();
                        records.Add(new MxRecordData(owner, preference, DnsName.Normalize(reader.ReadDnsName().Value)));
                        break;
                    case 16 when type == DnsRecordType.TXT:
                        var strings = new List<string>();
                        while (reader.Index < end)
                        {
                            strings.Add(DnsDatagramReader.ReadUTF8String(reader.ReadBytes(reader.ReadByte())));
                        }

                        records.Add(new TxtRecord(owner, strings));
                        break;
                    case 12 when type == DnsRecordType.PTR:
                        records.Add(new PtrRecord(owner, DnsName.Normalize(reader.ReadDnsName().Value)));
                        break;
                    case 5 when type == DnsRecordType.CNAME:
                        records.Add(new CnameRecord(owner, DnsName.Normalize(reader.ReadDnsName().Value)));
                        break;
                }

                if (reader.Index > end)
                {
                    return new Answer(DnsResponse.ServerFailure, false);
                }

                reader.Advance(end - reader.Index);
            }

            return new Answer(records.Count > 0 ? new DnsResponse(DnsStatus.Ok, records) : DnsResponse.NoData, false);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or DnsResponseParseException)
        {
            return new Answer(DnsResponse.ServerFailure, false);
        }
    }

    /// <summary>One connected UDP socket, its queries in flight by ID, and the loop that reads its answers.</summary>
    private sealed class Channel : IDisposable
    {
        private readonly Socket socket;
        private readonly ConcurrentDictionary<ushort, Pending> pending = new();
        private readonly Lock startLock = new();
        private Task? receiving;
        private Timer? sweeper;

        public Channel(IPEndPoint server)
        {
            socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server);
        }

        private sealed record Pending(byte[] Query, DnsRecordType Type, long Deadline, TaskCompletionSource<Answer> Completion);

        public async Task<Answer> AskAsync(byte[] query, DnsRecordType type, TimeSpan timeout, CancellationToken cancellationToken)
        {
            EnsureReceiving(timeout);
            var completion = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
            var packet = (byte[])query.Clone();
            var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            ushort id;
            do
            {
                id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
            }
            while (!pending.TryAdd(id, new Pending(packet, type, deadline, completion)));

            BinaryPrimitives.WriteUInt16BigEndian(packet, id);
            try
            {
                // A UDP send does not wait for the network; sending inline saves a task per query.
                socket.Send(packet);
                using var cancellation = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
                return await completion.Task.ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return new Answer(DnsResponse.ServerFailure, false);
            }
            finally
            {
                pending.TryRemove(id, out _);
            }
        }

        /// <summary>One timer per socket ends the queries past their deadline, instead of a timer per query.</summary>
        private void ExpireOverdue()
        {
            var now = Environment.TickCount64;
            foreach (var waiting in pending.Values)
            {
                if (waiting.Deadline <= now)
                {
                    waiting.Completion.TrySetResult(default);
                }
            }
        }

        private void EnsureReceiving(TimeSpan timeout)
        {
            if (receiving is not null)
            {
                return;
            }

            lock (startLock)
            {
                if (receiving is null)
                {
                    // Checked a few times per timeout: a query ends at most a quarter of it late.
                    var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 10, 250));
                    sweeper = new Timer(_ => ExpireOverdue(), null, period, period);
                    receiving = Task.Run(ReceiveLoop);
                }
            }
        }

        private async Task ReceiveLoop()
        {
            var buffer = new byte[65535];
            while (true)
            {
                int length;
                try
                {
                    length = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    // An ICMP "port unreachable" for one of the queries in flight: nobody listens there.
                    foreach (var waiting in pending.Values)
                    {
                        waiting.Completion.TrySetResult(new Answer(DnsResponse.ServerFailure, false));
                    }

                    continue;
                }
                catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (length < 12)
                {
                    continue;
                }

                var id = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                if (pending.TryGetValue(id, out var query) && Decode(buffer.AsSpan(0, length), query.Query, query.Type) is { } answer)
                {
                    query.Completion.TrySetResult(answer);
                }
            }
        }

        public void Dispose()
        {
            sweeper?.Dispose();
            socket.Dispose();
        }
    }
}
