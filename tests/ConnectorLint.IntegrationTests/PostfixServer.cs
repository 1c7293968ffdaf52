using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// A real MTA (Debian's postfix) on 127.0.0.1, one smtpd listener at a free high port per
/// certificate (or none: a listener that offers no STARTTLS), from a configuration written here;
/// started for the tests and stopped after them. It fails loudly, never skips, when postfix is
/// missing or does not start. Postfix's master starts as root and runs its daemons as 'postfix'.
/// </summary>
public sealed class PostfixServer : IDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly string config;

    /// <param name="listeners">Each listener's name and the PEM (key, certificate, chain) it presents; null offers no STARTTLS.</param>
    /// <param name="oldTls">Listeners that speak TLS 1.1 and older only.</param>
    public PostfixServer(IReadOnlyDictionary<string, string?> listeners, IReadOnlySet<string>? oldTls = null)
    {
        var postfix = new[] { "/usr/sbin/postfix", "/usr/bin/postfix" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("postfix is not installed (apt-get install postfix); tests/run.sh installs it. The probe integration tests need a real SMTP server.");
        directory = Directory.CreateTempSubdirectory("connectorlint-postfix-").FullName;
        // Created 0700; postfix's daemons, as user postfix, must reach the data directory inside it.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        config = Path.Combine(directory, "conf");
        foreach (var sub in new[] { "conf", "queue", "data" })
        {
            Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        // The data directory (master.lock, the TLS session cache) belongs to postfix's own user.
        Run("chown", "postfix:postfix", Path.Combine(directory, "data"));
        File.WriteAllText(Path.Combine(config, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {directory}/queue
            data_directory = {directory}/data
            mail_owner = postfix
            myhostname = probe-test.invalid
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            maillog_file_prefixes = {directory}
            maillog_file = {directory}/maillog
            smtpd_tls_security_level = may
            smtpd_banner = $myhostname ESMTP
            """);

        var master = new System.Text.StringBuilder();
        foreach (var (name, pem) in listeners)
        {
            var port = NsdServer.FreePort();
            Ports[name] = port;
            if (pem is null)
            {
                master.Append($"127.0.0.1:{port} inet n - n - - smtpd -o smtpd_tls_security_level=none\n");
            }
            else
            {
                var file = Path.Combine(directory, name + ".pem");
                File.WriteAllText(file, pem);
                var protocols = oldTls?.Contains(name) == true ? " -o smtpd_tls_protocols=<=TLSv1.1 -o smtpd_tls_ciphers=low -o tls_low_cipherlist=DEFAULT:@SECLEVEL=0" : "";
                master.Append($"127.0.0.1:{port} inet n - n - - smtpd -o smtpd_tls_chain_files={file}{protocols}\n");
            }
        }

        master.Append("""
            postlog   unix-dgram n  -       n       -       1       postlogd
            tlsmgr    unix  -       -       n       1000?   1       tlsmgr
            anvil     unix  -       -       n       -       1       anvil
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            cleanup   unix  n       -       n       -       0       cleanup
            proxymap  unix  -       -       n       -       -       proxymap
            scache    unix  -       -       n       -       1       scache

            """);
        File.WriteAllText(Path.Combine(config, "master.cf"), master.ToString());

        var start = new ProcessStartInfo(postfix) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", config, "start-fg" })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("postfix did not start");
        WaitUntilListening();
    }

    /// <summary>The port of each listener, by name.</summary>
    public Dictionary<string, int> Ports { get; } = [];

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (Ports.Values.All(Greets))
            {
                return;
            }

            Thread.Sleep(100);
        }

        var log = File.Exists(Path.Combine(directory, "maillog")) ? File.ReadAllText(Path.Combine(directory, "maillog")) : "";
        var stderr = process.HasExited ? process.StandardError.ReadToEnd() : "";
        Dispose();
        throw new InvalidOperationException($"postfix did not greet on every listener within 20 s.\n{stderr}\n{log}");
    }

    private static bool Greets(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            client.ReceiveTimeout = 1000;
            var buffer = new byte[3];
            return client.GetStream().Read(buffer, 0, 3) == 3 && buffer[0] == (byte)'2';
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var p = Process.Start(start)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error} (postfix needs root to start, as the test command runs it)");
        }
    }

    public void Dispose()
    {
        try
        {
            using var stop = Process.Start(new ProcessStartInfo("/usr/sbin/postfix", ["-c", config, "stop"]) { RedirectStandardError = true, RedirectStandardOutput = true });
            stop?.WaitForExit(10_000);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
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
