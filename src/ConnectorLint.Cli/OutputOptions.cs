using System.CommandLine;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

/// <summary>The output options every reporting command shares.</summary>
internal sealed class OutputOptions
{
    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: text (default on a terminal) or json.",
    };

    public Option<FileInfo?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    public Option<string> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit 1 when a finding is at or above this severity: error, warning, note or never.",
        DefaultValueFactory = _ => "error",
    };

    public OutputOptions()
    {
        Format.AcceptOnlyFromAmong("text", "json");
        FailOn.AcceptOnlyFromAmong("error", "warning", "note", "never");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
    }

    public static int ExitCode(LintReport report, string failOn)
    {
        if (failOn == "never")
        {
            return CommandLineApp.Clean;
        }

        SeverityNames.TryParse(failOn, out var threshold);
        return report.Findings.Any(f => f.Severity >= threshold) ? CommandLineApp.FindingsExit : CommandLineApp.Clean;
    }

    /// <summary>Writes the report where the user asked, in the format asked.</summary>
    public void Emit(ParseResult parse, LintReport report, TextWriter stdout)
    {
        var format = parse.GetValue(Format) ?? "text";
        var output = parse.GetValue(Output);
        IReportWriter writer = format switch
        {
            "json" => new JsonReportWriter(),
            _ => new TextReportWriter(color: output is null && UseColor()),
        };

        if (output is null)
        {
            writer.Write(report, stdout);
            return;
        }

        try
        {
            using var file = new StreamWriter(output.FullName, append: false, new System.Text.UTF8Encoding(false));
            writer.Write(report, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write '{output}': {ex.Message}");
        }
    }

    private static bool UseColor() =>
        Environment.GetEnvironmentVariable("NO_COLOR") is not { Length: > 0 }
        && !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}
