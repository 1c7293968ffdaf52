using System.Text;
using ConnectorLint.Dns;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Cli;
using Xunit;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// An export of mixed shapes, as an admin's folder can be: the send and receive connectors are
/// Export-Clixml of the whole objects, written by PowerShell from the stub Exchange module
/// (tests/exchange-stub, Raw); the rest is written after real exports in the shapes PowerShell cannot
/// make here: Windows PowerShell 5.1 JSON with integer enumerations and \/Date()\/, V3 JSON with text
/// and nulls and the many properties the format does not need, a certificate with only RawData as a
/// remote session returns it, an empty file from a cmdlet that returned nothing, and a file written
/// with ConvertTo-Json's default depth.
/// </summary>
public sealed class ImportFixtureTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "ConnectorLint.Tests", "Import", "Fixtures", name);

    private static async Task<ImportReport> ImportClassicHybridAsync() =>
        await ImportEngine.RunAsync(new ImportRequest(Fixture("classic-hybrid")) { Dns = ZoneFile.Load([Fixture("classic-hybrid.zone")]) });

    [Fact]
    public async Task Real_shapes_import_into_a_file_that_passes_the_schema_and_lints_as_its_topology()
    {
        var report = await ImportClassicHybridAsync();

        var loaded = DesiredStateLoader.Load("imported.yaml", report.Yaml);
        Assert.Empty(loaded.Problems.Select(p => p.Message));
        // Topology a (classic hybrid) lints clean; its import, with Exchange's default receive connectors, must too.
        Assert.Empty(Linter.Lint(loaded, new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2026, 11, 23) }).Select(f => $"{f.RuleId} {f.Span.Line}: {f.Message}"));
    }

    [Fact]
    public async Task An_anonymous_relay_grant_in_the_export_gives_the_open_relay_finding_and_nothing_else()
    {
        using var folder = new TemporaryFolder();
        TemporaryFolder.CopyFolder(Fixture("classic-hybrid"), folder.Path);
        // Get-ADPermission as Windows PowerShell 5.1 writes it, for the internet-facing connector.
        File.WriteAllText(Path.Combine(folder.Path, "ExchangeServer", "AnonymousRelayPermission.json"),
            "{\r\n    \"Connector\":  \"EX01\\\\Default Frontend EX01\",\r\n    \"User\":  \"NT AUTHORITY\\\\ANONYMOUS LOGON\",\r\n"
            + "    \"ExtendedRights\":  [\r\n                           \"ms-Exch-SMTP-Accept-Any-Recipient\"\r\n                       ],\r\n    \"Deny\":  false,\r\n    \"IsInherited\":  false\r\n}",
            new UnicodeEncoding(false, true));

        var report = await ImportEngine.RunAsync(new ImportRequest(folder.Path) { Dns = ZoneFile.Load([Fixture("classic-hybrid.zone")]) });
        var findings = Linter.Lint(DesiredStateLoader.Load("imported.yaml", report.Yaml), new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2026, 11, 23) });

        var line = Array.FindIndex(report.Yaml.Split('\n'), l => l.Contains("name: Default Frontend EX01", StringComparison.Ordinal)) + 1;
        Assert.Equal(["CL401"], findings.Select(f => f.RuleId).Distinct());
        Assert.All(findings, f => Assert.InRange(f.Span.Line, line, line + 12));
    }

    /// <summary>An explicit Deny entry for the right is no grant, and outweighs an Allow beside it.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deny_entry_for_anonymous_relay_is_no_grant(bool alsoAllowed)
    {
        using var folder = new TemporaryFolder();
        TemporaryFolder.CopyFolder(Fixture("classic-hybrid"), folder.Path);
        static string Entry(bool deny) =>
            "{\r\n    \"Connector\":  \"EX01\\\\Default Frontend EX01\",\r\n    \"User\":  \"NT AUTHORITY\\\\ANONYMOUS LOGON\",\r\n"
            + "    \"ExtendedRights\":  [\r\n                           \"ms-Exch-SMTP-Accept-Any-Recipient\"\r\n                       ],\r\n"
            + $"    \"Deny\":  {(deny ? "true" : "false")},\r\n    \"IsInherited\":  false\r\n}}";
        var entries = alsoAllowed ? $"[\r\n{Entry(false)},\r\n{Entry(true)}\r\n]" : Entry(true);
        File.WriteAllText(Path.Combine(folder.Path, "ExchangeServer", "AnonymousRelayPermission.json"), entries, new UnicodeEncoding(false, true));

        var report = await ImportEngine.RunAsync(new ImportRequest(folder.Path) { Dns = ZoneFile.Load([Fixture("classic-hybrid.zone")]) });

        var frontend = report.State.ReceiveConnectors.Single(c => c.Name.Value == "Default Frontend EX01");
        Assert.NotEqual(true, frontend.AnonymousRelay?.Value);
        Assert.DoesNotContain(Linter.Lint(DesiredStateLoader.Load("imported.yaml", report.Yaml), new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2026, 11, 23) }), f => f.RuleId == "CL401");
    }

    [Fact]
    public async Task The_imported_file_is_pinned()
    {
        var report = await ImportClassicHybridAsync();

        WholeOutputSnapshot.Match(report.Yaml);
    }

    [Fact]
    public async Task Each_shape_is_read_as_what_it_means()
    {
        var state = (await ImportClassicHybridAsync()).State;

        // CliXml: the certificate from RawData alone, matched to the connector's <I>issuer<S>subject.
        var certificate = Assert.Single(state.OnPremises!.Certificates);
        Assert.Equal(("CN=mail.contoso.com", "CN=Contoso Issuing CA, O=Contoso, C=US", "2027-06-30", "7D949D1DD61D5AC21887ED74389686B67DCD64CC"),
            (certificate.Subject.Value, certificate.Issuer?.Value, certificate.NotAfter.Value.ToString("yyyy-MM-dd", null), certificate.Thumbprint?.Value));
        Assert.Equal(["mail.contoso.com", "autodiscover.contoso.com"], certificate.SubjectAlternativeNames.Select(n => n.Value));
        var hybrid = state.SendConnectors.Single(c => c.Name.Value.StartsWith("Outbound to Office 365", StringComparison.Ordinal));
        Assert.Equal(certificate.Name.Value, hybrid.TlsCertificate?.Value);
        Assert.Equal("domainValidation", hybrid.TlsAuthLevel?.Value.ToString() is { } level ? char.ToLowerInvariant(level[0]) + level[1..] : null);

        // CliXml flags: the text beside the integer.
        var frontend = state.ReceiveConnectors.Single(c => c.Name.Value == "Default Frontend EX01");
        Assert.Equal(["anonymousUsers", "exchangeServers", "exchangeLegacyServers"], frontend.PermissionGroups.Select(p => p.Value));
        Assert.Equal(["tls", "integrated", "basicAuth", "basicAuthRequireTls", "exchangeServer"], frontend.AuthMechanism.Select(p => p.Value));
        Assert.Equal("frontendTransport", frontend.TransportRole?.Value);
        Assert.Equal("hubTransport", state.ReceiveConnectors.Single(c => c.Name.Value == "Default EX01").TransportRole?.Value);
        Assert.Equal(["::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"], frontend.RemoteIPRanges.Select(r => r.Value.Text));

        // 5.1 JSON: integer enumerations.
        var server = Assert.Single(state.OnPremises.Servers);
        Assert.Equal(("ex01.contoso.com", false), (server.Fqdn.Value, server.IsEdge));

        // V3 JSON: nulls and empty lists leave keys out; properties the format does not have are ignored.
        var inbound = Assert.Single(state.InboundConnectors);
        Assert.Empty(inbound.SenderIPAddresses);
        Assert.Equal(["*"], inbound.SenderDomains.Select(d => d.Value));
        Assert.Equal("contoso", state.Tenant.Name.Value);
        Assert.Equal("contoso.onmicrosoft.com", state.Tenant.InitialDomain?.Value);

        // An empty AnonymousRelayPermission.json: no connector grants anonymous relay.
        Assert.All(state.ReceiveConnectors, c => Assert.False(c.AnonymousRelay?.Value));
    }

    [Fact]
    public void A_file_written_with_the_default_depth_is_refused_with_the_command_to_run()
    {
        var result = CliRunner.Run("import", Fixture("depth2"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ReceiveConnector.json: $[0].Server: holds '@{Rdn=CN=EX01;", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Get-ReceiveConnector | ConvertTo-Json -Depth 5 | Set-Content -Encoding utf8 ReceiveConnector.json", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("\"Bindings\": \"[::]:25 0.0.0.0:25\"", "$[0].Bindings: holds 'a list'")]
    [InlineData("\"TlsCertificateName\": \"Microsoft.Exchange.Data.SmtpX509Identifier\"", "$[0].TlsCertificateName: holds 'Microsoft.Exchange.Data.SmtpX509Identifier'")]
    [InlineData("\"RemoteIPRanges\": [\"Microsoft.Exchange.Data.IPRange\"]", "$[0].RemoteIPRanges[0]: holds 'Microsoft.Exchange.Data.IPRange'")]
    public void Every_sign_of_a_shallow_export_is_recognised(string property, string expected)
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeServer/ReceiveConnector.json", $"[{{\"Name\": \"Relay\", \"Server\": \"EX01\", {property}}}]");

        var result = CliRunner.Run("import", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ExchangeOnline/InboundConnector.json", "{\"Name\": \"X\", \"ConnectorType\": \"Hybrid\"}", "InboundConnector.json: $.ConnectorType: 'Hybrid' is not a value of TenantConnectorType (OnPremises, Partner).")]
    [InlineData("ExchangeServer/ReceiveConnector.json", "{\"Name\": \"X\", \"Server\": \"EX01\", \"PermissionGroups\": 65}", "ReceiveConnector.json: $.PermissionGroups: '65' is not a value of PermissionGroups (None=0, AnonymousUsers=1, ExchangeUsers=2, ExchangeServers=4, ExchangeLegacyServers=8, Partners=16, Custom=32).")]
    [InlineData("ExchangeServer/SendConnector.json", "{\"Name\": \"X\", \"TlsAuthLevel\": 3}", "SendConnector.json: $.TlsAuthLevel: '3' is not a value of TlsAuthLevel (EncryptionOnly, CertificateValidation, DomainValidation).")]
    [InlineData("ExchangeServer/ReceiveConnector.json", "{\"Name\": \"X\", \"Server\": \"EX01\", \"AuthMechanism\": \"Tls, Kerberos\"}", "ReceiveConnector.json: $.AuthMechanism: 'Kerberos' is not a value of AuthMechanisms")]
    [InlineData("ExchangeServer/SendConnector.json", "[{\"Name\": \"X\"}, {\"Enabled\": true}]", "SendConnector.json: $[1]: an object without a Name.")]
    [InlineData("ExchangeServer/SendConnector.json", "{\"Name\": \"X\", \"Port\": \"twenty-five\"}", "SendConnector.json: $.Port: 'twenty-five' is not a whole number.")]
    [InlineData("ExchangeServer/SendConnector.json", "{\"Name\": \"X\",", "SendConnector.json: line 1, column ")]
    [InlineData("ExchangeServer/SendConnector.xml", "<Objs xmlns=\"urn:other\"/>", "SendConnector.xml: not a CliXml file")]
    [InlineData("ExchangeServer/SendConnector.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Objs>&e;</Objs>", "SendConnector.xml: holds a document type declaration (DTD), which Export-Clixml never writes; refused.")]
    [InlineData("ExchangeServer/SendConnector.xml", "<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><Props><S N=\"Name\">X</S></Props>", "SendConnector.xml: line 1, column ")]
    [InlineData("ExchangeServer/ExchangeCertificate.json", "{\"RawData\": \"bm90IGEgY2VydGlmaWNhdGU=\"}", "ExchangeCertificate.json: $.RawData: RawData is not a certificate")]
    [InlineData("ExchangeServer/Notes.json", "{}", "Notes.json: not an export this import knows; ExchangeServer/ holds SendConnector.json, ReceiveConnector.json")]
    public void A_value_the_import_cannot_read_is_an_error_with_its_file_and_path(string file, string content, string expected)
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeOnline/AcceptedDomain.json", "{\"DomainName\": \"contoso.onmicrosoft.com\", \"DomainType\": \"Authoritative\", \"InitialDomain\": true}");
        Write(folder, file, content);

        var result = CliRunner.Run("import", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_types_ConvertTo_Json_writes_as_objects_read_as_Exchange_prints_them()
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeOnline/AcceptedDomain.json", "{\"DomainName\": \"contoso.onmicrosoft.com\", \"DomainType\": 0, \"InitialDomain\": true}");
        // Get-SendConnector | ConvertTo-Json -Depth 5 in the Exchange Management Shell itself (live objects, not their text).
        Write(folder, "ExchangeServer/SendConnector.json", """
            {
              "Name": "To partner",
              "AddressSpaces": [ { "Type": "smtp", "Address": "fabrikam.com", "Cost": 1, "IncludeSubDomains": false, "Domain": { "Domain": "fabrikam.com", "IncludeSubDomains": false } } ],
              "SmartHosts": [ { "Address": { "Domain": "mx.fabrikam.com", "IsIPAddress": false }, "IsIPAddress": false, "Domain": { "HostnameString": "mx.fabrikam.com" } } ],
              "TlsAuthLevel": 4,
              "TlsDomain": { "Domain": "mx.fabrikam.com", "IncludeSubDomains": false, "SmtpDomain": { "Domain": "mx.fabrikam.com" } },
              "TlsCertificateName": { "CertificateIssuer": "CN=Contoso Issuing CA, O=Contoso, C=US", "CertificateSubject": "CN=mail.contoso.com" },
              "Fqdn": { "Domain": "mail.contoso.com", "IsIPAddress": false },
              "SourceTransportServers": [ { "Name": "EX01", "DistinguishedName": "CN=EX01,CN=Servers" } ],
              "SmartHostAuthMechanism": 0
            }
            """);
        Write(folder, "ExchangeOnline/OutboundConnector.json", """
            { "Name": "To Fabrikam", "ConnectorType": 2, "RecipientDomains": ["fabrikam.com"], "TlsSettings": 4, "TlsDomain": { "Domain": "fabrikam.com", "IncludeSubDomains": true } }
            """);

        var state = (await ImportEngine.RunAsync(new ImportRequest(folder.Path))).State;

        var connector = Assert.Single(state.SendConnectors);
        Assert.Equal(["smtp:fabrikam.com;1"], connector.AddressSpaces.Select(a => a.Value));
        Assert.Equal(["mx.fabrikam.com"], connector.SmartHosts.Select(h => h.Value));
        Assert.Equal("mx.fabrikam.com", connector.TlsDomain?.Value);
        Assert.Equal("*.fabrikam.com", Assert.Single(state.OutboundConnectors).TlsDomain?.Value);
        Assert.Equal("<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=mail.contoso.com", connector.TlsCertificateName?.Value);
        Assert.Equal("mail.contoso.com", connector.Fqdn?.Value);
        Assert.Equal(["EX01"], connector.SourceTransportServers.Select(s => s.Value));
    }

    /// <summary>
    /// Windows PowerShell 5.1's ConvertTo-Json writes a flags enumeration as its integer, Export-Clixml
    /// and the V3 module as its text. The expected values are literals of Exchange's own types
    /// (Microsoft.Exchange.Data.Directory.SystemConfiguration: AuthMechanisms Tls=1, Integrated=2,
    /// BasicAuth=4, BasicAuthRequireTLS=8, ExchangeServer=16, ExternalAuthoritative=32;
    /// PermissionGroups AnonymousUsers=1, ExchangeUsers=2, ExchangeServers=4, ExchangeLegacyServers=8,
    /// Partners=16), never the importer's table, so a swapped value there fails here.
    /// </summary>
    [Theory]
    [InlineData("1", "5", "tls", "anonymousUsers exchangeServers")]
    [InlineData("2", "2", "integrated", "exchangeUsers")]
    [InlineData("4", "8", "basicAuth", "exchangeLegacyServers")]
    [InlineData("12", "16", "basicAuth basicAuthRequireTls", "partners")]
    [InlineData("17", "7", "tls exchangeServer", "anonymousUsers exchangeUsers exchangeServers")]
    [InlineData("33", "4", "tls externalAuthoritative", "exchangeServers")]
    [InlineData("\"Tls, Integrated, BasicAuth, BasicAuthRequireTLS\"", "\"AnonymousUsers, Partners\"", "tls integrated basicAuth basicAuthRequireTls", "anonymousUsers partners")]
    [InlineData("\"ExchangeServer, ExternalAuthoritative\"", "\"ExchangeUsers, ExchangeLegacyServers\"", "exchangeServer externalAuthoritative", "exchangeUsers exchangeLegacyServers")]
    public async Task Flags_read_as_Exchange_writes_them_as_numbers_and_as_names(string authMechanism, string permissionGroups, string expectedAuth, string expectedGroups)
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeOnline/AcceptedDomain.json", "{\"DomainName\": \"contoso.onmicrosoft.com\", \"DomainType\": 0, \"InitialDomain\": true}");
        Write(folder, "ExchangeServer/ReceiveConnector.json",
            $"{{\"Name\": \"Relay\", \"Server\": \"EX01\", \"Bindings\": [\"0.0.0.0:25\"], \"RemoteIPRanges\": [\"10.0.0.0/8\"], \"AuthMechanism\": {authMechanism}, \"PermissionGroups\": {permissionGroups}}}");

        var connector = Assert.Single((await ImportEngine.RunAsync(new ImportRequest(folder.Path))).State.ReceiveConnectors);

        Assert.Equal(expectedAuth, string.Join(" ", connector.AuthMechanism.Select(a => a.Value)));
        Assert.Equal(expectedGroups, string.Join(" ", connector.PermissionGroups.Select(p => p.Value)));
    }

    [Fact]
    public async Task Windows_PowerShells_wrapped_arrays_read_as_arrays()
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeOnline/AcceptedDomain.json", "{\"value\": [{\"DomainName\": \"contoso.onmicrosoft.com\", \"DomainType\": 0, \"InitialDomain\": true}], \"Count\": 1}");
        Write(folder, "ExchangeOnline/InboundConnector.json", "{\"Name\": \"From on-premises\", \"ConnectorType\": 1, \"SenderDomains\": {\"value\": [\"smtp:*;1\"], \"Count\": 1}, \"SenderIPAddresses\": {\"value\": [\"203.0.113.25\", \"203.0.113.26\"], \"Count\": 2}}");

        var state = (await ImportEngine.RunAsync(new ImportRequest(folder.Path))).State;

        Assert.Equal("contoso", state.Tenant.Name.Value);
        Assert.Equal(["203.0.113.25", "203.0.113.26"], Assert.Single(state.InboundConnectors).SenderIPAddresses.Select(a => a.Value.Text));
    }

    [Fact]
    public void Several_values_where_Exchange_has_one_is_an_error()
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeOnline/AcceptedDomain.json", "{\"DomainName\": \"contoso.onmicrosoft.com\", \"InitialDomain\": true}");
        Write(folder, "ExchangeOnline/OutboundConnector.json", "{\"Name\": \"X\", \"ConnectorType\": \"Partner\", \"TlsDomain\": [\"a.example\", \"b.example\"]}");

        var result = CliRunner.Run("import", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("OutboundConnector.json: $.TlsDomain: holds 2 values where Exchange has one.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_cmdlet_twice_is_an_error()
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeServer/SendConnector.json", "[]");
        Write(folder, "ExchangeServer/SendConnector.xml", "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"/>");

        var result = CliRunner.Run("import", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds the same cmdlet's output; keep one of them.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_export_naming_the_tenant_the_import_says_what_to_add()
    {
        using var folder = new TemporaryFolder();
        Write(folder, "ExchangeServer/SendConnector.json", "[]");

        var result = CliRunner.Run("import", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no export names the tenant: add ExchangeOnline/AcceptedDomain.json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_writes_the_file_and_refuses_to_overwrite_it()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "contoso.yaml");

        var first = CliRunner.Run("import", Fixture("classic-hybrid"), "--zone-file", Fixture("classic-hybrid.zone"), "-o", output);
        var second = CliRunner.Run("import", Fixture("classic-hybrid"), "--zone-file", Fixture("classic-hybrid.zone"), "-o", output);
        var lint = CliRunner.Run("lint", output, "--today", "2026-11-23");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("connectorlint: imported 3 accepted domains, 2 send and 5 receive connectors, 1 inbound and 1 outbound connectors into contoso.yaml", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("pass --force to overwrite it", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, lint.ExitCode);
        Assert.StartsWith("# yamllint disable-line rule:line-length\n# yaml-language-server: $schema=", File.ReadAllText(output), StringComparison.Ordinal);
        // The editor validates with the schema of the version that wrote the file.
        Assert.Contains($"/connectorlint/v{ConnectorLint.Reporting.LintReport.EngineVersion}/schemas/connectorlint.schema.json\n", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reimport_in_place_keeps_what_the_admin_filled_in()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "contoso.yaml");
        Assert.Equal(0, CliRunner.Run("import", Fixture("classic-hybrid"), "--zone-file", Fixture("classic-hybrid.zone"), "-o", output).ExitCode);
        File.WriteAllText(output, File.ReadAllText(output)
            .Replace("      # egressIPAddresses: [ ]", "      egressIPAddresses: [203.0.113.25]\n      # was:", StringComparison.Ordinal)
            .Replace("# senders: the applications", "senders:\n  - name: Copier\n    sourceIPAddress: 10.20.0.40\n    submitTo: onPremises\n    host: ex01.contoso.com\n    port: 25\n# the applications", StringComparison.Ordinal));

        var again = CliRunner.Run("import", Fixture("classic-hybrid"), "--keep", output, "-o", output, "--force");

        Assert.Equal(0, again.ExitCode);
        var text = File.ReadAllText(output);
        Assert.Contains("      egressIPAddresses: [203.0.113.25]", text, StringComparison.Ordinal);
        Assert.Contains("  - name: Copier\n    sourceIPAddress: 10.20.0.40\n    submitTo: onPremises\n    host: ex01.contoso.com\n    port: 25\n", text, StringComparison.Ordinal);
        // Without --zone-file this time: the records come from the kept file.
        Assert.Contains("    spf: \"v=spf1 ip4:203.0.113.25 include:spf.protection.outlook.com -all\"", text, StringComparison.Ordinal);
        Assert.Contains("0 commented keys", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_to_keep_that_does_not_load_is_an_error()
    {
        using var folder = new TemporaryFolder();
        var keep = Path.Combine(folder.Path, "broken.yaml");
        File.WriteAllText(keep, "apiVersion: connectorlint/v1\ntenant: {}\n");

        var result = CliRunner.Run("import", Fixture("classic-hybrid"), "--keep", keep);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a valid desired-state file, so nothing can be kept from it: line ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_DNS_the_records_are_left_to_the_admin_with_a_comment()
    {
        var result = CliRunner.Run("import", Fixture("classic-hybrid"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("    # mx, spf, dmarc: no export holds DNS; import with --zone-file or\n    # --dns-server to fill them in.\n", result.Stdout, StringComparison.Ordinal);
    }

    private static void Write(TemporaryFolder folder, string relative, string content)
    {
        var path = Path.Combine(folder.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    /// <summary>AdminDisplayVersion as Get-ExchangeServer prints it, per release (Microsoft's "Exchange Server build numbers and release dates").</summary>
    [Theory]
    [InlineData("Version 14.3 (Build 123.4)", "exchange2010")]
    [InlineData("Version 15.0 (Build 1497.2)", "exchange2013")]
    [InlineData("Version 15.1 (Build 2507.6)", "exchange2016")]
    [InlineData("Version 15.2 (Build 1544.4)", "exchange2019")]
    [InlineData("Version 15.2 (Build 2562.17)", "exchangeSE")]
    [InlineData("not a version", null)]
    public void AdminDisplayVersion_is_read_as_the_release(string printed, string? expected) =>
        Assert.Equal(expected, ConnectorLint.Import.ExchangeImporter.ExchangeVersionOf(printed));

    [Fact]
    public async Task Site_and_version_are_imported_from_Get_ExchangeServer()
    {
        var report = await ImportClassicHybridAsync();

        var server = Assert.Single(report.State.OnPremises!.Servers);
        Assert.Equal(("Default-First-Site-Name", ConnectorLint.Model.ExchangeVersion.Exchange2019), (server.Site?.Value, server.Version?.Value));
    }
}
