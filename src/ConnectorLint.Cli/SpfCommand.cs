using ConnectorLint.Diagnostics;
using ConnectorLint.IO;
using System.CommandLine;
using ConnectorLint.Rules;
using System.Net;
using ConnectorLint.Dns;
using ConnectorLint.Reporting;
using ConnectorLint.Spf;

namespace ConnectorLint.Cli;

internal static class SpfCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var spf = new Command("spf", "Evaluate or lint SPF records (RFC 7208).");
        spf.Subcommands.Add(Check(stdout));
        spf.Subcommands.Add(Lint(stdout, stderr));
        return spf;
    }

    private static Command Check(TextWriter stdout)
    {
        var ip = new Option<string?>("--ip") { Description = "The connecting client's address." };
        var sender = new Option<string?>("--sender") { Description = "The MAIL FROM address; empty to check the HELO identity." };
        var batch = new Option<FileInfo?>("--batch")
        {
            Description = "Evaluate every line 'IP SENDER [HELO]' of this file (- for standard input), printing 'RESULT IP SENDER' per line, as spfquery -file does.",
        };
        var helo = new Option<string>("--helo") { Description = "The HELO/EHLO name.", DefaultValueFactory = _ => "unknown" };
        var dnsOptions = new DnsOptions();
        var format = new Option<string>("--format", "-f") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("check", "Run check_host() for a client address and sender, and show how the result was reached.") { ip, sender, helo, format, batch };
        dnsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(batch) is { } batchFile)
            {
                return await RunBatch(batchFile, new DnsSession(dnsOptions.CreateResolver(parse, wholeWorld: true)), stdout, cancellationToken);
            }

            if (parse.GetValue(ip) is null || parse.GetValue(sender) is null)
            {
                throw new UsageException("give --ip and --sender, or --batch FILE.");
            }

            if (!IPAddress.TryParse(parse.GetValue(ip), out var address))
            {
                throw new UsageException($"--ip '{parse.GetValue(ip)}' is not an IP address.");
            }

            var resolver = new DnsSession(dnsOptions.CreateResolver(parse, wholeWorld: true));
            var evaluation = await new SpfEvaluator(resolver).CheckMailFromAsync(address, parse.GetValue(sender) ?? "", parse.GetValue(helo) ?? "unknown", cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                WriteJson(stdout, evaluation);
            }
            else
            {
                stdout.WriteLine($"result: {evaluation.ResultName}");
                if (evaluation.Explanation is not null)
                {
                    stdout.WriteLine($"explanation: {PrintableText.Escape(evaluation.Explanation)}");
                }

                if (evaluation.Problem is not null)
                {
                    stdout.WriteLine($"problem: {PrintableText.Escape(evaluation.Problem)}");
                }

                stdout.WriteLine($"lookups: {evaluation.Lookups} of 10, void lookups: {evaluation.VoidLookups} of 2");
                stdout.WriteLine("chain:");
                foreach (var step in evaluation.Chain)
                {
                    stdout.WriteLine(PrintableText.Escape($"  {new string(' ', step.Depth * 2)}{step.Domain}: {(step.Term.Length == 0 ? "" : step.Term + " ")}-> {step.Outcome}"));
                }
            }

            // Whatever the SPF result, the command did its job.
            return CommandLineApp.Clean;
        });
        return command;
    }

    /// <summary>One evaluation per line, with a per-process DNS cache as spfquery (libspf2's SPF_DNS_CACHE) has.</summary>
    private static async Task<int> RunBatch(FileInfo file, IDnsResolver resolver, TextWriter stdout, CancellationToken cancellationToken)
    {
        TextReader reader;
        try
        {
            // Each line is bounded (a line is an address, a sender and a HELO name), so endless
            // input without line breaks (/dev/zero) ends with an error, not with the memory gone.
            reader = new BoundedLineReader(file.Name == "-" ? Console.In : new StreamReader(file.FullName), file.ToString(), MaxBatchLine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{file}': {ex.Message}");
        }

        using (reader)
        {
            var evaluator = new SpfEvaluator(resolver);
            var number = 0;
            while (ReadBatchLine(reader, file) is { } line)
            {
                number++;
                var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0 || parts[0].StartsWith('#'))
                {
                    continue;
                }

                if (parts.Length < 2 || !IPAddress.TryParse(parts[0], out var address))
                {
                    throw new UsageException($"{file}:{number}: expected 'IP SENDER [HELO]'.");
                }

                var helo = parts.Length > 2 ? parts[2] : "unknown";
                var sender = parts[1] == "-" ? "" : parts[1];
                var evaluation = await evaluator.CheckMailFromAsync(address, sender, helo, cancellationToken);
                await stdout.WriteLineAsync(PrintableText.Escape($"{evaluation.ResultName} {parts[0]} {parts[1]}"));
            }
        }

        return CommandLineApp.Clean;
    }

    /// <summary>An address, a 254-character sender and a 255-character HELO fit with room to spare.</summary>
    private const int MaxBatchLine = 4096;

    private static string? ReadBatchLine(TextReader reader, FileInfo file)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (IOException ex)
        {
            throw new UsageException($"cannot read '{file}': {ex.Message}");
        }
    }

    private static void WriteJson(TextWriter stdout, SpfEvaluation evaluation) => IndentedJson.Write(stdout, json =>
    {
        json.WriteStartObject();
        json.WriteString("result", evaluation.ResultName);
        json.WriteString("explanation", evaluation.Explanation);
        json.WriteString("problem", evaluation.Problem);
        json.WriteNumber("lookups", evaluation.Lookups);
        json.WriteNumber("voidLookups", evaluation.VoidLookups);
        json.WriteStartArray("chain");
        foreach (var step in evaluation.Chain)
        {
            json.WriteStartObject();
            json.WriteNumber("depth", step.Depth);
            json.WriteString("domain", step.Domain);
            json.WriteString("term", step.Term);
            json.WriteString("outcome", step.Outcome);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static Command Lint(TextWriter stdout, TextWriter stderr)
    {
        var record = new Argument<string>("record") { Description = "The SPF record text, e.g. \"v=spf1 mx -all\"." };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml (its rules section turns the SPF record rules off or changes their severity).",
        };
        var output = new OutputOptions { Diagnostics = stderr, Config = config };
        var command = new Command("lint", "Check an SPF record offline: grammar (with the column), lookup count, +all, ptr.") { record, config };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new SpfLintRequest(parse.GetValue(record)!, Environment.CurrentDirectory) { ConfigFile = parse.GetValue(config)?.FullName };
            SpfLintResult? result = null;
            var report = await output.RunAsync(parse, () =>
            {
                result = SpfLintEngine.Run(request);
                return Task.FromResult(result.Report);
            }, stdout);
            output.Emit(parse, report, stdout);
            if (result!.LookupTerms is { } terms && output.WritesTextToStandardOutput(parse) && GlobalOptions.VerbosityOf(parse) != Verbosity.Quiet)
            {
                stdout.WriteLine($"{terms} of {SpfRecordLint.MaxLookupTerms} DNS-querying terms, counted on the record itself (includes are not followed offline).");
            }

            return OutputOptions.ExitCode(report, parse.GetValue(output.FailOn));
        });
        return command;
    }
}

