using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Review;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Review;

/// <summary>
/// One file's review, compared without git: which canonical flows a change adds, breaks or removes,
/// when a new bounce is unexplained, and which findings are new, fixed or only moved.
/// </summary>
public class ChangeReviewTests
{
    private static readonly string Base = TestPaths.ExampleText("contoso-hybrid.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);

    private const string Monitoring = "  - name: Monitoring alerts\n    sourceIPAddress: 10.20.5.12\n    submitTo: clientSubmission\n    host: smtp.office365.com\n    port: 587\n    authenticated: true\n";

    private static LoadedDocument Load(string text) => DesiredStateLoader.Load("mailflow.yaml", text);

    private static FileReview Compare(string before, string after, IReadOnlyList<Finding>? headFindings = null) =>
        ChangeReview.Compare(Load(before), Load(after), [], headFindings ?? []);

    private static string WithSender(string name, bool authenticated) =>
        RuleFixtureTests.Edit(Base, ("senders:\n", "senders:\n" + Monitoring.Replace("Monitoring alerts", name, StringComparison.Ordinal)
            .Replace("authenticated: true", $"authenticated: {(authenticated ? "true" : "false")}", StringComparison.Ordinal)
            + "    startTls: true\n    mailFrom: alerts@contoso.com\n    recipients: [internal, external]\n"));

    [Fact]
    public void ANewSenderThatDeliversIsAddedOneThatBouncesIsBroken()
    {
        var added = Compare(Base, WithSender("Reports", authenticated: true));
        Assert.NotEmpty(added.Flows);
        Assert.All(added.Flows, f => Assert.Equal((FlowChangeKind.Added, true), (f.Kind, f.Flow.Contains("Reports", StringComparison.Ordinal))));

        var broken = Compare(Base, WithSender("Reports", authenticated: false));
        Assert.NotEmpty(broken.Flows);
        Assert.All(broken.Flows, f => Assert.Equal((FlowChangeKind.Broken, true, true), (f.Kind, f.After!.Outcome.Bounced, f.Before is null)));
    }

    [Fact]
    public void ARemovedSendersFlowsAreRemoved()
    {
        var review = Compare(WithSender("Reports", authenticated: true), Base);
        Assert.NotEmpty(review.Flows);
        Assert.All(review.Flows, f => Assert.Equal((FlowChangeKind.Removed, true), (f.Kind, f.After is null)));
        Assert.Equal(review.HeadFlows.Count, review.UnchangedFlows);
    }

    [Fact]
    public void ANewBounceIsUnexplainedUnlessANewErrorOtherThanCL409SaysWhy()
    {
        var after = WithSender("Reports", authenticated: false);
        Finding Of(string rule, Severity severity) => new(rule, severity, "m", SourceSpan.At("mailflow.yaml", 1, 1), "h");
        Assert.True(Compare(Base, after).BouncesUnexplained);
        Assert.True(Compare(Base, after, [Of("CL409", Severity.Error)]).BouncesUnexplained);
        Assert.True(Compare(Base, after, [Of("CL402", Severity.Warning)]).BouncesUnexplained);
        Assert.False(Compare(Base, after, [Of("CL402", Severity.Error)]).BouncesUnexplained);
        Assert.False(Compare(Base, WithSender("Reports", authenticated: true)).BouncesUnexplained);
    }

    [Fact]
    public void AHeadThatDoesNotLoadComparesNoFlowsAndSaysHowManyWereTraced()
    {
        var review = Compare(Base, Base.Replace("apiVersion: connectorlint/v1", "apiVersion: connectorlint/v1\nunknownKey: 1", StringComparison.Ordinal));
        Assert.True(review.HeadUnreadable);
        Assert.Empty(review.Flows);
        Assert.Equal(0, review.UnchangedFlows);
        Assert.Equal(Load(Base).State is { } state ? MailFlowSimulator.Of(state).CanonicalFlows.Count : -1, review.BaseFlowCount);
        Assert.True(review.BaseFlowCount > 0);
        Assert.False(Compare(Base, Base).HeadUnreadable);
    }

    [Fact]
    public void FindingsAreMatchedByRuleAndMessageOnceEach()
    {
        Finding At(string message, int line) => new("CL206", Severity.Warning, message, SourceSpan.At("mailflow.yaml", line, 1), "h");
        var before = Load(Base);
        var review = ChangeReview.Compare(before, before, [At("same", 3), At("same", 4)], [At("same", 7), At("same", 8), At("same", 9)]);
        Assert.Equal([9], review.Findings.New.Select(f => f.Span.Line));
        Assert.Equal([7, 8], review.Findings.Unchanged.Select(f => f.Span.Line));
        Assert.Empty(review.Findings.Fixed);

        var moved = ChangeReview.Compare(before, before, [At("as at line 5", 5)], [At("as at line 12", 12), At("as at ", 13)]);
        Assert.Equal([13], moved.Findings.New.Select(f => f.Span.Line));
        Assert.Empty(moved.Findings.Fixed);

        var reworded = ChangeReview.Compare(before, before, [At("as at ", 5)], [At("as at line 12", 12)]);
        Assert.Equal([12], reworded.Findings.New.Select(f => f.Span.Line));
        Assert.Equal([5], reworded.Findings.Fixed.Select(f => f.Span.Line));
    }
}
