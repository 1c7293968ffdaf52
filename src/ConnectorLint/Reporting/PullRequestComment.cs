using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ConnectorLint.Reporting;

/// <summary>The comment could not be posted: no token, no pull request, or the API refused or answered nonsense.</summary>
public sealed class PullRequestCommentException(string message) : Exception(message);

/// <summary>
/// Posts the review as one comment on a pull request, and updates that same comment on the next run
/// instead of adding another: it is found by a marker in its body and by its author, which must be
/// the token's own identity (a comment the pull request's author wrote with the marker is never
/// adopted). Uses GitHub's REST API at GITHUB_API_URL (GitHub Enterprise, or a test's local server).
/// The API is untrusted input like any other: every answer is read up to a bound, parsed defensively,
/// and waited for no longer than the client's timeout.
/// </summary>
public sealed class PullRequestComment(HttpClient http, Uri apiUrl, string repository, int pullRequest, string token)
{
    public const string Marker = "<!-- connectorlint-review -->";

    /// <summary>GitHub's limit on a comment's body, in characters.</summary>
    public const int MaxBodyLength = 65_536;

    /// <summary>The identity of the GITHUB_TOKEN of GitHub Actions, which cannot read GET /user.</summary>
    public const string ActionsIdentity = "github-actions[bot]";

    /// <summary>The most this reads of one answer; a page of 100 comments of the maximum size fits.</summary>
    private const int MaxAnswerBytes = 8 << 20;

    private const int MaxPages = 50;

    /// <summary>From what GitHub Actions says of the run: the API, the repository, the token, and the event's pull request number.</summary>
    /// <exception cref="PullRequestCommentException">Something needed is missing or malformed.</exception>
    public static PullRequestComment For(HttpClient http, GitHubRun run, int? pullRequest = null)
    {
        var token = run.Token;
        var repository = run.Repository;
        if (string.IsNullOrEmpty(token))
        {
            throw new PullRequestCommentException("GITHUB_TOKEN is not set; the comment needs it (the Action passes github.token, with permissions: pull-requests: write).");
        }

        if (string.IsNullOrEmpty(repository) || !IsRepositoryName(repository))
        {
            throw new PullRequestCommentException("GITHUB_REPOSITORY (owner/name) is not set or is not of that form.");
        }

        var number = pullRequest ?? EventPullRequest(run.EventPath)
            ?? throw new PullRequestCommentException("no pull request: this is not a pull_request event; give --pull-request NUMBER.");
        var api = run.ApiUrl is { Length: > 0 } url ? url : "https://api.github.com";
        if (!Uri.TryCreate(api.TrimEnd('/') + "/", UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http") || apiUrl.Query.Length > 0 || apiUrl.Fragment.Length > 0)
        {
            throw new PullRequestCommentException($"GITHUB_API_URL is not an http(s) address of an API: '{Diagnostics.PrintableText.Escape(Redacted(api))}'.");
        }

        return new PullRequestComment(http, apiUrl, repository, number, token);
    }

    private static bool IsRepositoryName(string repository)
    {
        var parts = repository.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length is > 0 and <= 100 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && p is not ("." or ".."));
    }

    /// <summary>An address as it may be printed: without the user name and password it may carry.</summary>
    public static string Redacted(string address)
    {
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = address.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? address[start..] : address[start..end];
        var at = authority.LastIndexOf('@');
        return at >= 0 ? address[..start] + "***@" + address[(start + at + 1)..] : address;
    }

    private static string Redacted(Uri? uri) => uri is null ? "" : Redacted(uri.OriginalString);

    private static int? EventPullRequest(string? path)
    {
        if (path is not { Length: > 0 } || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("pull_request", out var pr)
                && pr.ValueKind == JsonValueKind.Object && pr.TryGetProperty("number", out var number)
                && number.ValueKind == JsonValueKind.Number && number.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The body as posted: the marker, then the review, shortened at a line to fit GitHub's limit with a
    /// pointer to the whole review (the step summary of the run, when GitHub says which run this is).
    /// </summary>
    public static string Body(string markdown, string? runUrl)
    {
        var body = Marker + "\n" + markdown;
        if (body.Length <= MaxBodyLength)
        {
            return body;
        }

        var note = "\n\n**The review is longer than a pull-request comment can be; it is cut here.** "
            + (runUrl is null ? "The whole review is in the step summary of this run." : $"The whole review is in the [step summary of this run]({runUrl}).") + "\n";
        var room = MaxBodyLength - note.Length - "```\n</details>\n".Length;
        var cut = body.LastIndexOf('\n', room - 1);
        var shortened = body[..(cut < 0 ? room : cut + 1)];
        var fences = shortened.Split('\n').Count(line => line.StartsWith("```", StringComparison.Ordinal));
        if (fences % 2 == 1)
        {
            shortened += "```\n";
        }

        if (CountOf(shortened, "<details") > CountOf(shortened, "</details>"))
        {
            shortened += "</details>\n";
        }

        return shortened + note;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <returns>The URL of the comment written, and whether it was an update.</returns>
    public async Task<(string Url, bool Updated)> PostOrUpdateAsync(string markdown, string? runUrl = null, CancellationToken cancellationToken = default)
    {
        var body = Body(markdown, runUrl);
        var identity = await IdentityAsync(cancellationToken).ConfigureAwait(false);
        var existing = await FindAsync(identity, cancellationToken).ConfigureAwait(false);
        using var request = existing is { } id
            ? new HttpRequestMessage(HttpMethod.Patch, new Uri(apiUrl, $"repos/{repository}/issues/comments/{id}"))
            : new HttpRequestMessage(HttpMethod.Post, new Uri(apiUrl, $"repos/{repository}/issues/{pullRequest}/comments"));
        request.Content = new StringContent(Json(body), Encoding.UTF8, "application/json");
        using var json = await SendAsync(request, refusalIsAnswer: false, cancellationToken).ConfigureAwait(false);
        var url = json?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("html_url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() ?? "" : "";
        return (Diagnostics.PrintableText.Escape(url), existing is not null);
    }

    /// <summary>
    /// Who the token is: GET /user answers for a personal or app user token; the GITHUB_TOKEN of
    /// Actions cannot read it (403) and is always github-actions[bot].
    /// </summary>
    private async Task<string> IdentityAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiUrl, "user"));
        using var json = await SendAsync(request, refusalIsAnswer: true, cancellationToken).ConfigureAwait(false);
        return json?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("login", out var login)
            && login.ValueKind == JsonValueKind.String && login.GetString() is { Length: > 0 } name
            ? name
            : ActionsIdentity;
    }

    /// <summary>The id of the comment this identity wrote on the pull request before, if any (100 comments per page, every page).</summary>
    private async Task<long?> FindAsync(string identity, CancellationToken cancellationToken)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiUrl, $"repos/{repository}/issues/{pullRequest}/comments?per_page=100&page={page}"));
            using var json = await SendAsync(request, refusalIsAnswer: false, cancellationToken).ConfigureAwait(false);
            if (json is null || json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new PullRequestCommentException($"GET {Redacted(request.RequestUri)} answered something other than a list of comments.");
            }

