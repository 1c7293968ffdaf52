using System.CommandLine;

namespace ConnectorLint.Cli;

/// <summary>
/// `connectorlint completion bash|zsh|pwsh`: the shell's completion script. Each asks connectorlint
/// itself for candidates through System.CommandLine's [suggest] directive, so commands, options and
/// their values stay those of the installed version.
/// </summary>
internal static class CompletionCommand
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["bash"] = ".bash",
        ["zsh"] = ".zsh",
        ["pwsh"] = ".ps1",
    };

    public static Command Create(TextWriter stdout)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong([.. Extensions.Keys]);
        var command = new Command("completion", "Print the shell completion script for bash, zsh or pwsh (load it with: source <(connectorlint completion bash)).") { shell };
        command.SetAction(parse =>
        {
            var name = "completion." + Extensions[parse.GetValue(shell)!];
            using var stream = typeof(CompletionCommand).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"the completion script {name} is not in the build");
            using var reader = new StreamReader(stream);
            stdout.Write(reader.ReadToEnd().ReplaceLineEndings("\n"));
            return CommandLineApp.Clean;
        });
        return command;
    }
}
