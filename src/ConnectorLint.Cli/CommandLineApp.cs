using ConnectorLint.Diagnostics;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace ConnectorLint.Cli;

/// <summary>The thin command line over the engine. Exit codes: 0 clean, 1 findings, 2 could not do its job.</summary>
public static class CommandLineApp
{
    public const int Clean = 0;
    public const int FindingsExit = 1;
    public const int ToolFailure = 2;

    /// <summary>What a run cancelled by a signal returns when Program does not know which (128 + SIGINT).</summary>
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("ConnectorLint: lint Exchange hybrid mail flow kept as code, before it bounces.");
        root.Subcommands.Add(LintCommand.Create(stdout, stderr));
        root.Subcommands.Add(DriftCommand.Create(stdout, stderr));
        root.Subcommands.Add(ProbeCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReviewCommand.Create(stdout, stderr));
        root.Subcommands.Add(ImportCommand.Create(stdout, stderr));
        root.Subcommands.Add(PlanCommand.Create(stdout, stderr));
        root.Subcommands.Add(GraphCommand.Create(stdout));
        root.Subcommands.Add(TraceCommand.Create(stdout));
        root.Subcommands.Add(SpfCommand.Create(stdout, stderr));
        root.Subcommands.Add(InfoCommands.Schema(stdout));
        root.Subcommands.Add(InfoCommands.Rules(stdout));
        root.Subcommands.Add(InfoCommands.Explain(stdout, stderr));
        root.Subcommands.Add(ConfigCommand.Create(stdout));
        root.Subcommands.Add(CompletionCommand.Create(stdout));
        GlobalOptions.AddTo(root);

        // Bare `connectorlint` asks what the tool does: the help, as --help gives it, and exit 2 (no command ran).
        if (args.Length == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null }, cancellationToken);
            return ToolFailure;
        }

        // No response files: an argument such as --sender @example.net is a value, not a file to read.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (Misspelled(root, parse) is { } typo)
        {
            await stderr.WriteLineAsync($"connectorlint: error: {PrintableText.Escape(typo)}");
            await stderr.WriteLineAsync("Run 'connectorlint --help' for usage.");
            return ToolFailure;
        }

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                // System.CommandLine lists allowed values one per line, indented with tabs: one line here.
                var message = string.Join(", ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Replace(":, ", ": ", StringComparison.Ordinal);
                await stderr.WriteLineAsync($"connectorlint: error: {PrintableText.Escape(message)}");
            }

            await stderr.WriteLineAsync("Run 'connectorlint --help' for usage.");
            return ToolFailure;
        }

        try
        {
            // Signals are handled by Program (SIGINT, SIGTERM: cancel, then exit 130 or 143), not here.
            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("connectorlint: cancelled; no file was left half-written.");
            return Cancelled;
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

    /// <summary>
    /// A command or option that does not exist, told with the nearest one: 'lnt' is not a command; an
    /// unknown '--fromat' would otherwise be taken for a path.
    /// </summary>
    private static string? Misspelled(RootCommand root, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command == root)
        {
            var first = parse.Tokens.Count > 0 ? parse.Tokens[0] : null;
            if (first is { Type: TokenType.Argument } && !first.Value.StartsWith('-'))
            {
                var suggestion = NearestName.Among(first.Value, root.Subcommands.Select(c => c.Name));
                return $"'{first.Value}' is not a command{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}).";
            }

            return null;
        }

        var known = command.Options.Concat(root.Options).ToList();
        var options = known.SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            var token = parse.Tokens[i];
            if (token.Type == TokenType.DoubleDash)
            {
                // After '--' every token is a path, whatever it starts with (POSIX utility syntax, guideline 10).
                break;
            }

            var previous = i > 0 ? parse.Tokens[i - 1] : null;
            var isOptionValue = previous is { Type: TokenType.Option }
                && known.FirstOrDefault(o => o.Name == previous.Value || o.Aliases.Contains(previous.Value)) is { Arity.MaximumNumberOfValues: > 0 };
            if (token.Type != TokenType.Argument || isOptionValue)
            {
                continue;
            }

            var value = token.Value;
            var name = value.Split('=', 2)[0];
            if (name.Length > 1 && name[0] == '-' && !double.TryParse(name, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && !options.Contains(name))
            {
                var suggestion = NearestName.Among(name, options.Where(o => o.StartsWith("--", StringComparison.Ordinal)));
                return $"'{name}' is not an option of '{command.Name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}";
            }
        }

        return null;
    }
}

/// <summary>The user asked for something the tool cannot do: exit 2 with this message, no stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
