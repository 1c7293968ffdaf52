using System.Diagnostics;
using ConnectorLint.Review;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// `review --base` in a git repository made by the test: a clean example, a commit that renews the
/// certificate under another name, a commit that fixes the inbound connector to match.
/// </summary>
public sealed class ReviewTests : IDisposable
{
    private readonly string repository = Directory.CreateTempSubdirectory("connectorlint-review-").FullName;

    private string Org => Path.Combine(repository, "org.yaml");

    private void Git(params string[] args) => TestGit.Run(repository, args);

    private void Commit(string text, string message)
    {
        File.WriteAllText(Org, text);
        Git("add", "org.yaml");
        Git("commit", "-q", "-m", message);
    }

    private static readonly string Clean = TestPaths.ExampleText("contoso-hybrid.yaml");

    /// <summary>The certificate renewed under another name: the subject and SANs say smtp.contoso.com.</summary>
    private static readonly string Renewed = Clean
        .Replace("subject: CN=mail.contoso.com", "subject: CN=smtp.contoso.com", StringComparison.Ordinal)
        .Replace("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.contoso.com, autodiscover.contoso.com]", StringComparison.Ordinal);

    private static readonly string Fixed = Renewed.Replace("tlsSenderCertificateName: mail.contoso.com", "tlsSenderCertificateName: smtp.contoso.com", StringComparison.Ordinal);

    public ReviewTests()
    {
        Git("init", "-q");
        Commit(Clean, "clean");
        Commit(Renewed, "renew the certificate");
    }

    public void Dispose() => Directory.Delete(repository, recursive: true);

    private FileReview Review(string baseRevision) =>
        Assert.Single(ReviewEngine.Run(new ReviewRequest([Org], baseRevision)).Files);

