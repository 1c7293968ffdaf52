using System.Text;
using ConnectorLint.Cli;

namespace ConnectorLint.IntegrationTests;

/// <summary>`connectorlint import --dns-server` against a real nsd on loopback, and against a server that does not answer.</summary>
public sealed class ImportAgainstNsdTests(NsdFixture nsd) : IClassFixture<NsdFixture>, IDisposable
{
    private readonly string export = Directory.CreateTempSubdirectory("connectorlint-import-").FullName;

    public void Dispose() => Directory.Delete(export, recursive: true);

    private static (int Exit, string Stdout, string Stderr) Import(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.RunAsync(["import", .. args], stdout, stderr).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private void WriteExport()
    {
        var folder = Path.Combine(export, "ExchangeOnline");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "AcceptedDomain.json"), """
            [
              { "DomainName": "import.test", "DomainType": "Authoritative", "Default": true, "MatchSubDomains": false, "InitialDomain": false },
              { "DomainName": "importtest.onmicrosoft.com", "DomainType": "Authoritative", "Default": false, "MatchSubDomains": false, "InitialDomain": true }
            ]
            """, new UTF8Encoding(false));
    }

    [Fact]
    public void The_records_come_from_the_DNS_server()
    {
        WriteExport();

        var (exit, stdout, stderr) = Import(export, "--dns-server", nsd.Server.Endpoint, "--timeout", "2s");

        Assert.True(exit == 0, stderr);
        Assert.Contains("""
              - domainName: import.test
                domainType: authoritative
                # in Exchange Online's accepted domains, which hold verified domains only
                verified: true
                default: true
                matchSubDomains: false
                mx:
                  - exchange: import-test.mail.protection.outlook.com
                    preference: 0
                spf: "v=spf1 ip4:203.0.113.25 include:spf.protection.outlook.com -all"
                dmarc: "v=DMARC1; p=reject; rua=mailto:dmarc@import.test"
            """.ReplaceLineEndings("\n"), stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_does_not_answer_leaves_the_records_unknown_with_a_comment()
    {
        WriteExport();
        using var silent = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)silent.Client.LocalEndPoint!).Port;

        var (exit, stdout, stderr) = Import(export, "--dns-server", $"127.0.0.1:{port}", "--timeout", "200ms", "--retries", "0");

        Assert.True(exit == 0, stderr);
        Assert.Contains("    # mx: unknown (timeout); fill it in.", stdout, StringComparison.Ordinal);
        Assert.Contains("    # spf: unknown (timeout); fill it in.", stdout, StringComparison.Ordinal);
    }
}
