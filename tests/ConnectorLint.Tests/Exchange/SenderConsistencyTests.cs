using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>
/// Lint's sender findings come from the same decisions trace prints: for every shipped example and
/// every entry of senders, lint reports an error at the sender exactly when trace predicts a bounce
/// for a recipient the sender must reach, and the error names the NDR trace gives.
/// </summary>
public class SenderConsistencyTests
{
    public static TheoryData<string> Examples() =>
        [.. TestPaths.AllExamples()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void ASenderErrorExactlyWhenTraceBounces(string example)
    {
        var text = TestPaths.ExampleText(example);
        var state = DesiredStateLoader.Load(example, text).State!;
        var findings = RuleFixtureTests.LintAll(text).Where(f => f.Severity == Severity.Error).ToList();
        var simulator = new MailFlowSimulator(state);
        foreach (var sender in state.Senders)
        {
            var recipients = new List<string>();
            if (sender.MustReachInternal)
            {
                recipients.Add(simulator.InternalRecipient);
            }

            if (sender.MustReachExternal)
            {
                recipients.Add(MailFlowSimulator.ExternalRecipient);
            }

            var bounces = recipients.Select(r => simulator.Trace(MailFlowSimulator.ForSender(sender, r)).Outcome).Where(o => !o.Delivered).ToList();
            var errors = findings.Where(f => f.Span.Line >= sender.Span.Line && f.Span.Line <= sender.Span.EndLine).ToList();
            var what = $"{example}: sender '{sender.Name.Value}': bounces [{string.Join("; ", bounces.Select(b => $"{b.Code} at {b.RefusingHop}"))}], errors [{string.Join("; ", errors.Select(e => $"{e.RuleId} {e.Message}"))}]";
            Assert.True(bounces.Count > 0 == errors.Count > 0, what);
            foreach (var bounce in bounces)
            {
                Assert.True(errors.Any(e => e.Message.Contains(bounce.Code!, StringComparison.Ordinal)), what);
            }
        }
    }

    /// <summary>Every canonical flow of every example, not only the senders': a bounce has a lint error with its NDR.</summary>
    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryBouncingFlowHasALintErrorWithItsNdr(string example) =>
        Assert.Empty(LintTraceAgreement.Disagreements(TestPaths.ExampleText(example)));

    [Fact]
    public void CL409IsReportedAtTheSendersName()
    {
        var text = TestPaths.ExampleText("renewed-certificate.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var finding = Assert.Single(RuleFixtureTests.LintAll(text), f => f.RuleId == "CL409");
        Assert.Equal(RuleFixtureTests.Position(text, "name: Copier 3rd floor", "Copier 3rd floor"), (finding.Span.Line, finding.Span.Column));
        Assert.Contains("550 5.7.64", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"at line {RuleFixtureTests.Position(text, "tlsSenderCertificateName", "mail").Line}", finding.Message, StringComparison.Ordinal);
    }
}
