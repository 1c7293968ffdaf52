using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ConnectorLint.Cli;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// Certificates made here (a CA named as the example's issuer, and the ways a renewal goes wrong),
/// each presented by its own postfix listener on loopback.
/// </summary>
public sealed class PostfixFixture : IDisposable
{
    public PostfixFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("connectorlint-probe-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Contoso Issuing CA, O=Contoso, C=US", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(Now.AddYears(-2), Now.AddYears(5));
        CaFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());

        string[] mail = ["mail.contoso.com", "autodiscover.contoso.com"];
        var right = Issue("CN=mail.contoso.com", mail, NotAfter);
        Right = right.Certificate;
        Server = new PostfixServer(new Dictionary<string, string?>
        {
            ["right"] = right.Pem,
            ["renamed"] = Issue("CN=smtp.contoso.com", ["smtp.contoso.com"], NotAfter).Pem,
            ["expired"] = Issue("CN=mail.contoso.com", mail, Now.AddDays(-10), Now.AddDays(-400)).Pem,
            ["selfSigned"] = Issue("CN=mail.contoso.com", mail, NotAfter, selfSigned: true).Pem,
            ["wildcard"] = Issue("CN=*.contoso.com", ["*.contoso.com"], NotAfter).Pem,
            ["noSan"] = Issue("CN=mail.contoso.com", [], NotAfter).Pem,
            ["noStartTls"] = null,
            ["tls11"] = right.Pem,
        }, new HashSet<string> { "tls11" });
    }

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>Midday, so that the date the file says is the certificate's date in every time zone of the runner.</summary>
    public static readonly DateTimeOffset NotAfter = new(DateTimeOffset.UtcNow.AddDays(200).Date.AddHours(12), TimeSpan.Zero);

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public string CaFile { get; }

    public X509Certificate2 Right { get; }

    public PostfixServer Server { get; }

    private (X509Certificate2 Certificate, string Pem) Issue(string subject, string[] names, DateTimeOffset notAfter, DateTimeOffset? notBefore = null, bool selfSigned = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var from = notBefore ?? Now.AddDays(-1);
        var certificate = selfSigned
            ? request.CreateSelfSigned(from, notAfter)
            : request.Create(Ca, from, notAfter, RandomNumberGenerator.GetBytes(16));
        var pem = key.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem() + "\n" + (selfSigned ? "" : Ca.ExportCertificatePem() + "\n");
        return (certificate, pem);
    }

    public void Dispose()
    {
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>
/// `connectorlint probe` on the shipped example, its certificate block made to describe the right
/// certificate, against a real postfix presenting each kind of certificate a renewal can leave.
/// </summary>
public class ProbeAgainstPostfixTests(PostfixFixture postfix) : IClassFixture<PostfixFixture>
{
    private string State()
    {
        var path = Path.Combine(postfix.Directory, "contoso-hybrid.yaml");
        if (!File.Exists(path))
        {
            var example = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "contoso-hybrid.yaml"))
                .Replace("notAfter: 2036-06-30", "notAfter: " + PostfixFixture.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567", "thumbprint: " + postfix.Right.Thumbprint, StringComparison.Ordinal);
            File.WriteAllText(path, example);
        }

        return path;
    }

    private int LineOf(string needle) =>
        File.ReadAllLines(State()).Select((l, i) => (l, i)).First(p => p.l.Contains(needle, StringComparison.Ordinal)).i + 1;

    private (int Exit, List<(string Rule, int Line, string Severity, string Message)> Findings, string Stderr, TimeSpan Took) Probe(int port, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exit = CommandLineApp.RunAsync(
            ["probe", State(), "--only", "mail.contoso.com", "--host", $"mail.contoso.com=127.0.0.1:{port}", "--ca-file", postfix.CaFile, "--format", "json", .. extra],
            stdout, stderr).GetAwaiter().GetResult();
        clock.Stop();
        Assert.True(exit is 0 or 1 or 2, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout.ToString());
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("severity").GetString()!, f.GetProperty("message").GetString()!))
            .OrderBy(f => f.Item1, StringComparer.Ordinal).ThenBy(f => f.Item2)
            .ToList();
        return (exit, findings, stderr.ToString(), clock.Elapsed);
    }

    private (string, int)[] Rules(List<(string Rule, int Line, string Severity, string Message)> findings) =>
        [.. findings.Select(f => (f.Rule, f.Line))];

    private int Certificate => LineOf("- name: smtp-2026");

    private int TlsSenderCertificateName => LineOf("tlsSenderCertificateName: mail.contoso.com");

    private int OutboundTlsDomain => LineOf("tlsDomain: mail.contoso.com");

    [Fact]
    public void TheRightCertificatePasses()
    {
        var (exit, findings, stderr, _) = Probe(postfix.Server.Ports["right"]);
        Assert.True(findings.Count == 0, string.Join("\n", findings) + stderr);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void RenamedCertificateIsAnotherCertificateThatTheInboundConnectorRejects()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["renamed"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL701", Certificate), ("CL702", TlsSenderCertificateName), ("CL704", OutboundTlsDomain)], Rules(findings));
        Assert.Contains("thumbprint, subject, subjectAlternativeNames differ", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("550 5.7.64 TenantAttribution", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("none of its names matches 'mail.contoso.com'", findings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredCertificateIsAnErrorAtNotAfter()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["expired"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL701", Certificate), ("CL703", LineOf("notAfter:"))], Rules(findings));
        Assert.Equal("error", findings[1].Severity);
        Assert.Contains("which expired on", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateExpiringWithinTheWindowIsAWarning()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["right"], "--fail-on", "warning");
        Assert.Empty(findings);
        var config = Path.Combine(postfix.Directory, "expiry.connectorlint.yaml");
        File.WriteAllText(config, "certificateExpiryWarningDays: 365\n");
        (exit, findings, _, _) = Probe(postfix.Server.Ports["right"], "--config", config);
        Assert.Equal([("CL703", LineOf("notAfter:"))], Rules(findings));
        Assert.Equal("warning", findings[0].Severity);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void SelfSignedCertificateDoesNotValidateWhereExchangeOnlineChecksIt()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["selfSigned"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL701", Certificate), ("CL704", TlsSenderCertificateName), ("CL704", OutboundTlsDomain)], Rules(findings));
        Assert.Contains("issuer", findings[0].Message, StringComparison.Ordinal);
        Assert.All(findings.Skip(1), f => Assert.Contains("it is self-signed", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void WildcardCertificateDoesNotCarryTheSpecificName()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["wildcard"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL701", Certificate), ("CL702", TlsSenderCertificateName)], Rules(findings));
        Assert.Contains("CN=*.contoso.com", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateWithoutTheSanDiffersAndDoesNotValidateForTheName()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["noSan"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL701", Certificate), ("CL704", OutboundTlsDomain)], Rules(findings));
        Assert.Contains("subjectAlternativeNames", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("it has no subjectAltName", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerWithoutStartTlsWhereTheOutboundConnectorRequiresTls()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["noStartTls"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL705", LineOf("tlsSettings: domainValidation"))], Rules(findings));
    }

    [Fact]
    public void ServerThatSpeaksOnlyTls11IsReportedAtTheEndpoint()
    {
        var (exit, findings, _, _) = Probe(postfix.Server.Ports["tls11"]);
        Assert.Equal(1, exit);
        Assert.Equal([("CL706", LineOf("smartHosts: [mail.contoso.com]"))], Rules(findings));
        Assert.Contains("offers STARTTLS, but no TLS 1.2 or later handshake completed", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PortThatDoesNotAnswerIsUnknownAndExitsTwoWithinTheTimeout()
    {
        var (exit, findings, stderr, took) = Probe(NsdServer.FreePort(), "--timeout", "1s");
        Assert.Equal(2, exit);
        Assert.Equal([("CL707", LineOf("smartHosts: [mail.contoso.com]"))], Rules(findings));
        Assert.Equal("warning", findings[0].Severity);
        Assert.Contains("What it presents is unknown", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("no SMTP server answered", stderr, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
    }

    [Fact]
    public async Task ServerThatAcceptsButNeverGreetsIsUnknownAfterTheTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var (exit, findings, _, took) = Probe(port, "--timeout", "1s");
        Assert.Equal(2, exit);
        Assert.Equal([("CL707", LineOf("smartHosts: [mail.contoso.com]"))], Rules(findings));
        Assert.Contains("no SMTP answer within 1 s", findings[0].Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
        (await accepted).Dispose();
    }
}
