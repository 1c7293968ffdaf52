using System.CommandLine;
using System.Globalization;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Cli;

internal static class LintCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Desired-state files, folders or glob patterns ('mailflow/**/*.yaml') to search for *.yaml/*.yml files with 'apiVersion: connectorlint/v1'; '-' reads standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var maxSize = new Option<long>("--max-file-size")
        {
            Description = "Largest file to read, in bytes.",
            DefaultValueFactory = _ => LoadOptions.DefaultMaxFileBytes,
        };
        var today = new Option<string?>("--today")
        {
            Description = "Judge certificate expiry as of this date (YYYY-MM-DD) instead of today.",
        };

        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml.",
        };
        var output = new OutputOptions { Diagnostics = stderr, Config = config };

        var skipForeign = new Option<bool>("--skip-foreign")
        {
            Description = "Let a named file that is not a desired-state file through without a finding (for hooks that pass every YAML file).",
        };

        var stdinName = new Option<string?>("--stdin-filename")
        {
            Description = "The file name to report standard input ('-') under, and to find its .connectorlint.yaml from.",
        };

        var command = new Command("lint", "Validate desired-state files against the schema and the relay rules.") { paths, maxSize, today, config, skipForeign, stdinName };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new LintSettings();
            if (parse.GetValue(today) is { } day)
            {
                if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw new UsageException($"--today '{day}' is not a date in the form YYYY-MM-DD.");
                }

                settings = settings with { Today = date };
            }

            var request = new LintRequest(parse.GetValue(paths)!)
            {
                Settings = settings,
                ConfigFile = parse.GetValue(config)?.FullName,
                Load = new LoadOptions(parse.GetValue(maxSize)),
                SkipForeign = parse.GetValue(skipForeign),
                StandardInput = Console.OpenStandardInput,
                StandardInputName = parse.GetValue(stdinName) ?? "<stdin>",
            };
            var report = await output.RunAsync(parse, () => LintEngine.RunAsync(request, cancellationToken), stdout);
            output.Emit(parse, report, stdout);
            return OutputOptions.ExitCode(report, parse.GetValue(output.FailOn));
        });
        return command;
    }
}
