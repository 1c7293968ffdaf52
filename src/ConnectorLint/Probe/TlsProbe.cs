using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace ConnectorLint.Probe;

/// <summary>How far a connection got.</summary>
public enum ProbeStatus
{
    /// <summary>No TCP connection within the timeout, or it was refused.</summary>
    Unreachable,

    /// <summary>Connected, but no SMTP greeting or EHLO answer within the timeout.</summary>
    NoSmtp,

    /// <summary>The server answered EHLO without offering STARTTLS.</summary>
    NoStartTls,

    /// <summary>STARTTLS was offered, but no TLS 1.2 or later handshake completed.</summary>
    HandshakeFailed,

    /// <summary>TLS was negotiated and the server's certificate read.</summary>
    Secured,
}

/// <summary>What one SMTP server presented.</summary>
/// <param name="Chain">The certificates the server sent besides its own (intermediates), for chain building.</param>
public sealed record ProbeResult(
    ProbeStatus Status,
    string? Failure = null,
    X509Certificate2? Certificate = null,
    IReadOnlyList<X509Certificate2>? Chain = null,
    SslProtocols Protocol = SslProtocols.None);

/// <summary>
/// Connects to one SMTP server as a sending MTA would, up to the point where mail would be sent:
/// EHLO, STARTTLS, the TLS handshake, then QUIT. It never sends MAIL FROM. MailKit speaks SMTP; the
/// certificate is read in its validation callback and judged later, so a certificate that would
/// not validate is still seen.
/// </summary>
public static class TlsProbe
{
    /// <summary>TLS 1.2 and 1.3: what Exchange Online accepts; an older protocol is a failed handshake here.</summary>
    public const SslProtocols Accepted = SslProtocols.Tls12 | SslProtocols.Tls13;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359:Do not disable certificate validation",
        Justification = "The probe reports what a server presents, an expired or mismatched certificate above all; it judges the chain itself and sends no credentials and no mail.")]
    public static async Task<ProbeResult> ProbeAsync(string host, IPEndPoint address, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return new ProbeResult(ProbeStatus.Unreachable, ex is SocketException s ? Describe(s) : $"no answer within {Format(timeout)}");
        }

        X509Certificate2? presented = null;
        var chain = new List<X509Certificate2>();
        using var client = new FreshSessionSmtpClient
        {
            Timeout = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds),
            SslProtocols = Accepted,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = (_, certificate, builtChain, _) =>
            {
                if (certificate is not null)
                {
                    presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                }

                // The server's intermediates are in the chain's extra store; copies outlive the callback.
                foreach (var extra in builtChain?.ChainPolicy.ExtraStore ?? [])
                {
                    chain.Add(X509CertificateLoader.LoadCertificate(extra.RawData));
                }

                return true;
            },
        };
        try
        {
            // The server is someone else's: its replies are read with bounds (BoundedReplyStream).
            await client.ConnectAsync(new BoundedReplyStream(new NetworkStream(socket, ownsSocket: false)), host, address.Port, SecureSocketOptions.StartTlsWhenAvailable, deadline.Token).ConfigureAwait(false);
            var result = client.IsSecure
                ? new ProbeResult(ProbeStatus.Secured, Certificate: presented, Chain: chain, Protocol: client.SslProtocol)
                : new ProbeResult(ProbeStatus.NoStartTls, "the server's EHLO answer does not offer STARTTLS");
            await client.DisconnectAsync(quit: true, deadline.Token).ConfigureAwait(false);
            return result;
        }
        catch (SslHandshakeException ex)
        {
            return new ProbeResult(ProbeStatus.HandshakeFailed, Innermost(ex), presented, chain);
        }
        catch (SmtpCommandException ex) when (client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) && !client.IsSecure)
        {
            // It offered STARTTLS and then refused it (454 TLS not available): a TLS outage, not silence.
            return new ProbeResult(ProbeStatus.HandshakeFailed, $"the server offers STARTTLS but refused it: {(int)ex.StatusCode} {PrintableReply(ex.Message)}", presented, chain);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(ProbeStatus.NoSmtp, $"no SMTP answer within {Format(timeout)}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ProtocolException or SmtpCommandException or SmtpProtocolException or System.Security.Authentication.AuthenticationException)
        {
            return new ProbeResult(ProbeStatus.NoSmtp, Innermost(ex));
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>
    /// MailKit's client without TLS session resumption: a resumed session reports the certificate
    /// of the first handshake with that host name, not the one the server presents now.
    /// </summary>
    private sealed class FreshSessionSmtpClient : SmtpClient
    {
        protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback)
        {
            var options = base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback);
            options.AllowTlsResume = false;
            return options;
        }
    }

    private static string PrintableReply(string reply) => Diagnostics.PrintableText.Escape(reply.Length > 200 ? reply[..200] + "..." : reply);

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner)
        {
            ex = inner;
        }

        return ex.Message.Split('\n')[0].Trim();
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "the connection was refused",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to the host",
        SocketError.TimedOut => "the connection timed out",
        _ => ex.Message,
    };

    public static string Format(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 && timeout.Milliseconds == 0 ? $"{timeout.TotalSeconds:0} s" : $"{timeout.TotalMilliseconds:0} ms";
}