    private static int LineOf(string text, string needle) =>
        text.Split('\n').Select((l, i) => (l, i)).First(p => p.l.Contains(needle, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void RenewalUnderAnotherNameBreaksTheFlowsThroughTheInboundConnector()
    {
        var review = Review("HEAD~1");
        Assert.Equal(["CL305"], review.Findings.New.Select(f => f.RuleId).Where(r => r == "CL305"));
        Assert.Empty(review.Findings.Fixed);

        var broken = review.Changed(FlowChangeKind.Broken).ToList();
        Assert.Contains(broken, f => f.Flow == "on-premises mailbox -> internet");
        Assert.Contains(broken, f => f.Flow == "on-premises mailbox -> cloud mailbox");
        Assert.All(broken, f =>
        {
            Assert.True(f.Before!.Outcome.Delivered);
            Assert.Equal("550 5.7.64", f.After!.Outcome.Code);
            Assert.Equal("inbound connector 'From on-premises'", f.After.Outcome.RefusingHop);
        });
        Assert.Equal(3, broken.Count); // the two above and the copier's mail to the internet
        // The certificate no longer carries mail.contoso.com, the smart host Exchange Online delivers to.
        Assert.Equal("cloud mailbox -> on-premises mailbox", Assert.Single(review.Changed(FlowChangeKind.Rerouted)).Flow);
        Assert.True(review.UnchangedFlows > 0);

        Assert.Contains(review.Properties, p => p.Item == "certificate 'smtp-2026'" && p.Property == "subject"
            && p.Before == "CN=mail.contoso.com" && p.After == "CN=smtp.contoso.com" && p.Span.Line == LineOf(Renewed, "subject: CN=smtp.contoso.com"));
        Assert.Contains(review.Properties, p => p.Property == "subjectAlternativeNames" && p.Span.Line == LineOf(Renewed, "subjectAlternativeNames:"));
        Assert.All(review.Properties, p => Assert.Equal("certificate 'smtp-2026'", p.Item));
    }

    [Fact]
    public void TheCommitThatFixesItShowsTheSameFlowsFixed()
    {
        Commit(Fixed, "match the inbound connector to the new name");
        var review = Review("HEAD~1");
        Assert.Contains(review.Findings.Fixed, f => f.RuleId == "CL305");
        Assert.Empty(review.Findings.New);
        var fixedFlows = review.Changed(FlowChangeKind.Fixed).Select(f => f.Flow).ToList();
        Assert.Contains("on-premises mailbox -> internet", fixedFlows);
        Assert.Contains("on-premises mailbox -> cloud mailbox", fixedFlows);
        var change = Assert.Single(review.Properties);
        Assert.Equal(("inbound connector 'From on-premises'", "tlsSenderCertificateName", "mail.contoso.com", "smtp.contoso.com"), (change.Item, change.Property, change.Before, change.After));
    }

    [Fact]
    public void OnlyNewFindingsFailTheRunUnlessAskedForAll()
    {
        // The head keeps a finding the base already had: not new, so the run passes.
        Commit(Renewed + "\n", "touch");
        Assert.Equal(0, CliRunner.Run("review", Org, "--base", "HEAD~1").ExitCode);
        Assert.Equal(1, CliRunner.Run("review", Org, "--base", "HEAD~1", "--fail-on-existing").ExitCode);
        Assert.Equal(1, CliRunner.Run("review", Org, "--base", "HEAD~2").ExitCode);
    }

    [Fact]
    public void AFileTheBaseDidNotHaveIsNewAndEveryFindingOfItIsNew()
    {
        File.Copy(TestPaths.Example("open-relay.yaml"), Path.Combine(repository, "second.yaml"));
        var review = Assert.Single(ReviewEngine.Run(new ReviewRequest([Path.Combine(repository, "second.yaml")], "HEAD")).Files);
        Assert.True(review.NewFile);
        Assert.Contains(review.Findings.New, f => f.RuleId == "CL401");
    }

    [Theory]
    [InlineData("no-such-revision", "'no-such-revision' is not a commit of the repository")]
    [InlineData("--output=x", "'--output=x' is not a git revision.")]
    public void ABaseThatIsNotARevisionIsAToolFailure(string revision, string message)
    {
        var result = CliRunner.Run("review", Org, "--base", revision);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownSummaryPutsTheFlowImpactFirst()
    {
        var result = CliRunner.Run("review", Org, "--base", "HEAD~1", "--format", "markdown");
        Assert.Equal(1, result.ExitCode);
        WholeOutputSnapshot.Match(result.Stdout.Replace(repository, "<repo>", StringComparison.Ordinal));
    }

    /// <summary>
    /// A pull request that turns the desired-state file into a link to a YAML file outside the
    /// repository (a secret on the runner) gets nothing of it into the review.
    /// </summary>
    [Fact]
    public void A_head_that_links_outside_the_repository_is_refused_and_nothing_of_it_is_printed()
    {
        var outside = Directory.CreateTempSubdirectory("connectorlint-outside-");
        try
        {
            var secret = Path.Combine(outside.FullName, "secret.yaml");
            File.WriteAllText(secret, Clean.Replace("name: Outbound to Office 365", "name: TOP-SECRET-VALUE", StringComparison.Ordinal));
            File.Delete(Org);
            File.CreateSymbolicLink(Org, secret);

            var result = CliRunner.Run("review", Org, "--base", "HEAD");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("leads outside the repository through a symbolic link", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("TOP-SECRET-VALUE", result.Stdout + result.Stderr, StringComparison.Ordinal);

            // A folder on the way is a link just the same.
            File.Delete(Org);
            File.Copy(secret, Org);
            var linkedFolder = Path.Combine(repository, "mailflow");
            Directory.CreateSymbolicLink(linkedFolder, outside.FullName);
            var throughFolder = CliRunner.Run("review", Path.Combine(linkedFolder, "secret.yaml"), "--base", "HEAD");
            Assert.Equal(2, throughFolder.ExitCode);
            Assert.DoesNotContain("TOP-SECRET-VALUE", throughFolder.Stdout + throughFolder.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_base_that_is_a_link_in_the_repository_is_not_read()
    {
        File.Delete(Org);
        File.CreateSymbolicLink(Org, "/nonexistent/secret.yaml");
        Git("add", "org.yaml");
        Git("commit", "-q", "-m", "a link");
        File.Delete(Org);
        Commit(Clean, "a file again");

        var result = CliRunner.Run("review", Org, "--base", "HEAD~1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'org.yaml' is not a regular file at HEAD~1 (a symbolic link or a submodule); review reads only regular files.", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>git refuses a repository another user owns; the review says what git said, not "a shallow clone".</summary>
    [Fact]
    public void Git_refusing_the_repository_is_reported_as_git_said_it()
    {
        var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "nobody", repository]) { RedirectStandardError = true })!;
        chown.WaitForExit();
        Assert.True(chown.ExitCode == 0, "this test runs as root (as CI does) to give the repository to another user");
        var saved = Environment.GetEnvironmentVariable("GIT_CONFIG_GLOBAL");
        Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", "/dev/null");
        try
        {
            var result = CliRunner.Run("review", Org, "--base", "HEAD~1");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("git could not read the repository at", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("dubious ownership", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("shallow clone", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", saved);
        }
    }
}
