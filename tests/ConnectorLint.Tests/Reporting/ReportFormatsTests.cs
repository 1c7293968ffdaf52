using ConnectorLint.Reporting;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Reporting;

/// <summary>The formats are declared once; the option's values, its help and the writers follow.</summary>
public class ReportFormatsTests
{
    [Fact]
    public void EachFormatIsOfferedInTheHelpAndWrites()
    {
        Assert.Equal(["text", "json", "sarif", "github", "markdown"], ReportFormats.Names);
        var help = CliRunner.Run("lint", "--help").Stdout;
        foreach (var format in ReportFormats.All)
        {
            Assert.Contains($"{format.Name} ({format.Purpose})", help, StringComparison.Ordinal);
            var run = CliRunner.Run("lint", TestPaths.Example("open-relay.yaml"), "--format", format.Name);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("CL401", run.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>A run that fails is said in SARIF, GitHub and markdown; text and JSON leave it to standard error.</summary>
    [Fact]
    public void OnlyTheFormatsCiReadsSayTheRunFailed()
    {
        var failed = LintReport.Failed("the configuration is broken", null);
        foreach (var format in ReportFormats.All)
        {
            var text = new StringWriter();
            format.Writer(new WriterOptions("/repo")).Write(failed, text);
            Assert.Equal(format.SaysTheRunFailed, text.ToString().Contains("the configuration is broken", StringComparison.Ordinal));
        }
    }
}
