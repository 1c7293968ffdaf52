using System.Diagnostics;
using ConnectorLint.Review;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// What a reviewer cannot miss, in a real git repository: a flow that newly bounces is red and fails
/// the review even when no rule explains it; a new, an unreadable and a deleted file each say what
/// happened; flows broken by one cause at one hop are one row; findings are grouped by NDR or by part
/// of the file, never by a rule's prose.
/// </summary>
public sealed class ReviewSignalsTests : IDisposable
{
    private readonly string repository = Directory.CreateTempSubdirectory("connectorlint-signals-").FullName;

    private static readonly string Clean = TestPaths.ExampleText("contoso-hybrid.yaml");

    private static readonly string Renewed = Clean
        .Replace("subject: CN=mail.contoso.com", "subject: CN=smtp.contoso.com", StringComparison.Ordinal)
        .Replace("subjectAlternativeNames: [mail.contoso.com, autodiscover.contoso.com]", "subjectAlternativeNames: [smtp.contoso.com, autodiscover.contoso.com]", StringComparison.Ordinal);

    public ReviewSignalsTests()
    {
        Git("init", "-q");
        Write("mailflow/org.yaml", Clean);
        Git("add", "-A");
        Git("commit", "-q", "-m", "clean");
    }

    public void Dispose() => Directory.Delete(repository, recursive: true);

    private void Git(params string[] args) => TestGit.Run(repository, args);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(repository, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>review run as a user runs it, from the repository's root (its own process: the working folder is per process).</summary>
    private CliResult Review(params string[] extra) => Run(["review", "--base", "HEAD", "mailflow", .. extra]);

    private CliResult Run(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "connectorlint.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_SHA", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "NO_COLOR", "FORCE_COLOR" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "review did not finish");
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void ANewSenderThatBouncesIsRedNowBouncesNotBlueNew()
    {
        Write("mailflow/org.yaml", Clean.Replace("senders:\n", "senders:\n  - name: Scanner basement\n    sourceIPAddress: 10.99.0.7\n    submitTo: onPremises\n    host: ex01.contoso.com\n    port: 25\n    authenticated: false\n    startTls: false\n    mailFrom: scanner@contoso.com\n    recipients: [external]\n", StringComparison.Ordinal));
        var review = Assert.Single(ReviewEngine.Run(new ReviewRequest([Path.Combine(repository, "mailflow", "org.yaml")], "HEAD")).Files);
        var flow = Assert.Single(review.Flows, f => f.Flow.Contains("Scanner basement", StringComparison.Ordinal));
        Assert.Null(flow.Before);
        Assert.True(flow.After!.Outcome.Bounced);
        Assert.Equal(FlowChangeKind.Broken, flow.Kind);

        var markdown = Review("--format", "markdown");
        Assert.Equal(1, markdown.ExitCode);
        Assert.Contains("| sender 'Scanner basement' -> internet | 🔴 now bounces | (no such flow) | 550 ", markdown.Stdout, StringComparison.Ordinal);
        // The diagram marks the refused step red with the NDR, as graph draws it.
        Assert.Contains("linkStyle", markdown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlowThatNowBouncesFailsTheReviewEvenWhenNoRuleExplainsIt()
    {
        // The rules that would explain the renewal are turned off: only the flows show the outage.
        Write("mailflow/.connectorlint.yaml", "rules:\n  CL305: off\n  CL409: off\n  CL702: off\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", "configuration");
        Write("mailflow/org.yaml", Renewed);

        var text = Review();
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("flow now bounces, no rule explains it: please report it", text.Stdout, StringComparison.Ordinal);

        var github = Review("--format", "github");
        Assert.Equal(1, github.ExitCode);
        var errors = github.Stdout.Split('\n').Where(l => l.StartsWith("::error ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(errors);
        var subject = TestPaths.ExampleLine("contoso-hybrid.yaml", "subject: CN=mail.contoso.com");
        Assert.Contains(errors, e => e.Contains($"file=mailflow/org.yaml,line={subject},", StringComparison.Ordinal) && e.Contains("title=ConnectorLint%3A flow now bounces::", StringComparison.Ordinal));

        // --fail-on never is the one way to let it pass.
        Assert.Equal(0, Review("--fail-on", "never").ExitCode);
    }

    [Fact]
    public void AFlowBrokenWithTheRuleThatExplainsItIsNotCalledUnexplained()
    {
        Write("mailflow/org.yaml", Renewed);
        var text = Review();
        Assert.Equal(1, text.ExitCode);
        Assert.DoesNotContain("no rule explains it", text.Stdout, StringComparison.Ordinal);
        // Three flows broken by one cause at one hop are one row, their names folded.
        Assert.Contains("  flow now bounces: 3 flows (on-premises mailbox -> internet, on-premises mailbox -> cloud mailbox, sender 'Copier 3rd floor' -> internet): delivered -> 550 5.7.64", text.Stdout, StringComparison.Ordinal);

        var markdown = Review("--format", "markdown");
        Assert.Contains("| <details><summary>3 flows</summary>", markdown.Stdout, StringComparison.Ordinal);
        // Grouped by the NDR the rule prevents, or by the part of the file: never by a rule's prose.
        Assert.Contains("**550 5.7.64 TenantAttribution**", markdown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("**mail to the domain bounces", markdown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewFileSaysHowManyFlowsItHasAndHowManyBounce()
    {
        Write("mailflow/second.yaml", TestPaths.ExampleText("renewed-certificate.yaml"));
        var text = Review();
        Assert.Contains("mailflow/second.yaml: against HEAD (a new file)", text.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"  new file: \d+ flows, [1-9]\d* bounce", text.Stdout);
        var section = Review("--format", "markdown").Stdout.Split("### ").Single(s => s.StartsWith("`mailflow/second.yaml`", StringComparison.Ordinal));
        Assert.Contains("(new file)", section, StringComparison.Ordinal);
        Assert.DoesNotContain("No flow changes its outcome", section, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeadThatDoesNotParseSaysSo()
    {
        Write("mailflow/org.yaml", Clean.Replace("acceptedDomains:", "acceptedDomains: [", StringComparison.Ordinal));
        var markdown = Review("--format", "markdown");
        Assert.Matches(@"the new version does not parse: \d+ flows not traced", markdown.Stdout);
        Assert.DoesNotContain("No flow changes its outcome", markdown.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, markdown.ExitCode);
    }

    [Fact]
    public void ADeletedFileSaysSo()
    {
        File.Delete(Path.Combine(repository, "mailflow", "org.yaml"));
        Write("mailflow/notes.yaml", "just: notes\n");
        var text = Review();
        Assert.Contains("mailflow/org.yaml: against HEAD", text.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"file deleted: the \d+ flows it described are no longer traced or linted", text.Stdout);
        var markdown = Review("--format", "markdown");
        Assert.Contains("file deleted", markdown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("No flow changes its outcome", markdown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderThatHeldNoDesiredStateFileIsStillAnError()
    {
        Write("other/notes.yaml", "just: notes\n");
        var run = Run(["review", "--base", "HEAD", "mailflow", "other"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the folder 'other' holds no desired-state files", run.Stderr, StringComparison.Ordinal);
    }
}
