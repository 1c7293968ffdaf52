using System.CommandLine;
using ConnectorLint.IO;
using ConnectorLint.Plan;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("file") { Description = "The desired-state file: what Exchange should be." };
        var export = new Option<DirectoryInfo>("--exchange-export")
        {
            Description = "The folder tools/Export-MailFlowState.ps1 wrote: what Exchange is now.",
            Required = true,
        };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "With --format powershell: write the scripts here, one per session (NAME.ExchangeOnline.ps1, NAME.ExchangeServer.ps1), instead of to standard output.",
        };
        var format = new Option<string>("--format")
        {
            Description = "powershell (the scripts), text (the steps in order, for a reviewer), markdown, or json (for scripts: steps, windows, bridges, what is left alone).",
            DefaultValueFactory = _ => "powershell",
        };
        format.AcceptOnlyFromAmong("powershell", "text", "markdown", "json");
        var dnsOptions = new DnsOptions();
        var command = new Command("plan", "The cmdlets that take Exchange to the file, ordered so that no flow bounces on the way (config drift, traced through every step); with --zone-file or --dns-server, the DNS record changes too.") { file, export, output, format };
        dnsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var desired = Workspace.LoadState(path);
            var wantsDns = (parse.GetValue(dnsOptions.ZoneFiles)?.Length ?? 0) > 0 || (parse.GetValue(dnsOptions.Servers)?.Length ?? 0) > 0;
            var report = await PlanEngine.RunAsync(new PlanRequest(path, parse.GetValue(export)!.FullName) { Dns = wantsDns ? dnsOptions.CreateResolver(parse) : null }, desired, cancellationToken);
            var chosen = parse.GetValue(format);
            if (chosen == "json")
            {
                PlanWriter.Json(report, stdout);
                return report.Plan.Windows.Count > 0 ? 1 : 0;
            }

            if (chosen != "powershell")
            {
                await stdout.WriteAsync(PlanWriter.Text(report, markdown: chosen == "markdown"));
                return report.Plan.Windows.Count > 0 ? 1 : 0;
            }

            var target = parse.GetValue(output);
            foreach (var side in (PlanSide[])[PlanSide.ExchangeServer, PlanSide.ExchangeOnline])
            {
                if (PlanWriter.PowerShell(report, side, desired.Tenant.InitialDomain?.Value) is not { } script)
                {
                    continue;
                }

                if (target is null)
                {
                    await stdout.WriteAsync(script + "\n");
                    continue;
                }

                var name = Path.Combine(target.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(target.Name)}.{side}.ps1");
                try
                {
                    AtomicFile.WriteAllText(name, script, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"cannot write '{name}': {ex.Message}");
                }

                if (GlobalOptions.VerbosityOf(parse) != Verbosity.Quiet)
                {
                    await stderr.WriteLineAsync($"connectorlint: wrote {name}");
                }
            }

            foreach (var step in report.Plan.Steps.Where(s => s.Side == PlanSide.Manual))
            {
                await stderr.WriteLineAsync($"connectorlint: by hand, at step {report.Plan.Steps.ToList().IndexOf(step) + 1}: {step.Command}");
            }

            foreach (var window in report.Plan.Windows)
            {
                await stderr.WriteLineAsync($"connectorlint: window after step {window.AfterStep} until step {window.UntilStep}: {string.Join(", ", window.Flows)} bounce ({window.Outcome}).");
            }

            return report.Plan.Windows.Count > 0 ? 1 : 0;
        });
        return command;
    }
}
