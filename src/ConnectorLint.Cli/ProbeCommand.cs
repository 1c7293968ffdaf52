using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnectorLint.Dns;
using ConnectorLint.Probe;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

internal static class ProbeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Desired-state files, or folders to search for them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var hosts = new Option<string[]>("--host")
        {
            Description = "Connect to NAME at ADDRESS (NAME=ADDRESS or NAME=ADDRESS:PORT, repeatable) instead of resolving it: internal names, tunnels, tests.",
        };
        var only = new Option<string[]>("--only")
        {
            Description = "Probe only the endpoints with this host name (repeatable); the rest of the file is left alone.",
        };
        var timeout = new Option<string>("--timeout")
        {
            Description = "How long one server may take, from connect to QUIT (and one DNS answer), e.g. 5s.",
            DefaultValueFactory = _ => "5s",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many servers are probed at once.",
            DefaultValueFactory = _ => ProbeOptions.DefaultConcurrency,
        };
        var trust = new Option<FileInfo[]>("--ca-file")
        {
            Description = "PEM file of root certificates to trust besides the system's, for an internal CA (repeatable).",
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml (rules turned off, severities).",
        };
        var output = new OutputOptions { Diagnostics = stderr, Config = config };
        var dnsOptions = new DnsOptions();
        var command = new Command("probe", "Connect to the SMTP servers the files name (EHLO, STARTTLS, QUIT; never MAIL FROM) and compare the certificates and TLS they present with the files.")
        {
            paths, hosts, only, timeout, concurrency, trust, config,
        };
        dnsOptions.AddTo(command, withTimeout: false);
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(concurrency) is < 1 or > 256)
            {
                throw new UsageException("--concurrency must be from 1 to 256.");
            }

            var wait = DnsOptions.ParseDuration(parse.GetValue(timeout) ?? "5s");
            var options = new ProbeOptions
            {
                Timeout = wait,
                Concurrency = parse.GetValue(concurrency),
                Hosts = ParseHosts(parse.GetValue(hosts) ?? []),
                Only = (parse.GetValue(only) ?? []).Select(Net.CertificateName.Normalize).ToHashSet(StringComparer.Ordinal),
                TrustedRoots = LoadRoots(parse.GetValue(trust) ?? []),
            };
            var request = new LintRequest(parse.GetValue(paths)!)
            {
                Checks = Checks.Probe,
                ConfigFile = parse.GetValue(config)?.FullName,
                Dns = new DnsSources(new DnsSession(dnsOptions.CreateResolver(parse, timeout: wait))),
                Probe = options,
            };
            var report = await output.RunAsync(parse, () => LintEngine.RunAsync(request, cancellationToken), stdout, "ConnectorLint probe");
            output.Emit(parse, report, stdout, "ConnectorLint probe");
            if (report.Failure is null && report.Probe is { Endpoints: 0 } && report.Count(Diagnostics.Severity.Error) == 0)
            {
                await stderr.WriteLineAsync(options.Only.Count > 0
                    ? $"connectorlint: error: no SMTP endpoint of the files is named {string.Join(" or ", options.Only.Order(StringComparer.Ordinal))} (--only); nothing was probed."
                    : "connectorlint: error: the files name no SMTP endpoint (servers, smart hosts); nothing was probed.");
                return CommandLineApp.ToolFailure;
            }

            if (report.Probe is { NothingAnswered: true } summary)
            {
                await stderr.WriteLineAsync($"connectorlint: error: no SMTP server answered ({summary.Endpoints} endpoints, none reachable); nothing could be compared.");
                return CommandLineApp.ToolFailure;
            }

            return OutputOptions.ExitCode(report, parse.GetValue(output.FailOn));
        });
        return command;
    }

    /// <summary>NAME=ADDRESS or NAME=ADDRESS:PORT; an IPv6 address with a port is written [ADDRESS]:PORT.</summary>
    private static Dictionary<string, IPEndPoint> ParseHosts(IEnumerable<string> values)
    {
        var hosts = new Dictionary<string, IPEndPoint>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            var name = eq > 0 ? Net.CertificateName.Normalize(value[..eq]) : "";
            var target = eq > 0 ? value[(eq + 1)..].Trim() : "";
            IPEndPoint? endpoint = IPAddress.TryParse(target, out var address) ? new IPEndPoint(address, 0)
                : IPEndPoint.TryParse(target, out var withPort) && withPort.Port > 0 ? withPort
                : null;
            if (name.Length == 0 || endpoint is null)
            {
                throw new UsageException($"--host '{value}' is not NAME=ADDRESS or NAME=ADDRESS:PORT (for example mail.contoso.com=192.0.2.10 or mail.contoso.com=127.0.0.1:2525).");
            }

            hosts[name] = endpoint;
        }

        return hosts;
    }

    private static X509Certificate2Collection LoadRoots(IEnumerable<FileInfo> files)
    {
        var roots = new X509Certificate2Collection();
        foreach (var file in files)
        {
            try
            {
                roots.ImportFromPemFile(file.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new UsageException($"--ca-file '{file.FullName}': {ex.Message}");
            }
        }

        return roots;
    }
}
