using System.CommandLine;

namespace ConnectorLint.Cli;

/// <summary>How much a run says: findings only, the usual report, or also what it read and decided.</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Verbose,
}

/// <summary>The options every command takes (<c>--color</c>, <c>--quiet</c>, <c>--verbose</c>), declared once on the root.</summary>
internal static class GlobalOptions
{
    public static Option<string> Color { get; } = CreateColor();

    public static Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print the findings only: one line each, no source excerpt, no summary, no progress or notes on standard error.",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Also print, on standard error, the configuration each file is linted with and how long the run took.",
        Recursive = true,
    };

    private static Option<string> CreateColor()
    {
        var option = new Option<string>("--color")
        {
            Description = "Colour the text output: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR says otherwise), always or never.",
            DefaultValueFactory = _ => "auto",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("auto", "always", "never");
        return option;
    }

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Color);
        root.Options.Add(Quiet);
        root.Options.Add(Verbose);
        // A command validates only its own result: each command refuses the contradiction itself.
        foreach (var command in root.Subcommands.Append<Command>(root))
        {
            command.Validators.Add(result =>
            {
                if (result.GetValue(Quiet) && result.GetValue(Verbose))
                {
                    result.AddError("--quiet and --verbose contradict each other; give one of them.");
                }
            });
        }
    }

    public static Verbosity VerbosityOf(ParseResult parse) =>
        parse.GetValue(Quiet) ? Verbosity.Quiet : parse.GetValue(Verbose) ? Verbosity.Verbose : Verbosity.Normal;

    /// <summary>Whether text for a terminal gets ANSI colours, from the option and the environment.</summary>
    public static bool UseColor(ParseResult parse, bool outputIsTerminal) =>
        ColorChoice.Decide(parse.GetValue(Color) ?? "auto", Environment.GetEnvironmentVariable, outputIsTerminal);
}

/// <summary>
/// --color, then FORCE_COLOR (any value but 0 forces colour on; 0 turns it off), then NO_COLOR
/// (https://no-color.org: any non-empty value turns it off), then whether the output is a terminal
/// whose TERM is not "dumb". An explicit option wins over the environment, as in git and ripgrep.
/// </summary>
internal static class ColorChoice
{
    public static bool Decide(string mode, Func<string, string?> environment, bool outputIsTerminal)
    {
        if (mode == "always")
        {
            return true;
        }

        if (mode == "never")
        {
            return false;
        }

        if (environment("FORCE_COLOR") is { } force)
        {
            return force != "0" && !force.Equals("false", StringComparison.OrdinalIgnoreCase);
        }

        if (environment("NO_COLOR") is { Length: > 0 })
        {
            return false;
        }

        return outputIsTerminal && environment("TERM") is not "dumb";
    }
}
