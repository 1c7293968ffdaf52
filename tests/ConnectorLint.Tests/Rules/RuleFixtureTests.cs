using ConnectorLint.Diagnostics;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Rules;

/// <summary>
/// Every rule fires at the right line and column on a variant of the clean example that has the
/// problem, and no rule fires on the clean example itself.
/// </summary>
public class RuleFixtureTests
{
    internal static readonly LintSettings Settings = new() { Today = new DateOnly(2026, 11, 23) };

    internal static string Clean => TestPaths.ExampleText("contoso-hybrid.yaml").Replace("\r\n", "\n");

    internal static string Variant(params (string From, string To)[] edits) => Edit(Clean, edits);

    /// <summary>The text with each edit applied once, at its first occurrence, which must exist.</summary>
    internal static string Edit(string text, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            var index = text.IndexOf(from, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{from}' is not in the text");
            text = text[..index] + to + text[(index + from.Length)..];
        }

        return text;
    }

    /// <summary>Line of the first line containing <paramref name="line"/>, column of <paramref name="column"/> in it.</summary>
    internal static (int Line, int Column) Position(string text, string line, string column)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(line, StringComparison.Ordinal))
            {
                var c = lines[i].IndexOf(column, StringComparison.Ordinal);
                Assert.True(c >= 0, $"'{column}' is not on the line '{lines[i]}'");
                return (i + 1, c + 1);
            }
        }

        throw new Xunit.Sdk.XunitException($"no line contains '{line}'");
    }

    /// <summary>The position of <paramref name="column"/> on line <paramref name="lineOffset"/> of the unique <paramref name="block"/>.</summary>
    internal static (int Line, int Column) PositionInBlock(string text, string block, int lineOffset, string column)
    {
        var index = text.IndexOf(block, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(block, index + 1, StringComparison.Ordinal) < 0, $"the block must occur once: {block}");
        var line = text[..index].Count(c => c == '\n') + 1 + lineOffset;
        var lineText = text.Split('\n')[line - 1];
        return (line, lineText.IndexOf(column, StringComparison.Ordinal) + 1);
    }

    /// <summary>
    /// The root causes: every finding but CL409, which repeats at each sender the bounce a root cause
    /// gives its mail (SenderConsistencyTests pins CL409 against trace).
    /// </summary>
    internal static IReadOnlyList<Finding> Lint(string text, LintSettings? settings = null) =>
        [.. LintAll(text, settings).Where(f => f.RuleId != "CL409")];

    /// <summary>
    /// Off only in mutation testing (CONNECTORLINT_VARIANT_JUDGES=off, tests/mutation.sh): the two judges
    /// below lint and trace each variant three times or more, which made a mutant of the routing model
    /// cost half a minute. Their own tests (on the examples, and FixHintTests) still run, so the score
    /// measured without them is a lower bound.
    /// </summary>
    private static readonly bool JudgesEveryVariant = Environment.GetEnvironmentVariable("CONNECTORLINT_VARIANT_JUDGES") != "off";

    /// <summary>
    /// Every finding of the text. Each variant a test lints is also judged against trace: a bounce on a
    /// canonical flow must have a lint error with its NDR (<see cref="Exchange.LintTraceAgreement"/>), and
    /// the advice of every error that names a value is safe to follow (<see cref="FixHints"/>).
    /// </summary>
    internal static IReadOnlyList<Finding> LintAll(string text, LintSettings? settings = null)
    {
        if (JudgesEveryVariant)
        {
            Assert.Empty(Exchange.LintTraceAgreement.Disagreements(text));
            FixHints.AssertSafe(text);
        }

        return Linter.Lint(DesiredStateLoader.Load("variant.yaml", text), settings ?? Settings);
    }

    /// <summary>Asserts that exactly the expected rule fires, at the expected position, with the expected severity.</summary>
    internal static Finding AssertFiresOnly(string text, string ruleId, string line, string column, Severity? severity = null)
    {
        var findings = ruleId == "CL409" ? LintAll(text) : Lint(text);
        Assert.All(findings, f => Assert.Equal(ruleId, f.RuleId));
        var expected = Position(text, line, column);
        var finding = Assert.Single(findings, f => (f.Span.Line, f.Span.Column) == expected);
        Assert.Equal(severity ?? RuleCatalog.Find(ruleId)!.Descriptor.DefaultSeverity, finding.Severity);

        // The words the admin reads are the rule's output too: each fixture's message is pinned
        // next to the test (the expected output of an actionlint-style fixture), named by the
        // text of the finding's line (not its number, which any edit above it moves), so one test
        // can pin several variants.
        var sourceLine = text.Split('\n')[finding.Span.Line - 1];
        var lineHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sourceLine)))[..6];
        WholeOutputSnapshot.MatchExpected(finding.Message, Snapshooter.SnapshotNameExtension.Create(ruleId, lineHash));
        return finding;
    }

    [Fact]
    public void CleanExampleHasNoFindings() => Assert.Empty(LintAll(Clean));

    [Fact]
    public void CL101_NoMx() => AssertFiresOnly(
        Variant(("    mx:\n      - exchange: contoso-net.mail.protection.outlook.com\n        preference: 0\n", "")),
        "CL101", "domainName: contoso.net", "contoso.net");

    [Fact]
    public void CL101_LeavesMicrosoftManagedDomainsToMicrosoft()
    {
        var topology = TestPaths.ExampleText("topologies/a-classic-hybrid.yaml");
        var withoutManagedMx = Edit(topology, ("  - domainName: contoso.onmicrosoft.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso.mail.protection.outlook.com\n        preference: 0\n",
            "  - domainName: contoso.onmicrosoft.com\n    domainType: authoritative\n    verified: true\n"));

        Assert.Empty(Lint(withoutManagedMx));
        Assert.Single(Lint(Edit(withoutManagedMx, ("domainName: contoso.onmicrosoft.com", "domainName: contoso.org"))), f => f.RuleId == "CL101");
    }

    [Fact]
    public void CL102_SecondMx() => AssertFiresOnly(
        Variant(("        preference: 0\n", "        preference: 0\n      - exchange: mail.contoso.com\n        preference: 10\n")),
        "CL102", "exchange: mail.contoso.com", "mail.contoso.com");

    [Fact]
    public void CL103_AnotherDomainsToken() => AssertFiresOnly(
        Variant(("exchange: contoso-net.mail.protection.outlook.com", "exchange: fabrikam-net.mail.protection.outlook.com")),
        "CL103", "fabrikam-net", "fabrikam-net");

    [Fact]
    public void CL103_AnotherCloud()
    {
        var finding = AssertFiresOnly(
            Variant(("exchange: contoso-net.mail.protection.outlook.com", "exchange: contoso-net.mail.protection.office365.us")),
            "CL103", "office365.us", "contoso-net");
        Assert.Contains("gccHigh cloud", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL103_AcceptsSuffixAndDnssecForms()
    {
        Assert.Empty(Lint(Variant(("exchange: contoso-net.mail.protection.outlook.com", "exchange: contoso-net01b.mail.protection.outlook.com"))));
        Assert.Empty(Lint(Variant(("exchange: contoso-net.mail.protection.outlook.com", "exchange: contoso-net.o-v1.mx.microsoft"))));
    }

    [Fact]
    public void CL104_FopeSmartHost() => AssertFiresOnly(
        Variant(("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [contoso-com.mail.eo.outlook.com]")),
        "CL104", "smartHosts:", "contoso-com.mail.eo");

    [Fact]
    public void CL105_MailFromNotAccepted() => AssertFiresOnly(
        Variant(("mailFrom: scanner@contoso.com", "mailFrom: scanner@fabrikam.com")),
        "CL105", "scanner@fabrikam.com", "scanner@");

    [Fact]
    public void CL105_UnverifiedDomain()
    {
        var text = Variant(("    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso-net", "    domainType: authoritative\n    verified: false\n    mx:\n      - exchange: contoso-net"),
            ("senderDomains: [\"*\"]", "senderDomains: [contoso.com, contoso.net]"));
        AssertFiresOnly(text, "CL105", "senderDomains:", "contoso.net");
    }

    [Fact]
    public void CL106_RelayDomainWithoutOutboundConnector() => AssertFiresOnly(
        Variant(("domainName: contoso.net\n    domainType: authoritative", "domainName: contoso.net\n    domainType: internalRelay")),
        "CL106", "internalRelay", "internalRelay", Severity.Warning);

    [Fact]
    public void CL106_OpenInternalRelay() => AssertFiresOnly(
        Variant(("acceptedDomains:\n", "acceptedDomains:\n  - domainName: \"*\"\n    domainType: internalRelay\n")),
        "CL106", "domainName: \"*\"", "\"*\"");

    [Fact]
    public void CL110_NoSpf() => AssertFiresOnly(
        Variant(("    spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"\n    dmarc: \"v=DMARC1; p=quarantine", "    dmarc: \"v=DMARC1; p=quarantine")),
        "CL110", "domainName: contoso.net", "contoso.net");

    [Fact]
    public void CL111_SpfSyntaxAtTheTermColumn() => AssertFiresOnly(
        Variant(("spf: \"v=spf1 ip4:203.0.113.24/29 include", "spf: \"v=spf1 ip4:203.0.113.24/33 include")),
        "CL111", "/33", "/33");

    [Fact]
    public void CL112_ElevenLookupTerms()
    {
        var includes = string.Join(' ', Enumerable.Range(1, 10).Select(i => $"include:s{i}.contoso.com"));
        AssertFiresOnly(
            Variant(("spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"", $"spf: \"v=spf1 ip4:203.0.113.24/29 {includes} include:spf.protection.outlook.com -all\"")),
            "CL112", "s10.contoso.com", "include:spf.protection");
    }

    [Fact]
    public void CL113_NoExchangeOnlineInclude() => AssertFiresOnly(
        Variant(("spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"", "spf: \"v=spf1 ip4:203.0.113.24/29 -all\"")),
        "CL113", "spf: \"v=spf1 ip4:203.0.113.24/29 -all\"", "\"v=spf1");

    [Fact]
    public void CL113_FollowsIncludesOfDomainsInTheFile() =>
        Assert.Empty(Lint(Variant(("spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"", "spf: \"v=spf1 include:contoso.net -all\""))));

    [Fact]
    public void CL113_FollowsAnIncludeThatLacksExchangeOnline()
    {
        // Found only by following the include into contoso.net, whose record lacks Exchange Online.
        var text = Variant(
            ("spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"", "spf: \"v=spf1 include:contoso.net -all\""),
            ("spf: \"v=spf1 ip4:203.0.113.24/29 include:spf.protection.outlook.com -all\"", "spf: \"v=spf1 ip4:203.0.113.24/29 -all\""));
        var findings = Lint(text).Where(f => f.RuleId == "CL113").ToList();
        Assert.Contains(findings, f => f.Span.Line == Position(text, "include:contoso.net", "\"v=spf1").Line);
    }

    [Fact]
    public void CL104_RetiredEndpointAsMx() => AssertFiresOnly(
        Variant(("exchange: contoso-net.mail.protection.outlook.com", "exchange: contoso-net.mail.eo.outlook.com")),
        "CL104", "contoso-net.mail.eo", "contoso-net.mail.eo");

    [Fact]
    public void CL105_TheCertificateNameAttributedByIsNotAnAcceptedDomain() => AssertFiresOnly(
        Variant(("subject: CN=mail.contoso.com", "subject: CN=mail.fabrikam.org"),
            ("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [mail.fabrikam.org]"),
            ("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: mail.fabrikam.org")),
        "CL105", "tlsSenderCertificateName: mail.fabrikam.org", "mail.fabrikam.org");

    /// <summary>The certificate every Microsoft 365 tenant presents: a grant to every tenant, never a domain to accept.</summary>
    [Fact]
    public void CL312_ACertificateNameEveryTenantPresents()
    {
        var text = Variant(("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: mail.protection.outlook.com"));

        var findings = Lint(text);

        var finding = Assert.Single(findings, f => f.RuleId == "CL312");
        Assert.Equal(Position(text, "tlsSenderCertificateName: mail.protection.outlook.com", "mail.protection"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("a Microsoft name that every Microsoft 365 tenant's mail presents", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.RuleId == "CL105");
        Assert.DoesNotContain(findings, f => f.Message.Contains("Add it to acceptedDomains", StringComparison.Ordinal));
    }

    [Fact]
    public void CL312_AnAddressExchangeOnlineSendsEveryTenantsMailFrom()
    {
        var text = Variant(("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [203.0.113.25, 40.107.12.34]"));

        var finding = Assert.Single(Lint(text));

        Assert.Equal("CL312", finding.RuleId);
        Assert.Equal(Position(text, "senderIPAddresses: [203.0.113.25, 40.107.12.34]", "40.107.12.34"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("which belongs to Exchange Online, which sends every tenant's mail from them (40.107.0.0/16)", finding.Message, StringComparison.Ordinal);
        Assert.Equal("9.0", RuleCatalog.Find("CL312")!.Descriptor.SecuritySeverity);
    }

    /// <summary>A filtering service's shared addresses carry its other customers' mail too.</summary>
    [Fact]
    public void CL312_AFilteringServicesSharedAddresses()
    {
        var filtering = TestPaths.ExampleText("topologies/d-filtering-service-in-front.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = Edit(filtering, ("  inboundConnectors:\n", "  inboundConnectors:\n    - name: From on-premises through Mimecast\n      enabled: true\n      connectorType: onPremises\n      senderDomains: [\"*\"]\n      requireTls: true\n      senderIPAddresses: [195.130.217.25]\n"));

        var finding = Assert.Single(Lint(text), f => f.RuleId == "CL312");

        Assert.Equal(Position(text, "senderIPAddresses: [195.130.217.25]", "195.130.217.25"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("which belongs to partner connector 'From Mimecast' (195.130.217.0/24)", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A partner's domain as the certificate an onPremises connector trusts: the partner could relay as the organization.</summary>
    [Fact]
    public void CL312_APartnersCertificateName()
    {
        var partners = TestPaths.ExampleText("topologies/f-domains-and-partners.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = Edit(partners, ("  inboundConnectors:\n", "  inboundConnectors:\n    - name: Relay from the partner's gateway\n      enabled: true\n      connectorType: onPremises\n      senderDomains: [\"*\"]\n      requireTls: true\n      tlsSenderCertificateName: gateway.fabrikam.com\n"));

        var findings = Lint(text);

        var finding = Assert.Single(findings, f => f.RuleId == "CL312");
        Assert.Equal(Position(text, "tlsSenderCertificateName: gateway.fabrikam.com", "gateway"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("a domain of the partner named by inbound connector 'From Fabrikam'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.RuleId == "CL105" && f.Message.Contains("gateway.fabrikam.com", StringComparison.Ordinal));
    }

    /// <summary>A partner's domain in an onPremises connector's senderDomains: removed, never accepted.</summary>
    [Fact]
    public void CL105_APartnersDomainIsNeverToBeAccepted()
    {
        var partners = TestPaths.ExampleText("topologies/f-domains-and-partners.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = Edit(partners, ("  inboundConnectors:\n", "  inboundConnectors:\n    - name: From on-premises\n      enabled: true\n      connectorType: onPremises\n      senderDomains: [contoso.com, fabrikam.com]\n      requireTls: true\n      tlsSenderCertificateName: mail.contoso.com\n"));

        var finding = Assert.Single(Lint(text), f => f.RuleId == "CL105");

        Assert.Equal(Position(text, "senderDomains: [contoso.com, fabrikam.com]", "fabrikam.com"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("is a domain of the partner named by inbound connector 'From Fabrikam'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Add it to acceptedDomains", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL203_NoTlsAuthLevel() => AssertFiresOnly(
        Variant(("      tlsAuthLevel: domainValidation\n      tlsDomain: mail.protection.outlook.com\n", "")),
        "CL203", "name: Outbound to Office 365", "Outbound to Office 365");

    [Fact]
    public void CL206_SmartHostAuthentication() => AssertFiresOnly(
        Variant(("smartHostAuthMechanism: none", "smartHostAuthMechanism: basicAuth")),
        "CL206", "smartHostAuthMechanism: basicAuth", "basicAuth", Severity.Warning);

    [Theory]
    [InlineData("2001:db8::25", "IPv6")]
    [InlineData("203.0.113.0/23", "wider than /24")]
    public void CL308_IPv6AndWideBlocks(string entry, string why)
    {
        var finding = AssertFiresOnly(Variant(("senderIPAddresses: [203.0.113.25]", $"senderIPAddresses: [203.0.113.25, \"{entry}\"]")),
            "CL308", "senderIPAddresses", "\"" + entry);
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL309_TreatAsInternalOnAPartnerConnector()
    {
        var text = Variant(("      cloudServicesMailEnabled: true\n      treatMessagesAsInternal: false", "      treatMessagesAsInternal: false"),
            ("treatMessagesAsInternal: false", "treatMessagesAsInternal: true"),
            ("      connectorType: onPremises\n      senderDomains", "      connectorType: partner\n      senderDomains"));
        var finding = Assert.Single(Lint(text), f => f.RuleId == "CL309");
        Assert.Contains("partner", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL401_AnonymousRelayToPublicAddresses() => AssertFiresOnly(
        Variant(("remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [10.20.0.0/24, 198.51.100.0/28]")),
        "CL401", "remoteIPRanges", "198.51.100.0/28");

    [Fact]
    public void CL114_EgressNotInSpf()
    {
        var text = TestPaths.ExampleText("spf-missing-egress.yaml").Replace("\r\n", "\n");
        var findings = Lint(text);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(("CL114", Position(text, "egressIPAddresses", "198.51.100.25")), (f.RuleId, (f.Span.Line, f.Span.Column))));
    }

    [Fact]
    public void CL114_DirectSendFromUnlistedAddress() => AssertFiresOnly(
        Variant(("sourceIPAddress: 203.0.113.27", "sourceIPAddress: 198.51.100.27")),
        "CL114", "198.51.100.27", "198.51.100.27");

    [Fact]
    public void CL114_AnIPv6SenderIsToldToAddAnIp6Term()
    {
        var text = Variant(("sourceIPAddress: 203.0.113.27", "sourceIPAddress: 2001:db8:5::27"));
        var finding = Assert.Single(Lint(text), f => f.RuleId == "CL114");
        Assert.Contains("Add ip6:2001:db8:5::27 to the record", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ip4:", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL115_PlusAll() => AssertFiresOnly(
        Variant(("outlook.com -all\"\n    dmarc: \"v=DMARC1; p=quarantine", "outlook.com +all\"\n    dmarc: \"v=DMARC1; p=quarantine")),
        "CL115", "+all", "+all");

    [Fact]
    public void CL115_NeutralAllIsAWarning() => AssertFiresOnly(
        Variant(("outlook.com -all\"\n    dmarc: \"v=DMARC1; p=quarantine", "outlook.com ?all\"\n    dmarc: \"v=DMARC1; p=quarantine")),
        "CL115", "?all", "?all", Severity.Warning);

    [Fact]
    public void CL116_Ptr() => AssertFiresOnly(
        Variant(("outlook.com -all\"\n    dmarc: \"v=DMARC1; p=quarantine", "outlook.com ptr -all\"\n    dmarc: \"v=DMARC1; p=quarantine")),
        "CL116", "ptr -all", "ptr");

    [Fact]
    public void CL201_ADnsRoutedInternetConnectorBesideOneThroughEop() => AssertFiresOnly(
        Variant(("  receiveConnectors:\n", "    - name: Direct to internet\n      enabled: true\n      addressSpaces: [\"*\"]\n      dnsRoutingEnabled: true\n      sourceTransportServers: [EX01]\n  receiveConnectors:\n")),
        "CL201", "dnsRoutingEnabled: true", "true");

    [Fact]
    public void CL201_AnInternetConnectorWithNeitherDnsRoutingNorSmartHosts() => AssertFiresOnly(
        Variant(("      smartHosts: [contoso-com.mail.protection.outlook.com]\n", "")),
        "CL201", "dnsRoutingEnabled: false", "false");

    [Fact]
    public void CL201_ADnsRoutedInternetConnectorAloneIsTheWizardsClassicSetup() =>
        Assert.Empty(Lint(Variant(("dnsRoutingEnabled: false", "dnsRoutingEnabled: true"))));

    [Fact]
    public void CL202_SmartHostNotTheEopMx() => AssertFiresOnly(
        Variant(("smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [fabrikam-com.mail.protection.outlook.com]")),
        "CL202", "fabrikam-com.mail", "fabrikam-com.mail");

    [Fact]
    public void CL203_NoRequireTls() => AssertFiresOnly(
        Variant(("      requireTls: true\n      tlsAuthLevel", "      requireTls: false\n      tlsAuthLevel")),
        "CL203", "requireTls: false", "false");

    [Fact]
    public void CL203_EncryptionOnly() => AssertFiresOnly(
        Variant(("tlsAuthLevel: domainValidation\n      tlsDomain: mail.protection.outlook.com", "tlsAuthLevel: encryptionOnly")),
        "CL203", "tlsAuthLevel", "encryptionOnly");

    [Fact]
    public void CL204_WrongTlsDomain() => AssertFiresOnly(
        Variant(("tlsDomain: mail.protection.outlook.com", "tlsDomain: contoso.com")),
        "CL204", "tlsDomain: contoso.com", "contoso.com");

    [Fact]
    public void CL204_DomainValidationWithoutTlsDomain() => AssertFiresOnly(
        Variant(("      tlsDomain: mail.protection.outlook.com\n", "")),
        "CL204", "tlsAuthLevel: domainValidation", "domainValidation");

    [Fact]
    public void CL205_NoCertificatePresented() => AssertFiresOnly(
        Variant(("      tlsCertificate: smtp-2026\n", "")),
        "CL205", "- name: Outbound to Office 365", "Outbound");

    [Fact]
    public void CL206_Port587() => AssertFiresOnly(
        Variant(("      port: 25\n      requireTls: true", "      port: 587\n      requireTls: true")),
        "CL206", "port: 587", "587");

    [Fact]
    public void CL207_ExpiresSoonIsAWarning() => AssertFiresOnly(
        Variant(("notAfter: 2036-06-30", "notAfter: 2026-12-01")),
        "CL207", "notAfter", "2026-12-01", Severity.Warning);

    [Fact]
    public void CL207_ExpiredIsAnError() => AssertFiresOnly(
        Variant(("notAfter: 2036-06-30", "notAfter: 2026-01-01")),
        "CL207", "notAfter", "2026-01-01");

    [Fact]
    public void CL208_NoSourceServers() => AssertFiresOnly(
        Variant(("      sourceTransportServers: [EX01]\n", "")),
        "CL208", "- name: Outbound to Office 365", "Outbound");

    [Fact]
    public void CL301_MissingInboundConnector()
    {
        var text = TestPaths.ExampleText("missing-inbound-connector.yaml").Replace("\r\n", "\n");
        var finding = Assert.Single(Lint(text));
        Assert.Equal(("CL301", Position(text, "exchangeOnline:", "exchangeOnline")), (finding.RuleId, (finding.Span.Line, finding.Span.Column)));
    }

    [Fact]
    public void CL302_DisabledInboundConnector() => AssertFiresOnly(
        Variant(("      enabled: true\n      connectorType: onPremises\n      senderDomains", "      enabled: false\n      connectorType: onPremises\n      senderDomains")),
        "CL302", "enabled: false", "false");

    [Fact]
    public void CL302_PartnerConnectorForOnPremises()
    {
        var findings = Lint(Variant(("      connectorType: onPremises\n      senderDomains", "      connectorType: partner\n      senderDomains")));
        var text = Variant(("      connectorType: onPremises\n      senderDomains", "      connectorType: partner\n      senderDomains"));
        Assert.Contains(findings, f => f.RuleId == "CL302" && (f.Span.Line, f.Span.Column) == Position(text, "connectorType: partner", "partner"));
        // treatMessagesAsInternal: false stays legal; only CL302 speaks.
        Assert.All(findings, f => Assert.Equal("CL302", f.RuleId));
    }

    [Fact]
    public void CL303_NoForceTls()
    {
        var text = Variant(("      requireTls: true\n      tlsSenderCertificateName", "      requireTls: false\n      tlsSenderCertificateName"));
        var finding = Assert.Single(Lint(text));
        var line = text[..text.IndexOf("      requireTls: false\n      tlsSenderCertificateName", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Equal(("CL303", line, 19), (finding.RuleId, finding.Span.Line, finding.Span.Column));
    }

    [Fact]
    public void CL304_NoAttribution() => AssertFiresOnly(
        Variant(("      senderIPAddresses: [203.0.113.25]\n", ""), ("      tlsSenderCertificateName: mail.contoso.com\n", "")),
        "CL304", "- name: From on-premises", "From");

    [Fact]
    public void CL305_CertificateNameMismatch()
    {
        var text = TestPaths.ExampleText("renewed-certificate.yaml").Replace("\r\n", "\n");
        var finding = Assert.Single(Lint(text));
        Assert.Equal(("CL305", Position(text, "tlsSenderCertificateName", "mail.contoso.com")), (finding.RuleId, (finding.Span.Line, finding.Span.Column)));
    }

    [Fact]
    public void CL305_MatchesAsEopDoes()
    {
        // A wildcard value covers the domain and its subdomains, at any depth.
        Assert.Empty(Lint(Variant(("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: \"*.contoso.com\""))));
        Assert.Empty(Lint(Variant(("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: \"*.mail.contoso.com\""))));
        Assert.Empty(Lint(Variant(("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: MAIL.Contoso.com."))));
        AssertFiresOnly(Variant(("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: \"*.contoso.net\"")),
            "CL305", "tlsSenderCertificateName", "\"*.contoso.net");
    }

    [Fact]
    public void CL306_EgressNotListed()
    {
        var text = TestPaths.ExampleText("changed-egress-ip.yaml").Replace("\r\n", "\n");
        var finding = Assert.Single(Lint(text));
        Assert.Equal(("CL306", Position(text, "egressIPAddresses", "203.0.113.40")), (finding.RuleId, (finding.Span.Line, finding.Span.Column)));
    }

    [Fact]
    public void CL307_SenderDomainsDoNotCover() => AssertFiresOnly(
        Variant(("senderDomains: [\"*\"]", "senderDomains: [contoso.com]")),
        "CL307", "senderDomains: [contoso.com]", "senderDomains");

    [Fact]
    public void CL308_PrivateBlock() => AssertFiresOnly(
        Variant(("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [203.0.113.25, 10.0.0.0/8]")),
        "CL308", "senderIPAddresses", "10.0.0.0/8");

    [Fact]
    public void CL308_ARangeIsRefusedByTheCmdlet()
    {
        var finding = AssertFiresOnly(Variant(("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [\"203.0.113.25-203.0.113.26\"]")),
            "CL308", "senderIPAddresses", "\"203.0.113.25-");
        Assert.Contains("a-b range", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL103_ASubdomainMayUseTheEndpointOfAParentThatMatchesSubdomains()
    {
        var subdomain = "  - domainName: eu.contoso.com\n    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso-com.mail.protection.outlook.com\n        preference: 0\n    spf: \"v=spf1 include:spf.protection.outlook.com -all\"\n";
        var covered = Variant(("    domainType: authoritative\n    verified: true\n    mx:\n      - exchange: contoso-com", "    domainType: authoritative\n    verified: true\n    matchSubDomains: true\n    mx:\n      - exchange: contoso-com"),
            ("\nonPremises:", subdomain + "\nonPremises:"));
        Assert.Empty(Lint(covered));
        var notCovered = Variant(("\nonPremises:", subdomain + "\nonPremises:"));
        Assert.Contains(Lint(notCovered), f => f.RuleId == "CL103");
    }

    [Fact]
    public void CL309_TreatAsInternalWithCloudServicesMail() => AssertFiresOnly(
        Variant(("treatMessagesAsInternal: false", "treatMessagesAsInternal: true")),
        "CL309", "treatMessagesAsInternal", "true");

    [Fact]
    public void CL401_OpenRelay()
    {
        var text = TestPaths.ExampleText("open-relay.yaml").Replace("\r\n", "\n");
        var finding = Assert.Single(Lint(text));
        Assert.Equal(("CL401", Position(text, "remoteIPRanges", "0.0.0.0/0")), (finding.RuleId, (finding.Span.Line, finding.Span.Column)));
        AssertFiresOnly(Variant(("remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [10.20.0.0/24, 10.0.0.0/16]")), "CL401", "remoteIPRanges", "10.0.0.0/16");
        AssertFiresOnly(Variant(("remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [10.20.0.0/24, \"fd00::/48\"]")), "CL401", "remoteIPRanges", "\"fd00");
        Assert.Empty(Lint(Variant(("remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [10.20.0.0/24, \"10.20.1.1-10.20.1.50\", \"fd00::/64\"]"))));
    }

    [Fact]
    public void CL406_BasicAuthInClearFromOutside() => AssertFiresOnly(
        Variant(("remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [10.20.0.0/24, 198.51.100.0/24]"),
            ("authMechanism: [tls]", "authMechanism: [basicAuth]"),
            ("anonymousRelay: true", "anonymousRelay: false"),
            ("    recipients: [internal, external]\n  - name: Monitoring", "    recipients: [internal]\n  - name: Monitoring")),
        "CL406", "authMechanism", "basicAuth");

    [Fact]
    public void CL407_SecretsUnderAnyKeyOrInAnyValue()
    {
        var text = Variant(("    mailFrom: alerts@contoso.com\n", "    mailFrom: alerts@contoso.com\n    password: \"Summer2026!\"\n"));
        var findings = Lint(text);
        Assert.Contains(findings, f => f.RuleId == "CL407" && (f.Span.Line, f.Span.Column) == Position(text, "password:", "password"));
        Assert.Contains(findings, f => f.RuleId == "CL002");

        var inValue = Variant(("issuer: \"CN=Contoso Issuing CA, O=Contoso, C=US\"", "issuer: \"smtp://relay:hunter2@mail.contoso.com\""));
        AssertFiresOnly(inValue, "CL407", "issuer:", "\"smtp");
    }
}

/// <summary>CL402-CL405: senders traced through the organization.</summary>
public class SenderRuleFixtureTests
{
    [Fact]
    public void CL402_ScannerOutsideTheRelayConnector()
    {
        var finding = RuleFixtureTests.AssertFiresOnly(
            RuleFixtureTests.Variant(("sourceIPAddress: 10.20.0.40", "sourceIPAddress: 10.30.0.40")),
            "CL402", "- name: Copier 3rd floor", "Copier");
        Assert.Contains("550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain at Default Frontend EX01", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Exchange 2010 refuses relay with its own text; 2013 and later (and a server of no given version) with 5.7.54.</summary>
    [Fact]
    public void CL402_OnExchange2010TheNdrIs571()
    {
        var text = RuleFixtureTests.Variant(("sourceIPAddress: 10.20.0.40", "sourceIPAddress: 10.30.0.40"), ("      fqdn: ex01.contoso.com\n", "      fqdn: ex01.contoso.com\n      version: exchange2010\n      site: Default-First-Site-Name\n"));

        var finding = Assert.Single(RuleFixtureTests.Lint(text));

        Assert.Equal("CL402", finding.RuleId);
        Assert.Contains("550 5.7.1 Unable to relay at Default Frontend EX01", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL402_ScannerOnTheWrongPort()
    {
        var finding = RuleFixtureTests.AssertFiresOnly(
            RuleFixtureTests.Variant(("    port: 25\n    authenticated: false\n    startTls: false", "    port: 2525\n    authenticated: false\n    startTls: false")),
            "CL402", "- name: Copier 3rd floor", "Copier");
        Assert.Contains("421 4.4.1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL403_UnauthenticatedClientSubmission()
    {
        var text = RuleFixtureTests.Variant(("    port: 587\n    authenticated: true", "    port: 587\n    authenticated: false"));
        var finding = Assert.Single(RuleFixtureTests.Lint(text));
        Assert.Equal("CL403", finding.RuleId);
        Assert.Equal(RuleFixtureTests.PositionInBlock(text, "    port: 587\n    authenticated: false", 1, "false"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("530 5.7.57", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL403_WrongPortAndNoStartTls()
    {
        var text = RuleFixtureTests.Variant(("    port: 587\n    authenticated: true\n    startTls: true", "    port: 465\n    authenticated: true\n    startTls: false"));
        var findings = RuleFixtureTests.Lint(text);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("CL403", f.RuleId));
        Assert.Contains(findings, f => (f.Span.Line, f.Span.Column) == RuleFixtureTests.Position(text, "port: 465", "465"));
    }

    [Fact]
    public void CL404_AuthenticatedOnPort25()
    {
        var text = RuleFixtureTests.Variant(("    port: 587\n    authenticated: true", "    port: 25\n    authenticated: true"));
        var findings = RuleFixtureTests.Lint(text);
        var warning = Assert.Single(findings, f => f.RuleId == "CL404");
        Assert.Equal(ConnectorLint.Diagnostics.Severity.Warning, warning.Severity);
        Assert.All(findings, f => Assert.Contains(f.RuleId, new[] { "CL403", "CL404" }));
    }

    [Fact]
    public void CL405_DirectSendToExternalRecipients()
    {
        var text = RuleFixtureTests.Variant(("    mailFrom: doors@contoso.com\n    recipients: [internal]", "    mailFrom: doors@contoso.com\n    recipients: [internal, external]"));
        var finding = Assert.Single(RuleFixtureTests.Lint(text));
        Assert.Equal("CL405", finding.RuleId);
        Assert.Equal(RuleFixtureTests.PositionInBlock(text, "    mailFrom: doors@contoso.com\n    recipients: [internal, external]", 1, "external"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("550 5.7.1 Unable to relay", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CL405_DirectSendAsAForeignDomainIsAWarningBecauseTheMailIsStillDelivered()
    {
        var text = RuleFixtureTests.Variant(("mailFrom: doors@contoso.com", "mailFrom: doors@fabrikam.com"));
        RuleFixtureTests.AssertFiresOnly(text, "CL405", "doors@fabrikam.com", "doors@", Severity.Warning);
        var state = ConnectorLint.Loading.DesiredStateLoader.Load("f.yaml", text).State!;
        var simulator = new ConnectorLint.Exchange.MailFlowSimulator(state);
        var trace = simulator.Trace(ConnectorLint.Exchange.MailFlowSimulator.ForSender(state.Senders.Single(s => s.Name.Value == "Door access system"), simulator.InternalRecipient));
        Assert.True(trace.Outcome.Delivered, trace.Outcome.Text);
    }
}
