using ConnectorLint.Diagnostics;
using System.CommandLine;

namespace ConnectorLint.Cli;

/// <summary>The thin command line over the engine. Exit codes: 0 clean, 1 findings, 2 could not do its job.</summary>
public static class CommandLineApp
{
    public const int Clean = 0;
    public const int FindingsExit = 1;
    public const int ToolFailure = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("ConnectorLint: lint Exchange hybrid mail flow kept as code, before it bounces.");
        root.Subcommands.Add(LintCommand.Create(stdout, stderr));
        root.Subcommands.Add(DriftCommand.Create(stdout, stderr));
        root.Subcommands.Add(TraceCommand.Create(stdout));
        root.Subcommands.Add(SpfCommand.Create(stdout));
        root.Subcommands.Add(InfoCommands.Schema(stdout));
        root.Subcommands.Add(InfoCommands.Rules(stdout));
        root.Subcommands.Add(InfoCommands.Explain(stdout, stderr));

        // No response files: an argument such as --sender @example.net is a value, not a file to read.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"connectorlint: error: {PrintableText.Escape(error.Message)}");
            }

            await stderr.WriteLineAsync("Run 'connectorlint --help' for usage.");
            return ToolFailure;
        }

        try
        {
            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config);
        }
        catch (Exception ex) when (ex is UsageException or InputException)
        {
            await stderr.WriteLineAsync($"connectorlint: error: {PrintableText.Escape(ex.Message)}");
            return ToolFailure;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("CONNECTORLINT_DEBUG") is null)
        {
            await stderr.WriteLineAsync($"connectorlint: internal error: {ex.GetType().Name}: {PrintableText.Escape(ex.Message)} (set CONNECTORLINT_DEBUG=1 for details)");
            return ToolFailure;
        }
    }
}

/// <summary>The user asked for something the tool cannot do: exit 2 with this message, no stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
