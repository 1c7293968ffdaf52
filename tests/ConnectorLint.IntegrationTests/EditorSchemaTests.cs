using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// The schema as an editor serves it: npm's yaml-language-server (what VS Code's YAML extension runs)
/// over an example, spoken to in the Language Server Protocol. Completion offers each value once, in
/// the format's spelling, with what it means; hover describes the key; a value that does not match
/// gets the message the CLI gives.
/// </summary>
public sealed class EditorSchemaTests : IDisposable
{
    private readonly Process server;
    private readonly Stream input;
    private readonly Stream output;
    private int nextId;

    public EditorSchemaTests()
    {
        var bin = Path.Combine(RepositoryRoot.Path, "tests", "editor", "node_modules", "yaml-language-server", "bin", "yaml-language-server");
        Assert.True(File.Exists(bin), "yaml-language-server is not installed; tests/run.sh installs it (npm ci in tests/editor).");
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(bin);
        start.ArgumentList.Add("--stdio");
        server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        input = server.StandardInput.BaseStream;
        output = server.StandardOutput.BaseStream;
    }

    public void Dispose()
    {
        server.Kill(entireProcessTree: true);
        server.Dispose();
    }

    private void Send(JsonObject message)
    {
        message["jsonrpc"] = "2.0";
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        input.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        input.Write(body);
        input.Flush();
    }

    private JsonObject Receive()
    {
        var length = -1;
        var header = new StringBuilder();
        while (true)
        {
            var b = output.ReadByte();
            Assert.True(b >= 0, "yaml-language-server closed its output");
            header.Append((char)b);
            if (header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                foreach (var line in header.ToString().Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                break;
            }
        }

        var body = new byte[length];
        output.ReadExactly(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private readonly List<JsonObject> notifications = [];

    /// <summary>Sends a request and waits for its answer, answering the server's own requests meanwhile.</summary>
    private JsonNode? Request(string method, JsonObject parameters)
    {
        var id = ++nextId;
        Send(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var message = Receive();
            if (message["method"] is null && message["id"]?.GetValue<int>() == id)
            {
                return message["result"];
            }

            Handle(message);
        }

        throw new TimeoutException($"no answer to {method}");
    }

    private void Handle(JsonObject message)
    {
        if (message["method"] is { } method && message["id"] is { } id)
        {
            // workspace/configuration: the settings VS Code would send; anything else: no answer needed.
            JsonNode? result = method.GetValue<string>() == "workspace/configuration"
                ? new JsonArray([.. message["params"]!["items"]!.AsArray().Select(_ => (JsonNode)new JsonObject { ["validate"] = true, ["hover"] = true, ["completion"] = true })])
                : null;
            Send(new JsonObject { ["id"] = id.DeepClone(), ["result"] = result });
        }
        else
        {
            notifications.Add(message);
        }
    }

    private static JsonObject Position(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    };

    [Fact]
    public void CompletionHoverAndPatternErrorsComeFromTheSchema()
    {
        var schema = new Uri(Path.Combine(RepositoryRoot.Path, "schemas", "connectorlint.schema.json")).AbsoluteUri;
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "contoso-hybrid.yaml"))
            .Replace("# yaml-language-server: $schema=../schemas/connectorlint.schema.json", "# yaml-language-server: $schema=" + schema, StringComparison.Ordinal);
        var thumbprint = text.IndexOf("thumbprint: ", StringComparison.Ordinal);
        text = text[..thumbprint] + "thumbprint: XYZ #" + text[(thumbprint + "thumbprint: ".Length)..];
        var lines = text.Split('\n');
        var uri = new Uri(Path.Combine(Path.GetTempPath(), "connectorlint-editor", "org.yaml")).AbsoluteUri;

        Request("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = null,
            ["capabilities"] = JsonNode.Parse("""{"textDocument":{"completion":{"completionItem":{"documentationFormat":["markdown"]}},"hover":{"contentFormat":["markdown"]}}}"""),
        });
        Send(new JsonObject { ["method"] = "initialized", ["params"] = new JsonObject() });
        Send(new JsonObject { ["method"] = "workspace/didChangeConfiguration", ["params"] = JsonNode.Parse("""{"settings":{"yaml":{"validate":true,"hover":true,"completion":true}}}""") });
        Send(new JsonObject
        {
            ["method"] = "textDocument/didOpen",
            ["params"] = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "yaml", ["version"] = 1, ["text"] = text } },
        });

        // Completion of a domainType: the format's three values, each once, each described.
        var domainType = Array.FindIndex(lines, l => l.Contains("domainType:", StringComparison.Ordinal));
        var completion = Request("textDocument/completion", Position(uri, domainType, lines[domainType].IndexOf("domainType:", StringComparison.Ordinal) + "domainType: ".Length))!;
        var items = (completion is JsonObject list ? list["items"]! : completion).AsArray();
        Assert.Equal(["authoritative", "externalRelay", "internalRelay"], items.Select(i => i!["label"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Contains("recipient", i!["documentation"]!.ToJsonString(), StringComparison.Ordinal));

        // Hover on a key: its description, with what each value means.
        var tlsAuthLevel = Array.FindIndex(lines, l => l.Contains("tlsAuthLevel:", StringComparison.Ordinal));
        var hover = Request("textDocument/hover", Position(uri, tlsAuthLevel, lines[tlsAuthLevel].IndexOf("tlsAuthLevel", StringComparison.Ordinal) + 2))!;
        var shown = hover["contents"]!.ToJsonString();
        Assert.Contains("TlsAuthLevel", shown, StringComparison.Ordinal);
        Assert.Contains("The certificate chain must be valid and its name match the TLS domain.", shown, StringComparison.Ordinal);

        // The bad thumbprint: the pattern's message, on its line, as the CLI words it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonArray? diagnostics = null;
        while (diagnostics is null && DateTime.UtcNow < deadline)
        {
            diagnostics = notifications.FirstOrDefault(n => n["method"]?.GetValue<string>() == "textDocument/publishDiagnostics" && n["params"]!["uri"]!.GetValue<string>() == uri)?["params"]!["diagnostics"]!.AsArray();
            if (diagnostics is null)
            {
                Handle(Receive());
            }
        }

        Assert.NotNull(diagnostics);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Array.FindIndex(lines, l => l.Contains("thumbprint: XYZ", StringComparison.Ordinal)), diagnostic!["range"]!["start"]!["line"]!.GetValue<int>());
        var title = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "schemas", "connectorlint.schema.json")))
            .RootElement.GetProperty("properties").GetProperty("onPremises").GetProperty("properties").GetProperty("certificates")
            .GetProperty("items").GetProperty("properties").GetProperty("thumbprint").GetProperty("title").GetString();
        Assert.Equal($"Not {title}.", diagnostic["message"]!.GetValue<string>());
    }
}
