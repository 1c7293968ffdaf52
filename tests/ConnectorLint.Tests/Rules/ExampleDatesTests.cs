using ConnectorLint.Loading;

namespace ConnectorLint.Tests.Rules;

/// <summary>
/// The examples do not expire under their users: their certificates run to 2036 and later. Linted
/// as if it were ten years on, each example gains only certificate-expiry findings (CL207), so the
/// date is the only thing a later day changes.
/// </summary>
public sealed class ExampleDatesTests
{
    public static TheoryData<string> Examples() => [.. TestPaths.AllExamples()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Ten_years_on_an_example_gains_only_expiry_findings(string example)
    {
        var document = DesiredStateLoader.LoadFile(TestPaths.Example(example));
        string Key(Diagnostics.Finding f) => $"{f.RuleId} {f.Span.Line}:{f.Span.Column}";

        var now = Linter.Lint(document, new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2026, 12, 7) }).Select(Key).ToHashSet();
        var later = Linter.Lint(document, new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2046, 12, 7) });

        Assert.All(later.Where(f => !now.Contains(Key(f))), f => Assert.Equal("CL207", f.RuleId));
        Assert.Equal(document.State!.OnPremises?.Certificates.Length > 0, later.Any(f => f.RuleId == "CL207"));
        Assert.All(document.State.OnPremises?.Certificates ?? [], c => Assert.True(c.NotAfter.Value.Year >= 2036, $"{c.Name.Value} expires {c.NotAfter.Value}"));
    }
}
