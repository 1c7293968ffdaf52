using ConnectorLint.IO;
using System.CommandLine;
using System.Text;

namespace ConnectorLint.Cli;

internal static class ImportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<DirectoryInfo>("export")
        {
            Description = "The folder tools/Export-MailFlowState.ps1 wrote (ExchangeOnline/ and ExchangeServer/).",
        };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Write the desired-state file here instead of to standard output.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Overwrite the --output file when it exists.",
        };
        var keep = new Option<FileInfo?>("--keep")
        {
            Description = "The current desired-state file: keep what no export holds (egress addresses, senders, certificate names, and DNS records or verification when not given otherwise).",
        };
        var dnsOptions = new DnsOptions();
        var command = new Command("import", "Write a desired-state file from exports of Exchange Online and Exchange Server, with MX, SPF and DMARC from a zone file or DNS.") { folder, output, force, keep };
        dnsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(output);
            if (target is { Exists: true } && !parse.GetValue(force))
            {
                throw new UsageException($"'{target.FullName}' exists; pass --force to overwrite it.");
            }

            var wantsDns = (parse.GetValue(dnsOptions.ZoneFiles)?.Length ?? 0) > 0 || (parse.GetValue(dnsOptions.Servers)?.Length ?? 0) > 0;
            var report = await ImportEngine.RunAsync(new ImportRequest(parse.GetValue(folder)!.FullName)
            {
                Dns = wantsDns ? dnsOptions.CreateResolver(parse) : null,
                OutputFile = target?.FullName,
                KeepFile = parse.GetValue(keep)?.FullName,
            }, cancellationToken);

            if (target is null)
            {
                await stdout.WriteAsync(report.Yaml);
            }
            else
            {
                try
                {
                    AtomicFile.WriteAllText(target.FullName, report.Yaml, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"cannot write '{target.FullName}': {ex.Message}");
                }
            }

            var state = report.State;
            if (GlobalOptions.VerbosityOf(parse) == Verbosity.Quiet)
            {
                return 0;
            }

            await stderr.WriteLineAsync(
                $"connectorlint: imported {state.AcceptedDomains.Length} accepted domains, {state.SendConnectors.Count()} send and {state.ReceiveConnectors.Count()} receive connectors, "
                + $"{state.InboundConnectors.Count()} inbound and {state.OutboundConnectors.Count()} outbound connectors"
                + (target is null ? "" : $" into {target.Name}")
                + $"; {report.PlacesToFill} commented keys mark what only you can fill in. Then run: connectorlint lint {(target is null ? "FILE" : target.Name)}");
            return 0;
        });
        return command;
    }
}
