using System.Diagnostics;
using System.Text.Json;
using ConnectorLint.Cli;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// The command-line conventions users bring from other tools: --quiet and --verbose, --color with
/// NO_COLOR and FORCE_COLOR, `config`, shell completion, and no escape sequences a terminal was not
/// asked to take.
/// </summary>
public sealed class ConventionsRound2Tests : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "connectorlint.dll");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("connectorlint-conventions-");

    public void Dispose() => folder.Delete(recursive: true);

    private static (int Exit, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? TestPaths.RepositoryRoot };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in env ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{file} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Theory]
    [InlineData("auto", null, null, true, true)]
    [InlineData("auto", null, null, false, false)]
    [InlineData("auto", "1", null, true, false)]
    [InlineData("auto", "", null, true, true)]
    [InlineData("auto", null, "1", false, true)]
    [InlineData("auto", "1", "1", false, true)]
    [InlineData("auto", null, "0", true, false)]
    [InlineData("never", null, "1", true, false)]
    [InlineData("always", "1", null, false, true)]
    public void ColourFollowsTheOptionThenForceColorThenNoColorThenTheTerminal(string mode, string? noColor, string? forceColor, bool terminal, bool expected)
    {
        var env = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["FORCE_COLOR"] = forceColor, ["TERM"] = "xterm" };
        Assert.Equal(expected, ColorChoice.Decide(mode, name => env.GetValueOrDefault(name), terminal));
    }

    [Fact]
    public void ADumbTerminalGetsNoColour() =>
        Assert.False(ColorChoice.Decide("auto", name => name == "TERM" ? "dumb" : null, outputIsTerminal: true));

    [Fact]
    public void ColorAlwaysPaintsAndNeverDoesNot()
    {
        var always = CliRunner.Run("lint", TestPaths.Example("open-relay.yaml"), "--color", "always");
        Assert.Contains("\u001b[31;1merror\u001b[0m", always.Stdout, StringComparison.Ordinal);
        var never = CliRunner.Run("lint", TestPaths.Example("open-relay.yaml"), "--color", "never");
        Assert.DoesNotContain('\u001b', never.Stdout);
        Assert.Equal(2, CliRunner.Run("lint", TestPaths.Example("open-relay.yaml"), "--color", "sometimes").ExitCode);
    }

    /// <summary>On a real terminal (a pseudo-terminal from script(1)): colour by default, none with --color never or NO_COLOR.</summary>
    [Fact]
    public void OnATerminalEscapesAppearOnlyWhenColourIsWanted()
    {
        string OnTerminal(string options, string? noColor = null)
        {
            var command = $"dotnet '{Cli}' lint examples/open-relay.yaml {options}";
            var (_, output) = Run("script", ["-qec", command, "/dev/null"], new Dictionary<string, string?> { ["TERM"] = "xterm", ["NO_COLOR"] = noColor, ["FORCE_COLOR"] = null });
            Assert.Contains("CL401", output, StringComparison.Ordinal);
            return output;
        }

        Assert.Contains('\u001b', OnTerminal(""));
        Assert.DoesNotContain('\u001b', OnTerminal("--color never"));
        Assert.DoesNotContain('\u001b', OnTerminal("", noColor: "1"));
        Assert.DoesNotContain('\u001b', OnTerminal("--format github"));
    }

    [Fact]
    public void QuietPrintsOneLinePerFindingAndNothingElse()
    {
        var quiet = CliRunner.Run("lint", TestPaths.Example("spf-missing-egress.yaml"), TestPaths.Example("open-relay.yaml"), "--quiet");
        Assert.Equal(1, quiet.ExitCode);
        var lines = quiet.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var normal = CliRunner.Run("lint", TestPaths.Example("spf-missing-egress.yaml"), TestPaths.Example("open-relay.yaml"));
        var findingLines = normal.Stdout.Split('\n').Where(l => l.Contains(": error CL", StringComparison.Ordinal) || l.Contains(": warning CL", StringComparison.Ordinal) || l.Contains(": note CL", StringComparison.Ordinal)).ToList();
        Assert.Equal(findingLines, lines);
        Assert.True(lines.Length >= 4, quiet.Stdout);
        Assert.Equal("", quiet.Stderr);

        var clean = CliRunner.Run("lint", TestPaths.Example("contoso-hybrid.yaml"), "-q");
        Assert.Equal((0, "", ""), (clean.ExitCode, clean.Stdout, clean.Stderr));
    }

    /// <summary>`connectorlint lint | head -1`: the reader goes early; the rest is dropped, the exit code is the findings'.</summary>
    [Fact]
    public void AReaderThatLeavesEarlyIsNotAnError()
    {
        var file = Path.Combine(folder.FullName, "many.yaml");
        File.WriteAllText(file, "apiVersion: connectorlint/v1\ntenant:\n  name: contoso\n  initialDomain: contoso.onmicrosoft.com\nacceptedDomains:\n"
            + string.Concat(Enumerable.Range(0, 3000).Select(i => $"  - domainName: d{i}.example.com\n    domainType: authoritative\n    verified: true\n")));
        var (exit, output) = Run("bash", ["-c", $"dotnet '{Cli}' lint '{file}' 2>&1 | head -1; echo \"exit ${{PIPESTATUS[0]}}\""]);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("internal error", output, StringComparison.Ordinal);
        Assert.EndsWith("exit 1\n", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// `{ connectorlint lint; echo done; } > log`: the output goes where the file's offset is and moves
    /// it on, so what the next command writes follows the report instead of overwriting it.
    /// </summary>
    [Fact]
    public void OutputToAFileSharedWithOtherCommandsIsKeptInOrder()
    {
        var log = Path.Combine(folder.FullName, "log.txt");
        var (exit, output) = Run("bash", ["-c", $"{{ echo before; dotnet '{Cli}' lint '{TestPaths.Example("open-relay.yaml")}' --quiet; echo \"exit $?\"; }} > '{log}' 2>&1"]);
        Assert.Equal((0, ""), (exit, output));
        var lines = File.ReadAllLines(log);
        Assert.Equal("before", lines[0]);
        Assert.Equal("exit 1", lines[^1]);
        Assert.True(lines.Length >= 3, string.Join("\n", lines));
        Assert.All(lines[1..^1], l => Assert.Contains(": error CL", l, StringComparison.Ordinal));
    }

    [Fact]
    public void QuietAndVerboseTogetherAreRefused()
    {
        var both = CliRunner.Run("lint", TestPaths.Example("contoso-hybrid.yaml"), "-q", "--verbose");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--quiet and --verbose contradict each other", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VerboseNamesTheConfigurationOfEachFile()
    {
        File.Copy(TestPaths.Example("open-relay.yaml"), Path.Combine(folder.FullName, "org.yaml"));
        File.WriteAllText(Path.Combine(folder.FullName, ".connectorlint.yaml"), "rules:\n  CL401: warning\n");
        var run = CliRunner.Run("lint", Path.Combine(folder.FullName, "org.yaml"), "--verbose");
        Assert.Contains("org.yaml: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("configuration ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(".connectorlint.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("connectorlint: 1 finding in 1 file;", run.Stderr, StringComparison.Ordinal);

        var defaults = CliRunner.Run("lint", TestPaths.Example("contoso-hybrid.yaml"), "--verbose");
        Assert.Contains("no configuration file (defaults)", defaults.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigPrintsWhatIsInEffectAndWhereEachSettingCameFrom()
    {
        var sub = Directory.CreateDirectory(Path.Combine(folder.FullName, "mailflow"));
        File.WriteAllText(Path.Combine(folder.FullName, ".connectorlint.yml"), "# team defaults\nrules:\n  CL206: off\n  cl203: warning\ncertificateExpiryWarningDays: 45\n");

        var (exit, text) = Run("dotnet", [Cli, "config"], workingDirectory: sub.FullName);
        Assert.True(exit == 0, text);
        Assert.Equal("""
            configuration: ../.connectorlint.yml (the nearest to .)
            certificateExpiryWarningDays: 45   (../.connectorlint.yml:5)
            rules:
              CL203: warning   (../.connectorlint.yml:4)
              CL206: off   (../.connectorlint.yml:3)
              every other rule: its default severity ('connectorlint rules' lists them)

            """, text);

        var json = CliRunner.Run("config", sub.FullName, "--format", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        Assert.Equal(Path.Combine(folder.FullName, ".connectorlint.yml"), root.GetProperty("source").GetString());
        Assert.Equal("nearest", root.GetProperty("found").GetString());
        Assert.Equal(45, root.GetProperty("certificateExpiryWarningDays").GetProperty("value").GetInt32());
        Assert.Equal(5, root.GetProperty("certificateExpiryWarningDays").GetProperty("from").GetProperty("line").GetInt32());
        Assert.Equal("off", root.GetProperty("rules").GetProperty("CL206").GetProperty("value").GetString());
        Assert.Equal(3, root.GetProperty("rules").GetProperty("CL206").GetProperty("from").GetProperty("line").GetInt32());

        var none = CliRunner.Run("config", "/");
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("configuration: none found for /", none.Stdout, StringComparison.Ordinal);
        Assert.Contains("certificateExpiryWarningDays: 30   (default)", none.Stdout, StringComparison.Ordinal);
        Assert.Contains("  every rule: its default severity", none.Stdout, StringComparison.Ordinal);

        var given = CliRunner.Run("config", "/", "--config", Path.Combine(folder.FullName, ".connectorlint.yml"));
        Assert.Contains("(given by --config)", given.Stdout, StringComparison.Ordinal);

        // The configuration `config` shows is the one lint applies: CL206 off, CL203 a warning.
        File.WriteAllText(Path.Combine(folder.FullName, ".connectorlint.yml"), "rules:\n  CL401: off\n");
        File.Copy(TestPaths.Example("open-relay.yaml"), Path.Combine(sub.FullName, "org.yaml"));
        Assert.Contains("CL401: off", CliRunner.Run("config", Path.Combine(sub.FullName, "org.yaml")).Stdout, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("lint", Path.Combine(sub.FullName, "org.yaml")).ExitCode);
    }

    [Fact]
    public void ABrokenConfigurationIsAMessageWithItsPlace()
    {
        File.WriteAllText(Path.Combine(folder.FullName, ".connectorlint.yaml"), "rules:\n  CL999: off\n");
        var run = CliRunner.Run("config", folder.FullName);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".connectorlint.yaml:2:3: 'CL999' is not a rule", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A PATH whose connectorlint is the build under test.</summary>
    private Dictionary<string, string?> PathWithConnectorlint()
    {
        var bin = Directory.CreateDirectory(Path.Combine(folder.FullName, "bin")).FullName;
        var wrapper = Path.Combine(bin, "connectorlint");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Cli}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new() { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };
    }

    [Fact]
    public void BashCompletesCommandsOptionValuesAndFallsBackToFiles()
    {
        var script = Path.Combine(folder.FullName, "complete.bash");
        File.WriteAllText(script, """
            source <(connectorlint completion bash)
            ask() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _connectorlint_complete; echo "$1 => ${COMPREPLY[*]}"; }
            ask "connectorlint li"
            ask "/opt/tools/connectorlint lint --fail-on w"
            ask "connectorlint completion "
            ask "connectorlint lint examples/"
            complete -p connectorlint
            """);
        var (exit, output) = Run("bash", [script], PathWithConnectorlint());
        Assert.True(exit == 0, output);
        Assert.Contains("connectorlint li => lint\n", output, StringComparison.Ordinal);
        Assert.Contains("/opt/tools/connectorlint lint --fail-on w => warning\n", output, StringComparison.Ordinal);
        Assert.Matches("connectorlint completion +=> .*bash pwsh zsh", output);
        Assert.Contains("connectorlint lint examples/ => \n", output, StringComparison.Ordinal);
        Assert.Contains("complete -o default -F _connectorlint_complete connectorlint", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ZshCompletesCommandsAndOptionValues()
    {
        var script = Path.Combine(folder.FullName, "complete.zsh");
        File.WriteAllText(script, """
            compadd() { [[ $1 == -- ]] && shift; print -r -- "=> $*" }
            _files() { print -r -- "=> (files)" }
            source <(connectorlint completion zsh)
            words=(connectorlint li); CURRENT=2; _connectorlint
            words=(/opt/connectorlint lint --fail-on w); CURRENT=4; _connectorlint
            words=(connectorlint lint ex); CURRENT=3; _connectorlint
            """);
        var (exit, output) = Run("zsh", ["-f", script], PathWithConnectorlint());
        Assert.True(exit == 0, output);
        Assert.Equal("=> lint\n=> warning\n=> (files)\n", output);
    }

    [Fact]
    public void PowerShellCompletesCommandsAndOptionValues()
    {
        var script = Path.Combine(folder.FullName, "complete.ps1");
        File.WriteAllText(script, """
            connectorlint completion pwsh | Out-String | Invoke-Expression
            foreach ($line in 'connectorlint li', 'connectorlint lint --fail-on w', 'connectorlint completion ') {
              $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
              "{0}=> {1}" -f $line, (($r.CompletionMatches | ForEach-Object CompletionText) -join ' ')
            }
            """);
        var env = PathWithConnectorlint();
        var (exit, output) = Run("dotnet", ["tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-File", script], env);
        Assert.True(exit == 0, output);
        Assert.Contains("connectorlint li=> lint\n", output, StringComparison.Ordinal);
        Assert.Contains("connectorlint lint --fail-on w=> warning\n", output, StringComparison.Ordinal);
        Assert.Matches("connectorlint completion => .*bash pwsh zsh", output);
    }

    [Fact]
    public void AnUnknownShellIsRefusedWithTheChoices()
    {
        var run = CliRunner.Run("completion", "fish");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Must be one of: 'bash', 'zsh', 'pwsh'", run.Stderr, StringComparison.Ordinal);
    }
}
