using ConnectorLint.Loading;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Reporting;

/// <summary>Pins every output format for the same set of findings.</summary>
public class ReportSnapshotTests
{
    internal static LintReport SeveralErrors()
    {
        const string name = "fixtures/several-errors.yaml";
        var document = DesiredStateLoader.Load(name, File.ReadAllBytes(TestPaths.Fixture("several-errors.yaml")));
        var findings = Linter.Lint(document, new LintSettings());
        return new LintReport("0.1.0", [new ReportFile(name, document.Lines)], findings);
    }

    internal static string Render(IReportWriter writer, LintReport report)
    {
        var output = new StringWriter { NewLine = "\n" };
        writer.Write(report, output);
        return output.ToString();
    }

    [Fact]
    public void Text() => WholeOutputSnapshot.Match(Render(new TextReportWriter(color: false), SeveralErrors()));

    [Fact]
    public void TextWithColour()
    {
        var text = Render(new TextReportWriter(color: true), SeveralErrors());
        Assert.Contains("\u001b[31;1merror\u001b[0m", text, StringComparison.Ordinal);
        WholeOutputSnapshot.Match(text);
    }

    [Fact]
    public void Json() => WholeOutputSnapshot.Match(Render(new JsonReportWriter(), SeveralErrors()));

    [Fact]
    public void CleanText() =>
        Assert.Equal("no findings in 1 file\n", Render(new TextReportWriter(false), new LintReport("0.1.0", [new ReportFile("a.yaml", [])], [])));
}
