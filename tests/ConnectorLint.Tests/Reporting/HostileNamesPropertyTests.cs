using System.Text;
using System.Text.RegularExpressions;
using ConnectorLint.Tests.Cli;
using YamlDotNet.RepresentationModel;

namespace ConnectorLint.Tests.Reporting;

/// <summary>
/// A property over every output format: whatever a pull request writes into the names of an
/// organization (control characters, line and paragraph separators, right-to-left overrides,
/// markdown, HTML, mentions, autolinks, workflow commands), no output carries a raw control
/// character, no line of it starts a workflow command, and no markdown output makes a live mention,
/// link, image or HTML element of it. Each case draws random fragments from a fixed seed, so a
/// failure names the seed that reproduces it.
/// </summary>
public sealed partial class HostileNamesPropertyTests
{
    private static readonly string[] Fragments =
    [
        "\r\n::error::pwned", "\n::warning file=x.yaml,line=1::pwned", "\r", "\u2028", "\u2029", "\u0085", "\u001b[31m", "\u0007", "\u0000",
        "\u202Emoc.otnoc", "\u2066", "\u200F", "@contoso/admins", "@octocat", "[approved](https://evil.example/x)", "![x](https://evil.example/p.png)",
        "<img src=x onerror=alert(1)>", "<details>", "# LGTM", "**APPROVED**", "| fake | cell |", "`", "```", "%0A::error::pwned",
        "https://evil.example/", "www.evil.example", "admin@evil.example", "#1", "-->", "\"];", "}", "\t", "\\", "--- ",
    ];

    private static string Hostile(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(2, 6); i > 0; i--)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.ToString();
    }

    /// <summary>The example with every name (and every reference to it) given a hostile suffix.</summary>
    private static string WithHostileNames(string example, Random random, Dictionary<string, string> renamed)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(TestPaths.ExampleText(example)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(root, names);
        foreach (var name in names.Where(n => !renamed.ContainsKey(n)))
        {
            renamed[name] = name + Hostile(random);
        }

        Rename(root, renamed);
        var output = new StringWriter();
        yaml.Save(output, assignAnchors: false);
        return output.ToString();
    }

    private static void Collect(YamlNode node, HashSet<string> names)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (((YamlScalarNode)key).Value == "name" && value is YamlScalarNode { Value: { } name })
                    {
                        names.Add(name);
                    }

                    Collect(value, names);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    Collect(item, names);
                }

                break;
        }
    }

    private static void Rename(YamlNode node, Dictionary<string, string> renamed)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (_, value) in mapping.Children)
                {
                    Rename(value, renamed);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    Rename(item, renamed);
                }

                break;
            case YamlScalarNode { Value: { } value } scalar when renamed.TryGetValue(value, out var hostile):
                scalar.Value = hostile;
                scalar.Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted;
                break;
        }
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_output_format_lets_a_name_become_markup_a_command_or_a_control_character(int seed)
    {
        var random = new Random(seed);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var folder = Directory.CreateTempSubdirectory("connectorlint-hostile-");
        try
        {
            var head = Path.Combine(folder.FullName, "head.yaml");
            var baseline = Path.Combine(folder.FullName, "base.yaml");
            File.WriteAllText(baseline, WithHostileNames("contoso-hybrid.yaml", random, renamed));
            File.WriteAllText(head, WithHostileNames("renewed-certificate.yaml", random, renamed));

            var lint = CliRunner.Run("lint", head, "--format", "json", "--today", "2026-12-01");
            Assert.Contains("\"ruleId\": \"CL305\"", lint.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("\"ruleId\": \"CL001\"", lint.Stdout, StringComparison.Ordinal);

            var outputs = new Dictionary<string, string>
            {
                ["lint text"] = CliRunner.Run("lint", head, "--today", "2026-12-01").Stdout,
                ["lint json"] = lint.Stdout,
                ["lint sarif"] = CliRunner.Run("lint", head, "--format", "sarif", "--today", "2026-12-01").Stdout,
                ["lint github"] = CliRunner.Run("lint", head, "--format", "github", "--today", "2026-12-01").Stdout,
                ["lint markdown"] = CliRunner.Run("lint", head, "--format", "markdown", "--today", "2026-12-01").Stdout,
                ["review text"] = CliRunner.Run("review", head, "--base", baseline).Stdout,
                ["review markdown"] = CliRunner.Run("review", head, "--base", baseline, "--format", "markdown").Stdout,
                ["graph mermaid"] = CliRunner.Run("graph", head, "--format", "mermaid").Stdout,
                ["graph dot"] = CliRunner.Run("graph", head, "--format", "dot").Stdout,
            };

            Assert.Contains("now bounces", outputs["review markdown"], StringComparison.Ordinal);
            foreach (var (format, output) in outputs)
            {
                Assert.False(string.IsNullOrWhiteSpace(output), $"{format} (seed {seed}) wrote nothing");
                AssertNoRawControlCharacter(format, seed, output);
                AssertNoLineStartsACommand(format, seed, output);
                if (format.EndsWith("markdown", StringComparison.Ordinal))
                {
                    AssertNothingLive(format, seed, output);
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void AssertNoRawControlCharacter(string format, int seed, string output)
    {
        foreach (var c in output)
        {
            var allowed = c is '\n' or '\t' || !(char.IsControl(c) || c is '\u2028' or '\u2029' || ConnectorLint.Diagnostics.PrintableText.IsBidiControl(c));
            Assert.True(allowed, $"{format} (seed {seed}) holds a raw U+{(int)c:X4}");
        }
    }

    private static void AssertNoLineStartsACommand(string format, int seed, string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var start = line.TrimStart();
            if (format == "lint github" && OwnCommand().IsMatch(start))
            {
                // The writer's own annotations; their data is escaped (%0A), checked by the other lines.
                continue;
            }

            Assert.False(start.StartsWith("::", StringComparison.Ordinal), $"{format} (seed {seed}) has a line that starts a workflow command: {line}");
        }
    }

    [GeneratedRegex(@"<details><summary>\d+ flows</summary>")]
    private static partial Regex OwnFold();

    [GeneratedRegex(@"^::(error|warning|notice) (file=[^,:]*,line=\d+,col=\d+,(endLine=\d+,endColumn=\d+,)?)?title=[^:]*::[^\n]*$")]
    private static partial Regex OwnCommand();

    /// <summary>Outside code spans and fences, no mention, link, image, autolink or HTML element came from a name.</summary>
    private static void AssertNothingLive(string format, int seed, string output)
    {
        var prose = CodeFence().Replace(output, "");
        Assert.Equal(0, prose.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        prose = CodeSpan().Replace(prose, "");
        // The review's own fold of many flows into one row; the names inside it are checked as any prose.
        prose = OwnFold().Replace(prose, "");
        Assert.DoesNotMatch(LiveMention(), prose);
        Assert.DoesNotContain("](https://evil", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("www.evil", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("<details>", prose, StringComparison.Ordinal);
        Assert.DoesNotMatch(LiveReference(), prose);
        foreach (var line in prose.Split('\n'))
        {
            Assert.False(line.StartsWith("# LGTM", StringComparison.Ordinal), $"{format} (seed {seed}): {line}");
        }
    }

    [GeneratedRegex("```[a-z]*\\n.*?\\n```", RegexOptions.Singleline)]
    private static partial Regex CodeFence();

    [GeneratedRegex("`[^`\\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<![\w&;])@[A-Za-z0-9]")]
    private static partial Regex LiveMention();

    [GeneratedRegex(@"(?<![\w&;])#[0-9]")]
    private static partial Regex LiveReference();
}
