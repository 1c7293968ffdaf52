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
    private readonly List<(long Id, string Body)> comments = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private readonly string api;
    private HttpStatusCode refuseWith = HttpStatusCode.OK;

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

            string answer;
            if (refuseWith != HttpStatusCode.OK)
            {
                context.Response.StatusCode = (int)refuseWith;
                answer = "{\"message\":\"Resource not accessible by integration\"}";
            }
            else if (context.Request.HttpMethod == "GET")
            {
                answer = JsonSerializer.Serialize(comments.Select(c => new Dictionary<string, object> { ["id"] = c.Id, ["body"] = c.Body }));
            }
            else
            {
                var text = JsonDocument.Parse(body).RootElement.GetProperty("body").GetString()!;
                if (context.Request.HttpMethod == "POST")
                {
                    comments.Add((comments.Count + 41, text));
                }
                else
                {
                    var id = long.Parse(path.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
                    comments[comments.FindIndex(c => c.Id == id)] = (id, text);
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
        serving.Wait(TimeSpan.FromSeconds(5));
    }

    private CliResult Review(params string[] extra)
    {
        var variables = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = api.TrimEnd('/'),
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
            ["GET /repos/contoso/mailflow/issues/7/comments?per_page=100&page=1", "POST /repos/contoso/mailflow/issues/7/comments",
             "GET /repos/contoso/mailflow/issues/7/comments?per_page=100&page=1", "PATCH /repos/contoso/mailflow/issues/comments/41"],
            requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(requests, r => Assert.Equal("Bearer test-token", r.Authorization));
    }

    [Fact]
    public void ARefusalIsAToolFailureWithTheReason()
    {
        refuseWith = HttpStatusCode.Forbidden;
        var result = Review("--pull-request", "7");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the review comment could not be posted: GET", result.Stderr, StringComparison.Ordinal);
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
}
