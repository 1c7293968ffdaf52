using ConnectorLint.Diagnostics;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Rules;

/// <summary>
/// The edges of the rules' decisions, where an off-by-one would go unnoticed: the day a certificate
/// expires, the last day of the warning window, a suppression above blank and comment lines.
/// </summary>
public class BoundaryTests
{
    private static readonly DateOnly Today = RuleFixtureTests.Settings.Today;

    private static IReadOnlyList<Finding> Expiring(DateOnly notAfter, int warningDays = 30) =>
        RuleFixtureTests.Lint(RuleFixtureTests.Variant(("notAfter: 2036-06-30", $"notAfter: {notAfter:yyyy-MM-dd}")),
            RuleFixtureTests.Settings with { CertificateExpiryWarningDays = warningDays });

    [Fact]
    public void ACertificateThatExpiresTodayIsAWarningNotAnError() =>
        Assert.Equal(Severity.Warning, Assert.Single(Expiring(Today), f => f.RuleId == "CL207").Severity);

    [Fact]
    public void ACertificateThatExpiredYesterdayIsAnError() =>
        Assert.Equal(Severity.Error, Assert.Single(Expiring(Today.AddDays(-1)), f => f.RuleId == "CL207").Severity);

    [Fact]
    public void TheLastDayOfTheWindowWarnsAndTheDayAfterDoesNot()
    {
        Assert.Single(Expiring(Today.AddDays(45), warningDays: 45), f => f.RuleId == "CL207");
        Assert.DoesNotContain(Expiring(Today.AddDays(46), warningDays: 45), f => f.RuleId == "CL207");
    }

    [Fact]
    public void ANextLineSuppressionSkipsBlankAndCommentLines()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true",
            "      # connectorlint-disable-next-line CL206 -- the partner gateway listens on 587 only\n\n      # port 587 below\n      port: 587\n      requireTls: true"));
        Assert.Empty(RuleFixtureTests.LintAll(text));
    }

    [Fact]
    public void ASuppressionAboveAnotherKeyDoesNotReachTheFinding()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n      requireTls: true",
            "      # connectorlint-disable-next-line CL206 -- the partner gateway listens on 587 only\n      requireTls: true\n      port: 587"));
        var findings = RuleFixtureTests.LintAll(text);
        Assert.Contains(findings, f => f.RuleId == "CL206");
        Assert.Contains(findings, f => f.RuleId == "CL009");
    }

    [Fact]
    public void ADirectiveWithAReasonButNoRuleSaysSo()
    {
        var text = RuleFixtureTests.Variant(("      port: 25\n", "      # connectorlint-disable-next-line -- no rule named\n      port: 25\n"));
        var problem = Assert.Single(RuleFixtureTests.LintAll(text));
        Assert.Equal("CL009", problem.RuleId);
        Assert.Equal(RuleFixtureTests.Position(text, "connectorlint-disable-next-line", "#").Line, problem.Span.Line);
    }

    [Fact]
    public void ClearTextAuthNeedsBasicAuthWithoutTlsOnARangeOutsideThePrivateBlocks()
    {
        static string Receive(string auth, string ranges) => RuleFixtureTests.Variant(
            ("      authMechanism: [tls]", $"      authMechanism: [{auth}]"),
            ("      remoteIPRanges: [10.20.0.0/24]", $"      remoteIPRanges: [{ranges}]"));
        bool Fires(string auth, string ranges) => RuleFixtureTests.LintAll(Receive(auth, ranges)).Any(f => f.RuleId == "CL406");

        Assert.True(Fires("basicAuth", "10.20.0.0/24, 198.51.100.0/24"));
        Assert.False(Fires("basicAuth", "10.20.0.0/24"));
        Assert.False(Fires("basicAuth, basicAuthRequireTls", "10.20.0.0/24, 198.51.100.0/24"));
        Assert.False(Fires("tls", "10.20.0.0/24, 198.51.100.0/24"));
    }
}
