using ConnectorLint.IO;
using ConnectorLint.Diagnostics;
using System.CommandLine;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

/// <summary>The output options every reporting command shares.</summary>
internal sealed class OutputOptions
{
    public Option<string[]> Format { get; } = new("--format", "-f")
    {
        Description = $"Output format: {string.Join("; ", ReportFormats.All.Select(f => $"{f.Name} ({f.Purpose})"))}. FORMAT=PATH writes that format to a file. Repeatable. Default: github when GITHUB_ACTIONS=true, else text.",
    };

    public Option<FileInfo?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    public Option<FileInfo?> SarifOutput { get; } = new("--sarif-output")
    {
        Description = "Also write SARIF 2.1.0 to this file (same as --format sarif=PATH).",
    };

    public Option<bool> NoStepSummary { get; } = new("--no-step-summary")
    {
        Description = "Do not append a markdown summary to $GITHUB_STEP_SUMMARY.",
    };

    public Option<string> FailOn { get; } = FailOnOption("Exit 1 when a finding is at or above this severity: error, warning, note or never.");

    /// <summary>Where --verbose tells what the run read and how long it took; nothing when null.</summary>
    public TextWriter? Diagnostics { get; init; }

    /// <summary>The command's --config, so --verbose can name the configuration each file was linted with.</summary>
    public Option<FileInfo?>? Config { get; init; }

    public OutputOptions()
    {
        Format.CompletionSources.Add([.. ReportFormats.Names]);
        Format.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                var name = value.Split('=', 2)[0];
                if (ReportFormats.Find(name) is null)
                {
                    var suggestion = NearestName.Among(name, ReportFormats.Names);
                    result.AddError($"'{name}' is not a format{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (formats: {string.Join(", ", ReportFormats.Names)}, optionally as FORMAT=PATH).");
                }
                else if (value.Contains('=') && value.Split('=', 2)[1].Length == 0)
                {
                    result.AddError($"'{value}' names no file after '='.");
                }
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(SarifOutput);
        command.Options.Add(NoStepSummary);
        command.Options.Add(FailOn);
    }

    /// <summary>--fail-on as every command that has it declares it: the four values, "error" by default.</summary>
    public static Option<string> FailOnOption(string description)
    {
        var option = new Option<string>("--fail-on") { Description = description, DefaultValueFactory = _ => "error" };
        option.AcceptOnlyFromAmong("error", "warning", "note", "never");
        return option;
    }

    /// <summary>
    /// The one reading of --fail-on's value: the least severity that fails the run, or null for "never".
    /// The option accepts nothing else, so any other value is the caller's mistake, not the user's.
    /// </summary>
    public static Severity? FailThreshold(string? failOn) => failOn switch
    {
        null => Severity.Error,
        "never" => null,
        _ when SeverityNames.TryParse(failOn, out var least) => least,
        _ => throw new ArgumentOutOfRangeException(nameof(failOn), failOn, "--fail-on accepts error, warning, note or never"),
    };

    public static int ExitCode(LintReport report, string? failOn) =>
        FailThreshold(failOn) is { } least && report.Findings.Any(f => f.Severity >= least) ? CommandLineApp.FindingsExit : CommandLineApp.Clean;

    /// <summary>
    /// Runs the engine; when the run cannot do its job, the formats CI reads still say so (a SARIF file
    /// with executionSuccessful false, a GitHub ::error at the file and line, the step summary) before
    /// the error ends the command with exit 2.
    /// </summary>
    public async Task<LintReport> RunAsync(ParseResult parse, Func<Task<LintReport>> run, TextWriter stdout, string summaryHeading = "ConnectorLint")
    {
        try
        {
            return await run();
        }
        catch (InputException ex)
        {
            try
            {
                Emit(parse, LintReport.Failed(ex.Reason, ex.Span), stdout, summaryHeading);
            }
            catch (UsageException)
            {
                // The options that name the outputs are wrong too; the original error is the one to tell.
            }

            throw new UsageException(ex.Message);
        }
    }

