using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ConnectorLint.Reporting;

/// <summary>The comment could not be posted: no token, no pull request, or the API refused.</summary>
public sealed class PullRequestCommentException(string message) : Exception(message);

/// <summary>
/// Posts the review as one comment on a pull request, and updates that same comment on the next run
/// instead of adding another: it is found by a marker in its body. Uses GitHub's REST API at
/// GITHUB_API_URL (GitHub Enterprise, or a test's local server).
/// </summary>
public sealed class PullRequestComment(HttpClient http, Uri apiUrl, string repository, int pullRequest, string token)
{
    public const string Marker = "<!-- connectorlint-review -->";

    /// <summary>From the variables GitHub Actions sets: GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN, and the event's pull request number.</summary>
    /// <exception cref="PullRequestCommentException">Something needed is missing.</exception>
    public static PullRequestComment FromEnvironment(HttpClient http, int? pullRequest = null)
    {
        var token = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        if (string.IsNullOrEmpty(token))
        {
            throw new PullRequestCommentException("GITHUB_TOKEN is not set; the comment needs it (the Action passes github.token, with permissions: pull-requests: write).");
        }

        if (string.IsNullOrEmpty(repository) || !repository.Contains('/', StringComparison.Ordinal))
        {
            throw new PullRequestCommentException("GITHUB_REPOSITORY (owner/name) is not set.");
        }

        var number = pullRequest ?? EventPullRequest()
            ?? throw new PullRequestCommentException("no pull request: this is not a pull_request event; give --pull-request NUMBER.");
        var api = Environment.GetEnvironmentVariable("GITHUB_API_URL") is { Length: > 0 } url ? url : "https://api.github.com";
        return new PullRequestComment(http, new Uri(api.TrimEnd('/') + "/"), repository, number, token);
    }

    private static int? EventPullRequest()
    {
        if (Environment.GetEnvironmentVariable("GITHUB_EVENT_PATH") is not { Length: > 0 } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return json.RootElement.TryGetProperty("pull_request", out var pr) && pr.TryGetProperty("number", out var number) && number.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <returns>The URL of the comment written, and whether it was an update.</returns>
    public async Task<(string Url, bool Updated)> PostOrUpdateAsync(string markdown, CancellationToken cancellationToken = default)
    {
        var body = Marker + "\n" + markdown;
        var existing = await FindAsync(cancellationToken).ConfigureAwait(false);
        using var request = existing is { } id
            ? new HttpRequestMessage(HttpMethod.Patch, new Uri(apiUrl, $"repos/{repository}/issues/comments/{id}"))
            : new HttpRequestMessage(HttpMethod.Post, new Uri(apiUrl, $"repos/{repository}/issues/{pullRequest}/comments"));
        request.Content = new StringContent(Json(body), Encoding.UTF8, "application/json");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var url = json.RootElement.TryGetProperty("html_url", out var u) ? u.GetString() ?? "" : "";
        return (url, existing is not null);
    }

    /// <summary>The id of the comment this tool wrote on the pull request before, if any (first 100 comments per page, every page).</summary>
    private async Task<long?> FindAsync(CancellationToken cancellationToken)
    {
        for (var page = 1; page <= 50; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiUrl, $"repos/{repository}/issues/{pullRequest}/comments?per_page=100&page={page}"));
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (json.RootElement.ValueKind != JsonValueKind.Array || json.RootElement.GetArrayLength() == 0)
            {
                return null;
            }

            foreach (var comment in json.RootElement.EnumerateArray())
            {
                if (comment.TryGetProperty("body", out var text) && text.GetString()?.StartsWith(Marker, StringComparison.Ordinal) == true
                    && comment.TryGetProperty("id", out var id) && id.TryGetInt64(out var value))
                {
                    return value;
                }
            }

            if (json.RootElement.GetArrayLength() < 100)
            {
                return null;
            }
        }

        return null;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("connectorlint", LintReport.EngineVersion));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new PullRequestCommentException($"{request.Method} {request.RequestUri}: {ex.Message}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new PullRequestCommentException($"{request.Method} {request.RequestUri} answered {status}" + (status is 403 or 404 ? " (does the token have pull-requests: write?)" : ""));
        }

        return response;
    }

    private static string Json(string body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("body", body);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
