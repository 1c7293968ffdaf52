using ConnectorLint.Diagnostics;
using ConnectorLint.Model;

namespace ConnectorLint.Tests.Rules;

/// <summary>The fix hints are read and applied as an admin would type them, and unsafe advice is caught.</summary>
public class FixHintTests
{
    /// <summary>The broken stories of examples/: each error's advice that names a value is applied and is safe.</summary>
    [Theory]
    [InlineData("changed-egress-ip.yaml", 1)]
    [InlineData("fope-smart-host.yaml", 1)]
    [InlineData("spf-missing-egress.yaml", 2)]
    [InlineData("contoso-hybrid.yaml", 0)]
    public void TheAdviceOfTheBrokenStoriesIsSafeToFollow(string example, int applied) =>
        Assert.Equal(applied, FixHints.AssertSafe(TestPaths.ExampleText(example).Replace("\r\n", "\n", StringComparison.Ordinal)));

    [Fact]
    public void AnAddressIsAddedToTheNamedConnectorsList()
    {
        var text = "    - name: A\n      senderIPAddresses: [192.0.2.1]\n    - name: B\n      senderIPAddresses: [192.0.2.2]\n";
        var finding = Fake(1, 1, "203.0.113.9 is not in senderIPAddresses of inbound connector 'B' (192.0.2.2); EOP answers 550 5.7.64. Add 203.0.113.9 to senderIPAddresses.");

        Assert.Equal("    - name: A\n      senderIPAddresses: [192.0.2.1]\n    - name: B\n      senderIPAddresses: [203.0.113.9, 192.0.2.2]\n", FixHints.Apply(text, finding));
    }

    [Fact]
    public void AnSpfTermGoesBeforeTheAllOfAFoldedRecord()
    {
        var text = "  - domainName: contoso.com\n    spf: \"v=spf1 ip4:192.0.2.1\n      include:spf.protection.outlook.com -all\"\n";
        var finding = Fake(1, 1, "the spf of 'contoso.com' gives fail for it (550 5.7.23). Add ip4:203.0.113.9 to the record.");

        Assert.Equal("  - domainName: contoso.com\n    spf: \"v=spf1 ip4:192.0.2.1\n      include:spf.protection.outlook.com ip4:203.0.113.9 -all\"\n", FixHints.Apply(text, finding));
    }

    [Fact]
    public void ASetChangesTheKeyOfTheFindingsObjectOrAddsIt()
    {
        var text = "  - name: Copier\n    host: smtp.office365.com\n    port: 465\n  - name: Scanner\n    port: 465\n";

        Assert.Equal("  - name: Copier\n    host: smtp.office365.com\n    port: 587\n  - name: Scanner\n    port: 465\n",
            FixHints.Apply(text, Fake(3, 11, "sender 'Copier' submits on port 465 (4.4.1). Set port: 587.")));
        Assert.Equal("  - name: Copier\n    startTls: true\n    host: smtp.office365.com\n    port: 465\n  - name: Scanner\n    port: 465\n",
            FixHints.Apply(text, Fake(2, 11, "sender 'Copier' submits without STARTTLS (530 5.7.0). Set startTls: true.")));
    }

    [Fact]
    public void AdviceWithoutAValueIsNotApplied() =>
        Assert.Null(FixHints.Apply("a: b\n", Fake(1, 1, "List only the devices that must relay, e.g. the scanner's own address.")));

    /// <summary>The check itself: advice that would break a flow that delivers today is reported.</summary>
    [Fact]
    public void UnsafeAdviceIsCaught()
    {
        var text = RuleFixtureTests.Clean;
        var before = FixHints.Lint(text);
        var (line, column) = RuleFixtureTests.Position(text, "tlsSenderCertificateName: mail.contoso.com", "mail.contoso.com");
        var advice = Fake(line, column, "a made-up finding. Set tlsSenderCertificateName: mail.fabrikam.com.");

        var reason = FixHints.Unsafe(before, advice, FixHints.Apply(text, advice)!);

        Assert.NotNull(reason);
        Assert.Contains("5.7.64", reason, StringComparison.Ordinal);
    }

    private static Finding Fake(int line, int column, string message) =>
        new("CL999", Severity.Error, message, new SourceSpan("variant.yaml", line, column, line, column + 1), "");
}
