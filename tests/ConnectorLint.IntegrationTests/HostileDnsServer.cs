using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConnectorLint.IntegrationTests;

/// <summary>What the hostile server sends back to one UDP query.</summary>
public enum HostileBehaviour
{
    /// <summary>The right answer (a TXT record "v=spf1 -all"), to show the server works.</summary>
    Honest,

    /// <summary>An answer with another ID, from the server's port: an off-path guess.</summary>
    WrongId,

    /// <summary>The right ID, but for another name: an answer to a question nobody asked.</summary>
    WrongQuestion,

    /// <summary>The right ID and question, sent to ports next to the one the query came from: a blind guess of the port.</summary>
    OtherPort,

    /// <summary>UDP says truncated; TCP answers with a compression pointer that points at itself.</summary>
    TruncatedThenPointerLoop,
}

/// <summary>
/// A DNS server on 127.0.0.1 that lies in chosen ways, for the resolver's spoofing tests. Spoofed
/// answers carry "v=spf1 +all" so a test can tell if one was ever believed. It records the source
/// port of every query it receives.
/// </summary>
public sealed class HostileDnsServer : IDisposable
{
    public const string SpoofedText = "v=spf1 +all";
    public const string HonestText = "v=spf1 -all";

    private readonly UdpClient udp;
    private readonly UdpClient otherPort;
    private readonly TcpListener tcp;
    private readonly CancellationTokenSource stop = new();
    private readonly Task udpLoop;
    private readonly Task tcpLoop;

    public HostileDnsServer(HostileBehaviour behaviour)
    {
        Behaviour = behaviour;
        Port = NsdServer.FreePort();
        udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, Port));
        otherPort = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        tcp = new TcpListener(IPAddress.Loopback, Port);
        tcp.Start();
        udpLoop = Task.Run(ServeUdpAsync);
        tcpLoop = Task.Run(ServeTcpAsync);
    }

    public HostileBehaviour Behaviour { get; }

    public int Port { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public ConcurrentBag<int> SourcePorts { get; } = [];

    private async Task ServeUdpAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await udp.ReceiveAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            SourcePorts.Add(received.RemoteEndPoint.Port);
            var query = received.Buffer;
            var id = (ushort)((query[0] << 8) | query[1]);
            var (name, type, _) = ReadQuestion(query);
            byte[] answer = Behaviour switch
            {
                HostileBehaviour.Honest => Answer(id, name, type, HonestText),
                HostileBehaviour.WrongId => Answer((ushort)(id ^ 0x5A5A), name, type, SpoofedText),
                HostileBehaviour.WrongQuestion => Answer(id, "attacker.example", type, SpoofedText),
                HostileBehaviour.OtherPort => Answer(id, name, type, SpoofedText),
                _ => Truncated(id, name, type),
            };
            if (Behaviour == HostileBehaviour.OtherPort)
            {
                foreach (var offset in new[] { -2, -1, 1, 2 })
                {
                    var guess = received.RemoteEndPoint.Port + offset;
                    if (guess is > 0 and < 65536)
                    {
                        await otherPort.SendAsync(answer, new IPEndPoint(IPAddress.Loopback, guess), stop.Token);
                    }
                }

                continue;
            }

            await udp.SendAsync(answer, received.RemoteEndPoint, stop.Token);
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await tcp.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var length = new byte[2];
                await stream.ReadExactlyAsync(length, stop.Token);
                var query = new byte[(length[0] << 8) | length[1]];
                await stream.ReadExactlyAsync(query, stop.Token);
                var id = (ushort)((query[0] << 8) | query[1]);
                var (name, type, questionEnd) = ReadQuestion(query);
                var answer = PointerLoop(id, query.AsSpan(12, questionEnd - 12));
                await stream.WriteAsync(new[] { (byte)(answer.Length >> 8), (byte)answer.Length }, stop.Token);
                await stream.WriteAsync(answer, stop.Token);
            }
        }
    }

    private static (string Name, ushort Type, int End) ReadQuestion(byte[] query)
    {
        var labels = new List<string>();
        var i = 12;
        while (query[i] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, i + 1, query[i]));
            i += query[i] + 1;
        }

        var type = (ushort)((query[i + 1] << 8) | query[i + 2]);
        return (string.Join('.', labels), type, i + 5);
    }

    private static void Header(List<byte> packet, ushort id, ushort flags, int answers)
    {
        packet.AddRange([(byte)(id >> 8), (byte)id, (byte)(flags >> 8), (byte)flags, 0, 1, 0, (byte)answers, 0, 0, 0, 0]);
    }

    private static void Question(List<byte> packet, string name, ushort type)
    {
        foreach (var label in name.Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
    }

    private static byte[] Answer(ushort id, string name, ushort type, string text)
    {
        var packet = new List<byte>();
        Header(packet, id, 0x8180, 1);
        Question(packet, name, type);
        var data = Encoding.ASCII.GetBytes(text);
        // The owner points back at the question's name (offset 12); a TXT record, whatever was asked.
        packet.AddRange([0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, (byte)(data.Length + 1), (byte)data.Length]);
        packet.AddRange(data);
        return [.. packet];
    }

    private static byte[] Truncated(ushort id, string name, ushort type)
    {
        var packet = new List<byte>();
        Header(packet, id, 0x8380, 0);
        Question(packet, name, type);
        return [.. packet];
    }

    private static byte[] PointerLoop(ushort id, ReadOnlySpan<byte> question)
    {
        var packet = new List<byte>();
        Header(packet, id, 0x8180, 1);
        packet.AddRange(question.ToArray());
        // The answer's owner name is a pointer to its own offset: a reader that follows it never ends.
        var self = packet.Count;
        packet.AddRange([(byte)(0xC0 | (self >> 8)), (byte)self, 0, 16, 0, 1, 0, 0, 0, 60, 0, 2, 1, (byte)'x']);
        return [.. packet];
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        otherPort.Dispose();
        tcp.Stop();
        try
        {
            Task.WaitAll([udpLoop, tcpLoop], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stop.Dispose();
    }
}