            foreach (var comment in json.RootElement.EnumerateArray())
            {
                if (comment.ValueKind == JsonValueKind.Object
                    && comment.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.StartsWith(Marker, StringComparison.Ordinal)
                    && comment.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object
                    && user.TryGetProperty("login", out var login) && login.ValueKind == JsonValueKind.String && login.GetString() == identity
                    && comment.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value))
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

    /// <returns>The parsed answer; null when <paramref name="refusalIsAnswer"/> and the API refused.</returns>
    private async Task<JsonDocument?> SendAsync(HttpRequestMessage request, bool refusalIsAnswer, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("connectorlint", LintReport.EngineVersion));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        var where = $"{request.Method} {Redacted(request.RequestUri)}";
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                return refusalIsAnswer && status is 401 or 403 or 404
                    ? null
                    : throw new PullRequestCommentException($"{where} answered {status}" + (status is 403 or 404 ? " (does the token have pull-requests: write?)" : ""));
            }

            var bytes = await ReadBoundedAsync(response.Content, where, cancellationToken).ConfigureAwait(false);
            try
            {
                return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                throw new PullRequestCommentException($"{where} answered something that is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}); is GITHUB_API_URL the API's address?");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new PullRequestCommentException($"{where}: {Redacted(ex.Message)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PullRequestCommentException($"{where} did not answer within {http.Timeout.TotalSeconds:0.#} s.");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, string where, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw new PullRequestCommentException($"{where} answered {content.Headers.ContentLength} bytes, more than the {MaxAnswerBytes >> 20} MB a page of comments can be.");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw new PullRequestCommentException($"{where} answered more than the {MaxAnswerBytes >> 20} MB a page of comments can be.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
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
