using System.Diagnostics;
using ConnectorLint.Cli;

namespace ConnectorLint.IntegrationTests;

/// <summary>
/// The mermaid ConnectorLint writes, rendered by mermaid-cli (npm, tests/render) driving Debian's
/// chromium, as GitHub renders it: a diagram mermaid cannot parse fails here, not in a pull request.
/// </summary>
public class MermaidRenderTests
{
    private static string Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        Assert.True(exit is 0 or 1, $"exit {exit}: {stderr}");
        return stdout.ToString();
    }

    /// <summary>Renders the diagram to PNG and returns the image's bytes; fails with mermaid's own message.</summary>
    private static byte[] Render(string mermaid)
    {
        var render = Path.Combine(RepositoryRoot.Path, "tests", "render");
        var mmdc = Path.Combine(render, "node_modules", ".bin", "mmdc");
        Assert.True(File.Exists(mmdc), "mermaid-cli is not installed; tests/run.sh installs it (npm ci in tests/render).");
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is not installed; tests/run.sh installs it.");
        var temp = Directory.CreateTempSubdirectory("connectorlint-mermaid-");
        try
        {
            var input = Path.Combine(temp.FullName, "diagram.mmd");
            var output = Path.Combine(temp.FullName, "diagram.png");
            File.WriteAllText(input, mermaid);
            var start = new ProcessStartInfo(mmdc) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-i", input, "-o", output, "-p", Path.Combine(render, "puppeteer-config.json"), "-b", "white", "-q" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["PUPPETEER_SKIP_DOWNLOAD"] = "1";
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "mmdc did not finish in 2 minutes");
            Assert.True(process.ExitCode == 0, $"mmdc failed on:\n{mermaid}\n{stderr.Result}{stdout.Result}");
            var png = File.ReadAllBytes(output);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            return png;
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("examples/contoso-hybrid.yaml")]
    [InlineData("examples/renewed-certificate.yaml")]
    [InlineData("examples/topologies/c-centralized-mail-transport.yaml")]
    [InlineData("examples/topologies/f-domains-and-partners.yaml")]
    [InlineData("examples/topologies/g-edge-subscription.yaml")]
    public void GraphRenders(string example) =>
        Assert.True(Render(Cli("graph", Path.Combine(RepositoryRoot.Path, example))).Length > 10_000);

    [Fact]
    public void TraceRenders() =>
        Render(Cli("trace", Path.Combine(RepositoryRoot.Path, "examples", "renewed-certificate.yaml"), "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com", "--format", "mermaid"));

    [Fact]
    public void TheReviewSummarysDiagramRenders()
    {
        var markdown = Cli("review", Path.Combine(RepositoryRoot.Path, "examples", "renewed-certificate.yaml"), "--base", Path.Combine(RepositoryRoot.Path, "examples", "contoso-hybrid.yaml"), "--format", "markdown", "--no-step-summary");
        var start = markdown.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
        var end = markdown.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(start > 20 && end > start, markdown);
        Render(markdown[start..end]);
    }

    [Fact]
    public void NamesThatLookLikeMermaidSyntaxStayLabels()
    {
        var hostile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "renewed-certificate.yaml"))
            .Replace("name: Copier 3rd floor", "name: \"Copier\\\"] --> x[\\\"#quot; |a| ` <b> end\"", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"connectorlint-hostile-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, hostile);
        try
        {
            var mermaid = Cli("graph", file);
            Assert.DoesNotContain("\"] --> x[", mermaid, StringComparison.Ordinal);
            Render(mermaid);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