    /// <summary>Writes the report in every format asked, each where it was asked, and the step summary.</summary>
    public void Emit(ParseResult parse, LintReport report, TextWriter stdout, string summaryHeading = "ConnectorLint")
    {
        var root = GitHubEnvironment.RepositoryRoot();
        var requested = Requested(parse);
        var output = parse.GetValue(Output);
        foreach (var request in requested)
        {
            var parts = request.Split('=', 2);
            var path = parts.Length == 2 ? parts[1] : output?.FullName;
            var format = ReportFormats.Find(parts[0]) ?? ReportFormats.Text;
            if (report.Failure is not null && !format.SaysTheRunFailed)
            {
                // The error itself goes to standard error; these formats have no place for it.
                continue;
            }

            var color = path is null && GlobalOptions.UseColor(parse, outputIsTerminal: !Console.IsOutputRedirected);
            var writer = format.Writer(new WriterOptions(root, color, summaryHeading, GlobalOptions.VerbosityOf(parse) == Verbosity.Quiet));
            if (path is null)
            {
                writer.Write(report, stdout);
            }
            else
            {
                WriteFile(path, writer, report, append: false);
            }
        }

        var summary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (!string.IsNullOrEmpty(summary) && !parse.GetValue(NoStepSummary))
        {
            WriteFile(summary, new MarkdownReportWriter(root, summaryHeading), report, append: true);
        }

        WriteVerbose(parse, report);
    }

    /// <summary>Each format asked for, as FORMAT or FORMAT=PATH; exactly one without a path (text, or github in a GitHub Actions job, when none is named).</summary>
    private List<string> Requested(ParseResult parse)
    {
        var requested = (parse.GetValue(Format) ?? []).ToList();
        if (parse.GetValue(SarifOutput) is { } sarif)
        {
            requested.Add("sarif=" + sarif.FullName);
        }

        var unpathed = requested.Where(r => !r.Contains('=')).ToList();
        if (unpathed.Count > 1)
        {
            throw new UsageException($"only one format can go to standard output ({string.Join(", ", unpathed)}); write the others with FORMAT=PATH.");
        }

        if (unpathed.Count == 0)
        {
            requested.Add(Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true" ? "github" : "text");
        }

        return requested;
    }

    /// <summary>Whether the report goes to standard output as text, where a command may add a line of its own.</summary>
    public bool WritesTextToStandardOutput(ParseResult parse) =>
        parse.GetValue(Output) is null && Requested(parse).Single(r => !r.Contains('=')) == ReportFormats.Text.Name;

    private static void WriteFile(string path, IReportWriter writer, LintReport report, bool append)
    {
        try
        {
            if (append)
            {
                // The step summary is shared by every step of the job: added to, never replaced.
                using var file = new StreamWriter(path, append: true, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
                writer.Write(report, file);
            }
            else
            {
                AtomicFile.Write(path, file => writer.Write(report, file));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write '{path}': {ex.Message}");
        }
    }

    private static string Counted(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>--verbose: each file with the configuration it was judged with, then the run's time.</summary>
    private void WriteVerbose(ParseResult parse, LintReport report)
    {
        if (Diagnostics is null || GlobalOptions.VerbosityOf(parse) != Verbosity.Verbose)
        {
            return;
        }

        var explicitConfig = Config is null ? null : parse.GetValue(Config)?.FullName;
        Configuration.ConfigurationSource configurations;
        try
        {
            // One source for the run: each configuration file is read once, as the engine reads it.
            configurations = new Configuration.ConfigurationSource(new Rules.LintSettings(), explicitConfig);
        }
        catch (Configuration.ConfigurationException)
        {
            return;
        }

        foreach (var file in report.Files)
        {
            string configuration;
            try
            {
                var settings = configurations.For(Path.GetFullPath(file.Path));
                configuration = settings.Source is null ? "no configuration file (defaults)" : "configuration " + Path.GetRelativePath(Environment.CurrentDirectory, settings.Source);
            }
            catch (Configuration.ConfigurationException ex)
            {
                configuration = "configuration not usable: " + ex.Message;
            }

            Diagnostics.WriteLine($"connectorlint: {PrintableText.Escape(file.Path)}: {file.Lines.Count} lines, {PrintableText.Escape(configuration)}");
        }

        var elapsed = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
        Diagnostics.WriteLine($"connectorlint: {Counted(report.Findings.Count, "finding")} in {Counted(report.Files.Count, "file")}; {elapsed.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms since the process started");
    }
}
