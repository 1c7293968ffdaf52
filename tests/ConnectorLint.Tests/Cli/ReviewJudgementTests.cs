using ConnectorLint.Review;
using ConnectorLint.Tests.Import;
using static ConnectorLint.Tests.Rules.RuleFixtureTests;

namespace ConnectorLint.Tests.Cli;

/// <summary>What review calls changed and new, judged on two files: a bounce whose NDR changes at the same hop is a change; a finding that only moved is not new.</summary>
public class ReviewJudgementTests
{
    private static FileReview Review(string before, string after)
    {
        using var folder = new TemporaryFolder();
        var baseline = Path.Combine(folder.Path, "base.yaml");
        var head = Path.Combine(folder.Path, "head.yaml");
        File.WriteAllText(baseline, before);
        File.WriteAllText(head, after);
        return Assert.Single(ReviewEngine.Run(new ReviewRequest([head], baseline) { Settings = Settings }).Files);
    }

    [Fact]
    public void A_bounce_whose_NDR_changes_at_the_same_hop_is_a_change()
    {
        // Before: the connector does not take contoso.com as a sender domain (5.4.1); after: the renewal breaks attribution first (5.7.64), at the same connector.
        var before = Variant(("      senderDomains: [\"*\"]\n      senderIPAddresses: [203.0.113.25]", "      senderDomains: [contoso.net]\n      senderIPAddresses: [203.0.113.25]"));
        var after = Edit(before, ("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: smtp.contoso.com"),
            ("senderIPAddresses: [203.0.113.25]", "senderIPAddresses: [203.0.113.99]"));

        var review = Review(before, after);

        var change = Assert.Single(review.Flows, f => f.Flow == "on-premises mailbox -> internet");
        Assert.Equal(("550 5.4.1", "550 5.7.64"), (change.Before!.Outcome.Code, change.After!.Outcome.Code));
        Assert.Equal(change.Before.Outcome.RefusingHop, change.After.Outcome.RefusingHop);
        Assert.Equal(FlowChangeKind.Rerouted, change.Kind);
    }

    [Fact]
    public void A_finding_that_only_moved_is_not_new()
    {
        var before = TestPaths.ExampleText("renewed-certificate.yaml").Replace("\r\n", "\n", StringComparison.Ordinal);
        var after = Edit(before, ("---\n", "---\n# Mail flow of Contoso, kept in Git.\n# Changes go through review.\n\n"));

        var review = Review(before, after);

        Assert.Empty(review.Findings.New);
        Assert.Empty(review.Findings.Fixed);
        Assert.Contains(review.Findings.Unchanged, f => f.RuleId == "CL305");
        Assert.Contains(review.Findings.Unchanged, f => f.RuleId == "CL409" && f.Message.Contains("at line", StringComparison.Ordinal));
        Assert.Empty(review.Flows);
    }
}
