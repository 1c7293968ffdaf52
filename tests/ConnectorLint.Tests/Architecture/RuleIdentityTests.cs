using System.Text.RegularExpressions;

namespace ConnectorLint.Tests.Architecture;

/// <summary>A rule has one identity, its descriptor: no rule ID is written as a string anywhere else in the code.</summary>
public partial class RuleIdentityTests
{
    [Fact]
    public void NoRuleIdLiteralOutsideItsDescriptor()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            offenders.AddRange(LiteralsOutsideDescriptors(File.ReadAllText(file)).Select(l => $"{Path.GetRelativePath(TestPaths.RepositoryRoot, file)}:{l}"));
        }

        Assert.True(offenders.Count == 0, "rule IDs written as strings:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheScanFindsALiteralOutsideADescriptor()
    {
        const string code = """
            public static readonly Rule NoMx = new(
                new("CL101", "An accepted domain has no MX record", Severity.Error, "domains", "bounces"),
                CheckNoMx);
            // a comment naming CL102 is fine
            var issues = all.Where(i => i.RuleId == "CL111");
            """;
        Assert.Equal(["5: var issues = all.Where(i => i.RuleId == \"CL111\");"], LiteralsOutsideDescriptors(code));
    }

    private static IEnumerable<string> LiteralsOutsideDescriptors(string code)
    {
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match literal in StringLiteral().Matches(line))
            {
                if (RuleId().IsMatch(literal.Value) && !line[..literal.Index].EndsWith("new(", StringComparison.Ordinal))
                {
                    yield return $"{i + 1}: {line}";
                    break;
                }
            }
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.NonBacktracking)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\bCL\d{3}\b", RegexOptions.NonBacktracking)]
    private static partial Regex RuleId();
}
