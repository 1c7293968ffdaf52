using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConnectorLint.Dns;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// A real authoritative DNS server (Debian's nsd) on 127.0.0.1 at a free high port, serving the
/// zone files of this project, started for the tests and stopped after them. It fails loudly,
/// never skips, when nsd is missing or does not start.
/// </summary>
public sealed class NsdServer : IDisposable
{
    private readonly Process process;
    private readonly string directory;

    public NsdServer()
    {
        var nsd = new[] { "/usr/sbin/nsd", "/usr/bin/nsd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nsd is not installed (apt-get install nsd); tests/run.sh installs it. The DNS integration tests need a real server.");
        directory = Directory.CreateTempSubdirectory("connectorlint-nsd-").FullName;
        Port = FreePort();
        var zones = Path.Combine(AppContext.BaseDirectory, "Zones");
        var config = new System.Text.StringBuilder($"""
            server:
              ip-address: 127.0.0.1@{Port}
              port: {Port}
              username: ""
              chroot: ""
              zonesdir: "{zones}"
              database: ""
              zonelistfile: "{directory}/zone.list"
              xfrdfile: "{directory}/xfrd.state"
              pidfile: "{directory}/nsd.pid"
              logfile: "{directory}/nsd.log"
              server-count: 1
              verbosity: 1
              hide-version: yes
              rrl-ratelimit: 0
            remote-control:
              control-enable: no

            """);
        foreach (var zone in Directory.GetFiles(zones, "*.zone"))
        {
            config.Append($"zone:\n  name: {Path.GetFileNameWithoutExtension(zone)}\n  zonefile: \"{zone}\"\n");
        }

        var configPath = Path.Combine(directory, "nsd.conf");
        File.WriteAllText(configPath, config.ToString());
        var start = new ProcessStartInfo(nsd) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(configPath);
        process = Process.Start(start) ?? throw new InvalidOperationException("nsd did not start");
        WaitUntilAnswering();
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    private void WaitUntilAnswering()
    {
        var resolver = new LiveDnsResolver(new LiveDnsOptions { Servers = [new IPEndPoint(IPAddress.Loopback, Port)], Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            var answer = resolver.QueryAsync("insync.drift.test", DnsRecordType.MX).AsTask().GetAwaiter().GetResult();
            if (answer.Status == DnsStatus.Ok)
            {
                return;
            }

            Thread.Sleep(100);
        }

        var log = File.Exists(Path.Combine(directory, "nsd.log")) ? File.ReadAllText(Path.Combine(directory, "nsd.log")) : "";
        var stderr = process.HasExited ? process.StandardError.ReadToEnd() : "";
        Dispose();
        throw new InvalidOperationException($"nsd did not answer on 127.0.0.1:{Port} within 15 s.\n{stderr}\n{log}");
    }

    /// <summary>A port no one listens on, UDP and TCP.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            if (port < 20000)
            {
                continue;
            }

            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free high port on 127.0.0.1");
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
