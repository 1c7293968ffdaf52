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
    private static byte[] Render(string mermaid) => RenderAs(mermaid, "png");

    /// <summary>
    /// The size a label's text has when GitHub shows the diagram in a pull-request comment about
    /// <paramref name="width"/> pixels wide: mermaid's 16 px font, scaled down with a wider picture.
    /// </summary>
    private static double TextHeightAt(string mermaid, double width)
    {
        var svg = System.Text.Encoding.UTF8.GetString(RenderAs(mermaid, "svg"));
        var match = System.Text.RegularExpressions.Regex.Match(svg, @"<svg[^>]*viewBox=""[-0-9.]+ [-0-9.]+ (?<w>[0-9.]+) [0-9.]+""");
        Assert.True(match.Success, svg[..Math.Min(400, svg.Length)]);
        var natural = double.Parse(match.Groups["w"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return 16 * Math.Min(1, width / natural);
    }

    private static byte[] RenderAs(string mermaid, string format)
    {
        var render = Path.Combine(RepositoryRoot.Path, "tests", "render");
        var mmdc = Path.Combine(render, "node_modules", ".bin", "mmdc");
        Assert.True(File.Exists(mmdc), "mermaid-cli is not installed; tests/run.sh installs it (npm ci in tests/render).");
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is not installed; tests/run.sh installs it.");
        var temp = Directory.CreateTempSubdirectory("connectorlint-mermaid-");
        try
        {
            var input = Path.Combine(temp.FullName, "diagram.mmd");
            var output = Path.Combine(temp.FullName, "diagram." + format);
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
            var image = File.ReadAllBytes(output);
            if (format == "png")
            {
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
            }

            return image;
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

    /// <summary>
    /// The review draws only the paths the change touches, top to bottom: at a comment's width its
    /// labels keep a readable size, where the whole organization's picture shrinks them below it.
    /// </summary>
    [Fact]
    public void TheReviewsDiagramStaysReadableAtTheWidthOfAComment()
    {
        var markdown = Cli("review", Path.Combine(RepositoryRoot.Path, "examples", "renewed-certificate.yaml"), "--base", Path.Combine(RepositoryRoot.Path, "examples", "contoso-hybrid.yaml"), "--format", "markdown", "--no-step-summary");
        var start = markdown.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
        var end = markdown.IndexOf("```", start, StringComparison.Ordinal);
        var review = markdown[start..end];
        Assert.Contains("other flows not drawn", markdown, StringComparison.Ordinal);
        Assert.True(TextHeightAt(review, 900) >= 12, $"labels {TextHeightAt(review, 900):0.0} px high at 900 px");

        var whole = Cli("graph", Path.Combine(RepositoryRoot.Path, "examples", "renewed-certificate.yaml"));
        Assert.True(TextHeightAt(whole, 900) < 12, "the guard measures something: the whole picture is wider than a comment");
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
