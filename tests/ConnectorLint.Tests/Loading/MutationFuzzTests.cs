using System.Text;
using System.Text.Json;
using ConnectorLint.Model;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Loading;

/// <summary>
/// Mutation fuzzing of the shipped examples with a fixed seed: whatever the mutation, the tool
/// answers with exit 0, 1 or 2, never "internal error", always valid JSON, and every position it
/// reports lies inside the file it linted; `trace` of a message through the mutant neither crashes.
/// A failure prints the example, the mutation and the mutated text; CONNECTORLINT_FUZZ_SEED explores
/// other seeds than the fixed one.
/// </summary>
public class MutationFuzzTests
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CONNECTORLINT_FUZZ_SEED"), out var seed) ? seed : 20261123;
    private const int MutationsPerExample = 700;

    private const string Crash = "internal error"; // never printed for any input: the contract under test

    /// <summary>Characters that mean something to YAML, to the schema or to the line counting.</summary>
    private static readonly string[] Fragments =
    [
        ":", "- ", "[", "]", "{", "}", ",", "\"", "'", "#", "&a", "*a", "!", "|", ">", "%", "@", "`", "?", "...", "---",
        "\t", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\u00e9", "\U0001F600", "\0", "\\", "~", "null", "true",
        "0x1F", "1e9", "-1", "99999999999999999999", "*", "SMTP:*;1", "0.0.0.0/0", "::/0", "10.0.0.0-10.0.0.9",
        "  ", "    ", "- :", ": ", "<<: *a", "dnsRoutingEnabled: false", "smartHosts: []", "enabled: false",
    ];

    public static TheoryData<string> Examples() =>
        [.. TestPaths.AllExamples()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void MutatedExamplesNeverBreakTheExitCodeContract(string example)
    {
        var original = TestPaths.ExampleText(example);
        // string.GetHashCode differs per process; the example's name is mixed in by a stable sum.
        var random = new Random(Seed ^ Path.GetFileName(example).Aggregate(17, (h, c) => (h * 31) + c));
        var folder = Directory.CreateTempSubdirectory("connectorlint-fuzz-").FullName;
        var path = Path.Combine(folder, "mutant.yaml");
        try
        {
            for (var i = 0; i < MutationsPerExample; i++)
            {
                var mutant = Mutate(original, random);
                File.WriteAllText(path, mutant, new UTF8Encoding(false));
                Check(path, mutant, $"{example} mutation {i}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Check(string path, string text, string what)
    {
        var trace = CliRunner.Run("trace", path, "--client", "10.20.0.40", "--host", "ex01.contoso.com", "--from", "scanner@contoso.com", "--to", "someone@fabrikam.com", "--format", "json");
        Assert.True(trace.ExitCode is 0 or 1 or 2, $"{what}: trace exit {trace.ExitCode}\n{trace.Stderr}\n--- text ---\n{text}");
        Assert.False(trace.Stderr.Contains(Crash, StringComparison.Ordinal), $"{what}: {trace.Stderr}\n--- text ---\n{text}");
        if (trace.ExitCode != 2)
        {
            JsonDocument.Parse(trace.Stdout).Dispose();
        }

        var result = CliRunner.Run("lint", "--format", "json", path);
        var context = $"{what}: exit {result.ExitCode}\n{result.Stderr}\n--- text ---\n{text}";
        Assert.False(result.Stderr.Contains(Crash, StringComparison.Ordinal), context);
        Assert.True(result.ExitCode is 0 or 1 or 2, context);
        Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        if (result.ExitCode == 2)
        {
            Assert.NotEqual("", result.Stderr.Trim());
            return;
        }

        using var json = JsonDocument.Parse(result.Stdout);
        var lines = TextLines.Split(text);
        foreach (var finding in json.RootElement.GetProperty("findings").EnumerateArray())
        {
            var line = finding.GetProperty("line").GetInt32();
            var column = finding.GetProperty("column").GetInt32();
            Assert.True(line >= 1 && line <= lines.Length, $"line {line} of {lines.Length}: {finding}\n{context}");
            Assert.True(column >= 1 && column <= lines[line - 1].Length + 1, $"column {column} of line {line} ({lines[line - 1].Length} chars): {finding}\n{context}");
        }
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var count = 1 + random.Next(3);
        for (var n = 0; n < count; n++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(7))
            {
                case 0:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(Math.Min(at, builder.Length - 1), 1 + random.Next(Math.Min(8, builder.Length - Math.Min(at, builder.Length - 1))));
                    break;
                case 2:
                {
                    // Replace a whole line with another line of the file: keys out of place, duplicates.
                    var lines = builder.ToString().Split('\n');
                    lines[random.Next(lines.Length)] = lines[random.Next(lines.Length)];
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
                }

                case 3:
                    builder.Length = at;
                    break;
                case 4:
                {
                    // Shift the indentation of one line: the commonest hand-editing mistake.
                    var lines = builder.ToString().Split('\n');
                    var index = random.Next(lines.Length);
                    lines[index] = random.Next(2) == 0 ? "  " + lines[index] : lines[index].TrimStart();
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
                }

                case 5 when builder.Length > 0:
                    builder[Math.Min(at, builder.Length - 1)] = (char)random.Next(0x20, 0x7F);
                    break;
                default:
                    builder.Insert(at, new string((char)random.Next(0x20, 0x7F), 1 + random.Next(300)));
                    break;
            }
        }

        return builder.ToString();
    }
}