/// <summary>Where DNS answers come from: zone files (offline) or live servers.</summary>
internal sealed class DnsOptions
{
    public Option<string[]> Servers { get; } = new("--dns-server")
    {
        Description = "A DNS server to ask, HOST or HOST:PORT (repeatable). Default: the system resolver.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> ZoneFiles { get; } = new("--zone-file")
    {
        Description = "Answer from this RFC 1035 zone file instead of the network (repeatable). A name no zone file holds is unknown (spf check: does not exist).",
    };

    /// <summary>A run with thousands of names must still end: each query waits at most (retries + 1) x timeout.</summary>
    private const int MaxRetries = 5;

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    public Option<string> Timeout { get; } = new("--timeout")
    {
        Description = "How long to wait for one DNS answer, e.g. 2s or 500ms.",
        DefaultValueFactory = _ => "2s",
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "How often to retry a DNS query that got no answer.",
        DefaultValueFactory = _ => 1,
    };

    /// <param name="withTimeout">False for a command whose own --timeout also bounds its DNS queries (probe).</param>
    public void AddTo(Command command, bool withTimeout = true)
    {
        command.Options.Add(Servers);
        command.Options.Add(ZoneFiles);
        if (withTimeout)
        {
            command.Options.Add(Timeout);
        }

        command.Options.Add(Retries);
    }

    /// <summary>The resolver the options describe; <paramref name="serversOverride"/> asks those servers instead (the internal DNS).</summary>
    /// <param name="timeout">The DNS timeout when the command has no DNS --timeout of its own.</param>
    /// <param name="wholeWorld">The zone files are all of DNS (spf check, as RFC 7208's test suite takes them): a name they do not hold does not exist. Otherwise it is unknown.</param>
    public IDnsResolver CreateResolver(ParseResult parse, IReadOnlyList<string>? serversOverride = null, TimeSpan? timeout = null, bool wholeWorld = false)
    {
        var zones = parse.GetValue(ZoneFiles) ?? [];
        if (zones.Length > 0 && serversOverride is null)
        {
            try
            {
                return ZoneFile.Load(zones, new InMemoryDnsResolver { HeldNamesOnly = !wholeWorld });
            }
            catch (ZoneFileException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        var servers = new List<IPEndPoint>();
        foreach (var text in serversOverride ?? parse.GetValue(Servers) ?? [])
        {
            try
            {
                servers.Add(LiveDnsOptions.ParseServer(text));
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        var retries = parse.GetValue(Retries);
        if (retries is < 0 or > MaxRetries)
        {
            throw new UsageException($"--retries must be from 0 to {MaxRetries}.");
        }

        var options = new LiveDnsOptions
        {
            Servers = servers,
            Timeout = timeout ?? ParseDuration(parse.GetValue(Timeout) ?? "2s"),
            Retries = retries,
        };
        return new LiveDnsResolver(options);
    }

    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var unitMilliseconds = 1000.0;
        if (t.EndsWith("ms", StringComparison.Ordinal))
        {
            t = t[..^2];
            unitMilliseconds = 1;
        }
        else if (t.EndsWith('s'))
        {
            t = t[..^1];
        }

        // Only plain decimal numbers: no NaN, no infinity, no exponent that overflows a TimeSpan.
        if (!double.TryParse(t, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"--timeout '{text}' is not a duration such as 2s or 500ms.");
        }

        var milliseconds = value * unitMilliseconds;
        if (!(milliseconds >= 1 && milliseconds <= MaxTimeout.TotalMilliseconds))
        {
            throw new UsageException($"--timeout '{text}' must be from 1ms to 60s.");
        }

        return TimeSpan.FromMilliseconds(milliseconds);
    }
}
