using System.CommandLine;
using ConnectorLint.Diagnostics;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

internal static class ReviewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Desired-state files, or folders to search for them (default: the current folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var baseline = new Option<string>("--base")
        {
            Description = "What the change is compared with: a git revision (HEAD~1, origin/main, a SHA) or a file.",
            Required = true,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (default), markdown (the review summary for $GITHUB_STEP_SUMMARY or a pull-request comment) or github (annotations for the new findings only).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "markdown", "github");
        var failOn = OutputOptions.FailOnOption("Fail on new findings at or above this severity (error, warning, note, never).");
        var failOnExisting = new Option<bool>("--fail-on-existing")
        {
            Description = "Fail on every finding of the head at or above the threshold, not only on new ones.",
        };
        var noStepSummary = new Option<bool>("--no-step-summary")
        {
            Description = "Do not append the markdown review to $GITHUB_STEP_SUMMARY under GitHub Actions.",
        };
        var comment = new Option<bool>("--comment")
        {
            Description = "Post the markdown review as one comment on the pull request, updating it on the next run (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL).",
        };
        var pullRequest = new Option<int?>("--pull-request")
        {
            Description = "The pull request to comment on (default: the one of the GitHub event).",
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml.",
        };
        var timeout = new Option<string>("--timeout")
        {
            Description = "How long --comment waits for each answer of GitHub's API (1ms to 60s; default 30s).",
            DefaultValueFactory = _ => "30s",
        };
        var export = new Option<DirectoryInfo?>("--exchange-export")
        {
            Description = "The folder tools/Export-MailFlowState.ps1 wrote: the review then shows the plan, the cmdlets the change implies in an order that bounces no mail.",
        };
        var command = new Command("review", "Compare desired-state files with their version at a git revision (or another file): flows whose outcome changes, new and fixed findings, the configuration diff.")
        {
            paths, baseline, format, failOn, failOnExisting, noStepSummary, comment, pullRequest, config, timeout, export,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(paths) is { Length: > 0 } p ? p : ["."];
            var apiTimeout = DnsOptions.ParseDuration(parse.GetValue(timeout) ?? "30s");
            var report = ReviewEngine.Run(new ReviewRequest(given, parse.GetValue(baseline)!) { ConfigFile = parse.GetValue(config)?.FullName, ExchangeExport = parse.GetValue(export)?.FullName });
            var github = GitHubEnvironment.Read();
            var root = GitHubEnvironment.RepositoryRoot();
            var links = SourceLinks.For(github, root);
            if (parse.GetValue(format) == "markdown")
            {
                ReviewWriter.WriteMarkdown(report, links, stdout);
            }
            else if (parse.GetValue(format) == "github")
            {
                ReviewWriter.WriteGitHub(report, root, stdout);
            }
            else
            {
                ReviewWriter.WriteText(report, stdout);
            }

            if (!parse.GetValue(noStepSummary) && Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true"
                && Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
            {
                await using var writer = new StreamWriter(summary, append: true);
                ReviewWriter.WriteMarkdown(report, links, writer);
            }

            if (parse.GetValue(comment))
            {
                var markdown = new StringWriter();
                ReviewWriter.WriteMarkdown(report, links, markdown);
                using var http = new HttpClient { Timeout = apiTimeout };
                try
                {
                    var (url, updated) = await PullRequestComment.For(http, github, parse.GetValue(pullRequest)).PostOrUpdateAsync(markdown.ToString(), RunUrl(), cancellationToken);
                    if (GlobalOptions.VerbosityOf(parse) != Verbosity.Quiet)
                    {
                        await stderr.WriteLineAsync($"connectorlint: {(updated ? "updated" : "posted")} the review comment {url}");
                    }
                }
                catch (PullRequestCommentException ex)
                {
                    throw new InputException("the review comment could not be posted: " + ex.Message);
                }
            }

            if (OutputOptions.FailThreshold(parse.GetValue(failOn)) is not { } least)
            {
                return CommandLineApp.Clean;
            }

            // A flow the change makes bounce fails the review at any threshold, found by a rule or not.
            if (report.Files.Any(f => f.Changed(Review.FlowChangeKind.Broken).Any()))
            {
                return CommandLineApp.FindingsExit;
            }

            var judged = report.Files.SelectMany(f => parse.GetValue(failOnExisting) ? f.Findings.New.Concat(f.Findings.Unchanged) : f.Findings.New);
            return judged.Any(f => f.Severity >= least) ? CommandLineApp.FindingsExit : CommandLineApp.Clean;
        });
        return command;
    }

    /// <summary>The run's page, whose step summary holds the whole review, when GitHub says which run this is.</summary>
    private static string? RunUrl()
    {
        var server = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var run = Environment.GetEnvironmentVariable("GITHUB_RUN_ID");
        return server is { Length: > 0 } && Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme == "https" && string.IsNullOrEmpty(uri.UserInfo)
            && repository is { Length: > 0 } && run is { Length: > 0 } && run.All(char.IsAsciiDigit)
            ? $"{server.TrimEnd('/')}/{Uri.EscapeDataString(repository).Replace("%2F", "/", StringComparison.Ordinal)}/actions/runs/{run}"
            : null;
    }
}
