using System.Diagnostics;

namespace ConnectorLint.Tests.Cli;

/// <summary>
/// CI's cancel button and `timeout` send SIGTERM, Ctrl+C sends SIGINT. A run blocked on its input
/// (standard input that never ends) stops within seconds with 128 + the signal's number, and the
/// report file it was asked to write is as it was.
/// </summary>
public sealed class SignalTests
{
    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_blocked_run_ends_on_the_signal_with_its_exit_code(string signal, int expected)
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-signal-");
        try
        {
            var report = Path.Combine(folder.FullName, "report.sarif");
            File.WriteAllText(report, "the previous report\n");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "connectorlint.dll"), "lint", "-", "--stdin-filename", "org.yaml", "--format", "sarif=" + report })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            process.StandardInput.Write("apiVersion: connectorlint/v1\n");
            process.StandardInput.Flush();

            // Wait until the command runs (the engine is loaded, after the handlers are registered)
            // and blocks on the read; the input is never closed. A fixed wait once lost the race on a
            // loaded machine, where the runtime took longer than that to start.
            var maps = $"/proc/{process.Id}/maps";
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(60) && !(File.Exists(maps) && File.ReadAllText(maps).Contains("ConnectorLint.Engine.dll", StringComparison.Ordinal)))
            {
                await Task.Delay(50);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            var ended = process.WaitForExit(TimeSpan.FromSeconds(15));
            if (!ended)
            {
                process.Kill();
            }

            Assert.True(ended, $"SIG{signal} did not end the run within 15 seconds");
            Assert.Equal(expected, process.ExitCode);
            Assert.Contains("connectorlint: cancelled", await stderr, StringComparison.Ordinal);
            Assert.Equal("the previous report\n", File.ReadAllText(report));
            Assert.Equal([report], Directory.GetFiles(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
