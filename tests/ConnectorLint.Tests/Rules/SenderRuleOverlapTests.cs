namespace ConnectorLint.Tests.Rules;

/// <summary>
/// A sender's bounce is reported once: by the rule that names its cause (CL402 relay denied, CL403
/// client submission, CL404 port, CL405 direct send), never repeated by CL409, which is for bounces
/// further along that no sender rule names.
/// </summary>
public class SenderRuleOverlapTests
{
    [Theory]
    [InlineData("client submission without AUTH", "    authenticated: true\n    startTls: true\n    mailFrom: alerts", "    authenticated: false\n    startTls: true\n    mailFrom: alerts", "CL403")]
    [InlineData("client submission without STARTTLS", "    authenticated: true\n    startTls: true\n    mailFrom: alerts", "    authenticated: true\n    startTls: false\n    mailFrom: alerts", "CL403")]
    [InlineData("client submission on port 25", "    port: 587\n", "    port: 25\n", "CL403,CL404")]
    [InlineData("SMTP AUTH off in the tenant", "  cloud: commercial\n", "  cloud: commercial\n  smtpClientAuthenticationDisabled: true\n", "CL403")]
    [InlineData("direct send to external recipients", "    mailFrom: doors@contoso.com\n    recipients: [internal]", "    mailFrom: doors@contoso.com\n    recipients: [internal, external]", "CL405")]
    [InlineData("direct send rejected by the tenant", "  cloud: commercial\n", "  cloud: commercial\n  rejectDirectSend: true\n", "CL405")]
    [InlineData("a device outside the relay range", "    sourceIPAddress: 10.20.0.40", "    sourceIPAddress: 10.30.0.40", "CL402")]
    public void TheBounceIsReportedByTheRuleThatNamesItsCause(string story, string from, string to, string rules)
    {
        var findings = RuleFixtureTests.LintAll(RuleFixtureTests.Variant((from, to)));
        Assert.True(rules.Split(',').SequenceEqual(findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal)),
            $"{story}: {string.Join(", ", findings.Select(f => f.RuleId))}");
    }
}
