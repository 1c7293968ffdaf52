using System.CommandLine;
using System.Diagnostics;
using ConnectorLint.Dns;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

internal static class DriftCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Desired-state files, or folders to search for them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many DNS queries may be in flight at once.",
            DefaultValueFactory = _ => DnsSession.DefaultConcurrency,
        };
        var internalServers = new Option<string[]>("--internal-dns-server")
        {
            Description = "The organization's own DNS server, HOST or HOST:PORT (repeatable), for names only it knows (.local, one label); without it they are unknown.",
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml (rules turned off, severities).",
        };
        var output = new OutputOptions { Diagnostics = stderr, Config = config };
        var exchangeExport = new Option<DirectoryInfo?>("--exchange-export")
        {
            Description = "Also compare each file with Exchange's configuration, from the folder tools/Export-MailFlowState.ps1 wrote (config drift, CL6xx).",
        };
        var skipDns = new Option<bool>("--skip-dns")
        {
            Description = "With --exchange-export: compare with the exports only, ask no DNS server.",
        };
        var dnsOptions = new DnsOptions();
        var command = new Command("drift", "Compare desired-state files with what DNS answers (MX, SPF, DMARC, host addresses, check_host of egress addresses) and, with --exchange-export, with Exchange's configuration.") { paths, concurrency, internalServers, config, exchangeExport, skipDns };
        dnsOptions.AddTo(command);
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(concurrency) is < 1 or > 10_000)
            {
                throw new UsageException("--concurrency must be from 1 to 10000.");
            }

            var export = parse.GetValue(exchangeExport);
            var dnsToo = !parse.GetValue(skipDns);
            if (!dnsToo && export is null)
            {
                throw new UsageException("--skip-dns leaves nothing to compare without --exchange-export.");
            }

            var concurrent = parse.GetValue(concurrency);
            var dns = new DnsSources(
                new DnsSession(dnsOptions.CreateResolver(parse), concurrent),
                parse.GetValue(internalServers) is { Length: > 0 } servers ? new DnsSession(dnsOptions.CreateResolver(parse, servers), concurrent) : null);
            var request = new LintRequest(parse.GetValue(paths)!)
            {
                Checks = (dnsToo ? Checks.Drift : 0) | (export is null ? 0 : Checks.ExchangeExport),
                ConfigFile = parse.GetValue(config)?.FullName,
                Dns = dns,
                ExchangeExport = export?.FullName,
            };
            LintReport report;
            using (Progress.Start(stderr, dns.Public, GlobalOptions.VerbosityOf(parse) != Verbosity.Quiet, GlobalOptions.UseColor(parse, outputIsTerminal: !Console.IsErrorRedirected)))
            {
                report = await output.RunAsync(parse, () => LintEngine.RunAsync(request, cancellationToken), stdout, "ConnectorLint drift");
            }

            var plan = report.Plan;
            if (plan is { NoServerAnswered: true })
            {
                // One message says it; a CL508 for every record would only bury it.
                var lookupFailed = Rules.DriftRules.LookupFailed.Descriptor.Id;
                report = report with { Findings = [.. report.Findings.Where(f => f.RuleId != lookupFailed)] };
            }

            output.Emit(parse, report, stdout, "ConnectorLint drift");
            if (plan is { NoServerAnswered: true })
            {
                await stderr.WriteLineAsync($"connectorlint: error: no DNS server answered ({plan.Queries} queries, all failed); nothing could be compared.");
                return CommandLineApp.ToolFailure;
            }

            return OutputOptions.ExitCode(report, parse.GetValue(output.FailOn));
        });
        return command;
    }

    /// <summary>A progress line on a terminal for runs over two seconds; never in CI logs or redirected output.</summary>
    private sealed class Progress : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task? task;

        private Progress(TextWriter stderr, DnsSession counter, bool escapes)
        {
            task = Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                var shown = 0;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(250, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    if (clock.Elapsed > TimeSpan.FromSeconds(2))
                    {
                        var line = $"\rdrift: {counter.Completed}/{counter.Queries} DNS queries answered, {counter.Failures} failed ";
                        stderr.Write(line);
                        shown = Math.Max(shown, line.Length);
                    }
                }

                if (shown > 0)
                {
                    stderr.Write(escapes ? "\r\u001b[K" : "\r" + new string(' ', shown) + "\r");
                }
            });
        }

        /// <param name="escapes">Whether the terminal takes ANSI sequences; without them the line is blanked with spaces.</param>
        public static Progress Start(TextWriter stderr, DnsSession counter, bool wanted, bool escapes)
        {
            var interactive = wanted && !Console.IsErrorRedirected && !Console.IsOutputRedirected
                && Environment.GetEnvironmentVariable("CI") is null && Environment.GetEnvironmentVariable("GITHUB_ACTIONS") is null
                && stderr is ProcessStreamWriter;
            return interactive ? new Progress(stderr, counter, escapes) : new Progress();
        }

        private Progress() => stop.Cancel();

        public void Dispose()
        {
            if (!stop.IsCancellationRequested)
            {
                stop.Cancel();
                task?.Wait(TimeSpan.FromSeconds(1));
            }
        }
    }
}
