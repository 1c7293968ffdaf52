using System.CommandLine;
using System.Diagnostics;
using ConnectorLint.Dns;
using ConnectorLint.Drift;
using ConnectorLint.Loading;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;

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
            DefaultValueFactory = _ => 64,
        };
        var internalServers = new Option<string[]>("--internal-dns-server")
        {
            Description = "The organization's own DNS server, HOST or HOST:PORT (repeatable), for names only it knows (.local, one label); without it they are unknown.",
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml (rules turned off, severities).",
        };
        var output = new OutputOptions();
        var dnsOptions = new DnsOptions();
        var command = new Command("drift", "Compare desired-state files with what DNS answers (MX, SPF, DMARC, host addresses, check_host of egress addresses).") { paths, concurrency, internalServers, config };
        dnsOptions.AddTo(command);
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(concurrency) is < 1 or > 10_000)
            {
                throw new UsageException("--concurrency must be from 1 to 10000.");
            }

            var files = InputFiles.Discover(parse.GetValue(paths)!);
            var settingsSource = new SettingsSource(new LintSettings(), parse.GetValue(config));

            var counting = new CountingDnsResolver(dnsOptions.CreateResolver(parse), parse.GetValue(concurrency));
            var resolver = new CachingDnsResolver(counting);
            var internalResolver = parse.GetValue(internalServers) is { Length: > 0 } servers
                ? new CachingDnsResolver(new CountingDnsResolver(dnsOptions.CreateResolver(parse, servers), parse.GetValue(concurrency)))
                : null;
            var checker = new DriftChecker(resolver, internalResolver);
            var reportFiles = new List<ReportFile>();
            var findings = new List<Finding>();
            var domains = new List<DomainDrift>();
            using var progress = Progress.Start(stderr, counting);
            foreach (var file in files)
            {
                var document = InputFiles.Load(file);

                reportFiles.Add(new ReportFile(file, document.Lines));
                findings.AddRange(document.Findings);
                if (document.State is { } state)
                {
                    var result = await checker.CheckAsync(state, cancellationToken);
                    findings.AddRange(Linter.Configure(document, result.Findings, settingsSource.For(file)));
                    domains.AddRange(result.Domains);
                }
            }

            progress.Dispose();
            var plan = new DriftPlan(domains, counting.Queries, counting.Failures);
            var report = new LintReport(LintReport.EngineVersion, reportFiles, Finding.Sort(findings), plan);
            output.Emit(parse, report, stdout, "ConnectorLint drift");
            if (plan.NoServerAnswered)
            {
                await stderr.WriteLineAsync($"connectorlint: error: no DNS server answered ({plan.Queries} queries, all failed); nothing could be compared.");
                return CommandLineApp.ToolFailure;
            }

            return OutputOptions.ExitCode(report, parse.GetValue(output.FailOn) ?? "error");
        });
        return command;
    }

    /// <summary>A progress line on a terminal for runs over two seconds; never in CI logs or redirected output.</summary>
    private sealed class Progress : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task? task;

        private Progress(TextWriter stderr, CountingDnsResolver counter)
        {
            task = Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                var shown = false;
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
                        stderr.Write($"\rdrift: {counter.Completed}/{counter.Queries} DNS queries answered, {counter.Failures} failed ");
                        shown = true;
                    }
                }

                if (shown)
                {
                    stderr.Write("\r\u001b[K");
                }
            });
        }

        public static IDisposable Start(TextWriter stderr, CountingDnsResolver counter)
        {
            var interactive = !Console.IsErrorRedirected && !Console.IsOutputRedirected
                && Environment.GetEnvironmentVariable("CI") is null && Environment.GetEnvironmentVariable("GITHUB_ACTIONS") is null
                && ReferenceEquals(stderr, Console.Error);
            return interactive ? new Progress(stderr, counter) : new Progress();
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
