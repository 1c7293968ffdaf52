using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// probe against SMTP servers that misbehave on purpose, each a small server on 127.0.0.1 started
/// by the test: an endless reply line, endless continuation lines, STARTTLS offered and then refused,
/// a certificate whose name is not ASCII. Each ends in a finding at the endpoint's line with the
/// reason, in bounded time and memory; none stops the run.
/// </summary>
public sealed class HostileSmtpServerTests
{
    private static readonly string Example = TestPaths.Example("contoso-hybrid.yaml");

    /// <summary>Serves one connection with <paramref name="conversation"/>, then stops.</summary>
    private sealed class Server : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly Task serving;
        private readonly CancellationTokenSource stop = new();

        public Server(Func<NetworkStream, CancellationToken, Task> conversation)
        {
            listener.Start();
            serving = Task.Run(async () =>
            {
                try
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    await conversation(client.GetStream(), stop.Token);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
                {
                    // The probe hung up on it, as it should.
                }
            });
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            serving.Wait(TimeSpan.FromSeconds(10));
        }
    }

    private static Task Write(Stream stream, string text, CancellationToken token) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), token).AsTask();

    private static async Task<string> ReadLine(Stream stream, CancellationToken token)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, token) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }

    private static CliResult Probe(int port) =>
        CliRunner.Run("probe", Example, "--host", $"mail.contoso.com=127.0.0.1:{port}", "--only", "mail.contoso.com", "--timeout", "10s");

    [Fact]
    public void An_endless_reply_line_is_cut_at_the_bound_and_reported()
    {
        using var server = new Server(async (stream, token) =>
        {
            await Write(stream, "220 ", token);
            var block = Encoding.ASCII.GetBytes(new string('A', 65_536));
            while (!token.IsCancellationRequested)
            {
                await stream.WriteAsync(block, token);
            }
        });

        var result = Probe(server.Port);

        Assert.Contains("CL707", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the server sent a reply line longer than 2048 octets (RFC 5321 allows 512)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Endless_continuation_lines_are_cut_at_the_bound_and_reported()
    {
        using var server = new Server(async (stream, token) =>
        {
            var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("220-still greeting you\r\n", 2000)));
            while (!token.IsCancellationRequested)
            {
                await stream.WriteAsync(block, token);
            }
        });

        var result = Probe(server.Port);

        Assert.Contains("CL707", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the server's replies before TLS are longer than 64 kB (endless continuation lines)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A TLS outage: the server offers STARTTLS and answers it with 454. A finding, not "could not be asked".</summary>
    [Fact]
    public void Starttls_offered_then_refused_is_a_finding_at_the_endpoint()
    {
        using var server = new Server(async (stream, token) =>
        {
            await Write(stream, "220 mail.contoso.com ESMTP\r\n", token);
            await ReadLine(stream, token);
            await Write(stream, "250-mail.contoso.com\r\n250-SIZE 36700160\r\n250 STARTTLS\r\n", token);
            await ReadLine(stream, token);
            await Write(stream, "454 4.7.0 TLS not available due to local problem\r\n", token);
            await ReadLine(stream, token);
            await Write(stream, "221 2.0.0 Bye\r\n", token);
        });

        var result = Probe(server.Port);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error CL706", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the server offers STARTTLS but refused it: 454", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be asked", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A certificate whose dNSName holds octets IA5String forbids: the run goes on and shows them escaped.</summary>
    [Fact]
    public void A_certificate_name_that_is_not_ascii_does_not_stop_the_run()
    {
        using var certificate = CertificateWithRawDnsName("mail.contoso.com", Encoding.UTF8.GetBytes("b\u00fccher.contoso.com"));
        using var server = new Server(async (stream, token) =>
        {
            await Write(stream, "220 mail.contoso.com ESMTP\r\n", token);
            await ReadLine(stream, token);
            await Write(stream, "250-mail.contoso.com\r\n250 STARTTLS\r\n", token);
            await ReadLine(stream, token);
            await Write(stream, "220 2.0.0 Ready to start TLS\r\n", token);
            using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, token);
            await ReadLine(tls, token);
            await Write(tls, "250-mail.contoso.com\r\n250 SIZE 36700160\r\n", token);
            await ReadLine(tls, token);
            await Write(tls, "221 2.0.0 Bye\r\n", token);
        });

        var result = Probe(server.Port);

        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("b\\xC3\\xBCcher.contoso.com", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CL701", result.Stdout, StringComparison.Ordinal);
    }

    private static X509Certificate2 CertificateWithRawDnsName(string subject, byte[] dnsName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // SEQUENCE { [2] dNSName }, written by hand: the builders refuse a name that is not ASCII.
        var extension = new byte[] { 0x30, (byte)(dnsName.Length + 2), 0x82, (byte)dnsName.Length }.Concat(dnsName).ToArray();
        request.CertificateExtensions.Add(new X509Extension("2.5.29.17", extension, critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }
}
