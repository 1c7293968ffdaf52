using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// `review --comment` against a local fake of GitHub's REST API (never github.com): the first run
/// posts one comment, the next updates it, and a refusal is exit 2 with the reason.
/// </summary>
public sealed class ReviewCommentTests : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<(string Method, string Path, string Authorization, string Body)> requests = [];
    private readonly List<(long Id, string Body, string Author)> comments = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private readonly string api;
    private HttpStatusCode refuseWith = HttpStatusCode.OK;

    /// <summary>When set, every answer is this (content type, body), whatever was asked: a hostile or broken API.</summary>
    private (string ContentType, byte[] Body)? hostile;

    /// <summary>When set, the server waits this long before answering.</summary>
    private TimeSpan delay = TimeSpan.Zero;

    public ReviewCommentTests()
    {
        var port = FreePort();
        api = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(api);
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            var path = context.Request.Url!.PathAndQuery;
            lock (requests)
            {
                requests.Add((context.Request.HttpMethod, path, context.Request.Headers["Authorization"] ?? "", body));
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            if (hostile is { } h)
            {
                context.Response.ContentType = h.ContentType;
                try
                {
                    await context.Response.OutputStream.WriteAsync(h.Body);
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    // The client stopped reading, as it should past its bound.
                }

                continue;
            }

            string answer;
            if (path == "/user")
            {
                // The GITHUB_TOKEN of Actions cannot read /user.
                context.Response.StatusCode = 403;
                answer = "{\"message\":\"Resource not accessible by integration\"}";
            }
            else if (refuseWith != HttpStatusCode.OK)
            {
                context.Response.StatusCode = (int)refuseWith;
                answer = "{\"message\":\"Resource not accessible by integration\"}";
            }
            else if (context.Request.HttpMethod == "GET")
            {
                answer = JsonSerializer.Serialize(comments.Select(c => new Dictionary<string, object> { ["id"] = c.Id, ["body"] = c.Body, ["user"] = new Dictionary<string, object> { ["login"] = c.Author, ["type"] = c.Author.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User" } }));
            }
            else
            {
                var text = JsonDocument.Parse(body).RootElement.GetProperty("body").GetString()!;
                if (context.Request.HttpMethod == "POST")
                {
                    comments.Add((comments.Count + 41, text, "github-actions[bot]"));
                }
                else
                {
                    var id = long.Parse(path.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
                    comments[comments.FindIndex(c => c.Id == id)] = (id, text, comments.Single(c => c.Id == id).Author);
                }

                context.Response.StatusCode = context.Request.HttpMethod == "POST" ? 201 : 200;
                answer = "{\"html_url\":\"https://github.example/o/r/pull/7#issuecomment-41\"}";
            }

            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is ObjectDisposedException or HttpListenerException))
        {
            // A delayed answer to a client that gave up, after the listener closed.
        }
    }

    private CliResult Review(params string[] extra) => ReviewAt(api.TrimEnd('/'), extra);

    private CliResult ReviewAt(string apiUrl, params string[] extra)
    {
        var variables = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = apiUrl,
            ["GITHUB_REPOSITORY"] = "contoso/mailflow",
            ["GITHUB_TOKEN"] = "test-token",
            ["GITHUB_EVENT_PATH"] = null,
        };
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in variables)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            return CliRunner.Run(["review", TestPaths.Example("renewed-certificate.yaml"), "--base", TestPaths.Example("contoso-hybrid.yaml"), "--comment", .. extra]);
        }
        finally
        {
            foreach (var (key, value) in saved)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }
    }

    [Fact]
    public void PostsOneCommentThenUpdatesIt()
    {
        var first = Review("--pull-request", "7");
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("posted the review comment https://github.example/o/r/pull/7#issuecomment-41", first.Stderr, StringComparison.Ordinal);
        var comment = Assert.Single(comments);
        Assert.StartsWith("<!-- connectorlint-review -->\n## ConnectorLint review against", comment.Body, StringComparison.Ordinal);
        Assert.Contains("```mermaid", comment.Body, StringComparison.Ordinal);

        var second = Review("--pull-request", "7");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("updated the review comment", second.Stderr, StringComparison.Ordinal);
        Assert.Single(comments);
        Assert.Equal(
            ["GET /user", "GET /repos/contoso/mailflow/issues/7/comments?per_page=100&page=1", "POST /repos/contoso/mailflow/issues/7/comments",
             "GET /user", "GET /repos/contoso/mailflow/issues/7/comments?per_page=100&page=1", "PATCH /repos/contoso/mailflow/issues/comments/41"],
            requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(requests, r => Assert.Equal("Bearer test-token", r.Authorization));
    }

    [Fact]
    public void ARefusalIsAToolFailureWithTheReason()
    {
        refuseWith = HttpStatusCode.Forbidden;
        var result = Review("--pull-request", "7");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the review comment could not be posted: GET http://127.0.0.1:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("answered 403 (does the token have pull-requests: write?)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAPullRequestItSaysWhichIsMissing()
    {
        var result = Review();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no pull request: this is not a pull_request event; give --pull-request NUMBER.", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(requests);
    }

    [Fact]
    public void A_comment_with_the_marker_by_someone_else_is_never_adopted()
    {
        comments.Add((7, PullRequestCommentMarker + "\nLooks good to me, merge it", "mallory"));

        var result = Review("--pull-request", "7");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("posted the review comment", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, comments.Count);
        Assert.Equal(PullRequestCommentMarker + "\nLooks good to me, merge it", comments.Single(c => c.Author == "mallory").Body);
        Assert.DoesNotContain(requests, r => r.Method == "PATCH");
    }

    private const string PullRequestCommentMarker = "<!-- connectorlint-review -->";

    [Theory]
    [InlineData("text/html", "<html><body>Sign in to continue</body></html>", "answered something that is not JSON (text/html)")]
    [InlineData("application/json", "{\"message\":\"not a list\"}", "answered something other than a list of comments")]
    [InlineData("application/json", "[{\"id\":\"forty-one\",\"body\":41,\"user\":[]}, 7, null]", "posted the review comment")]
    public void A_broken_or_hostile_answer_is_a_message_never_an_internal_error(string contentType, string body, string expected)
    {
        hostile = (contentType, Encoding.UTF8.GetBytes(body));

        var result = Review("--pull-request", "7");

        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(expected.StartsWith("posted", StringComparison.Ordinal) ? 1 : 2, result.ExitCode);
    }

    [Fact]
    public void An_answer_larger_than_a_page_of_comments_can_be_is_not_read_whole()
    {
        hostile = ("application/json", Encoding.UTF8.GetBytes("[" + new string(' ', 20 << 20) + "]"));

        var result = Review("--pull-request", "7");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("more than the 8 MB a page of comments can be", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slow_API_is_waited_for_no_longer_than_the_timeout()
    {
        delay = TimeSpan.FromSeconds(5);
        var watch = Stopwatch.StartNew();

        var result = Review("--pull-request", "7", "--timeout", "300ms");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did not answer within 0.3 s", result.Stderr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("not a url", "GITHUB_API_URL is not an http(s) address of an API: 'not a url'")]
    [InlineData("ftp://api.example", "GITHUB_API_URL is not an http(s) address of an API")]
    [InlineData("http://admin:s3cret@127.0.0.1:1", "GET http://***@127.0.0.1:1/user")]
    [InlineData("/api", "GITHUB_API_URL is not an http(s) address of an API: '/api'")]
    [InlineData("admin:s3cret@api.example", "GITHUB_API_URL is not an http(s) address of an API: '***@api.example'")]
    public void A_malformed_API_address_is_a_message_and_its_password_is_never_printed(string address, string expected)
    {
        var result = ReviewAt(address, "--pull-request", "7");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_review_longer_than_GitHubs_limit_is_cut_at_a_line_with_a_link_to_the_whole()
    {
        var markdown = "## ConnectorLint review\n\n<details open><summary>Mail flow</summary>\n\n```mermaid\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"  n{i} --> n{i + 1}\n")) + "```\n\n</details>\n";

        var body = ConnectorLint.Reporting.PullRequestComment.Body(markdown, "https://github.com/contoso/mailflow/actions/runs/42");

        Assert.True(body.Length <= ConnectorLint.Reporting.PullRequestComment.MaxBodyLength, body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith(PullRequestCommentMarker + "\n## ConnectorLint review", body, StringComparison.Ordinal);
        Assert.EndsWith("The whole review is in the [step summary of this run](https://github.com/contoso/mailflow/actions/runs/42).\n", body, StringComparison.Ordinal);
        Assert.Equal(0, body.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        Assert.Contains("```\n</details>\n", body, StringComparison.Ordinal);
        Assert.Equal(PullRequestCommentMarker + "\nshort", ConnectorLint.Reporting.PullRequestComment.Body("short", null));
    }
}
