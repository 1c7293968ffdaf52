using ConnectorLint.Diagnostics;
using System.CommandLine;
using System.Net;
using ConnectorLint.Exchange;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;

namespace ConnectorLint.Cli;

internal static class TraceCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "The desired-state file." };
        var from = new Option<string?>("--from") { Description = "MAIL FROM address (default: the sender's mailFrom)." };
        var to = new Option<string>("--to") { Description = "RCPT TO address.", Required = true };
        var sender = new Option<string?>("--sender") { Description = "Trace as this entry of senders (its address, host, port, authentication)." };
        var client = new Option<string?>("--client") { Description = "The client's IP address." };
        var host = new Option<string?>("--host") { Description = "The host name the client connects to." };
        var port = new Option<int?>("--port") { Description = "The port it connects to (default 25, 587 for smtp.office365.com)." };
        var auth = new Option<bool>("--auth") { Description = "The client authenticates (SMTP AUTH)." };
        var startTls = new Option<bool>("--starttls") { Description = "The client issues STARTTLS." };
        var certificate = new Option<string?>("--certificate") { Description = "The name on the certificate the client presents over STARTTLS (a partner's or a relaying device's)." };
        var mailbox = new Option<string?>("--mailbox") { Description = "Trace a message a mailbox sends: cloud (in Exchange Online) or on-premises; give --from and --to." };
        mailbox.AcceptOnlyFromAmong("cloud", "on-premises");
        var recipientOnPremises = new Option<bool>("--recipient-on-premises") { Description = "With --mailbox cloud: the recipient's mailbox is on premises (hybrid, shared namespace)." };
        var recipientElsewhere = new Option<bool>("--recipient-elsewhere") { Description = "With --mailbox cloud: the recipient lives in the other system of a shared namespace (acceptedDomains[].recipientsElsewhere)." };
        var server = new Option<string?>("--server") { Description = "With --mailbox on-premises: the server the message leaves from (default: the first Mailbox server of the file)." };
        var format = new Option<string>("--format", "-f") { Description = "text, json, or mermaid (the message's path as a diagram).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "mermaid");

        var command = new Command("trace", "Walk a message through the organization hop by hop and predict the bounce it would get.")
        {
            file, from, to, sender, mailbox, recipientOnPremises, recipientElsewhere, server, client, host, port, auth, startTls, certificate, format,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var state = Workspace.LoadState(path);
            var simulator = MailFlowSimulator.Of(state);
            FlowMessage message;
            if (parse.GetValue(mailbox) is { } origin)
            {
                var mailboxFrom = parse.GetValue(from) ?? throw new UsageException("--from is required with --mailbox.");
                if (parse.GetValue(server) is { } serverName && (origin == "cloud" || simulator.Topology.State.FindServer(serverName) is not { IsEdge: false }))
                {
                    throw new UsageException(origin == "cloud"
                        ? "--server applies to --mailbox on-premises."
                        : $"--server '{serverName}' is not a Mailbox server of the file (servers: {string.Join(", ", simulator.Topology.State.OnPremises?.Servers.Where(s => !s.IsEdge).Select(s => s.Name.Value) ?? [])}).");
                }

                var mailboxTrace = simulator.TraceFromMailbox(origin == "cloud" ? MailboxOrigin.Cloud : MailboxOrigin.OnPremises, mailboxFrom, parse.GetValue(to)!, parse.GetValue(recipientOnPremises), parse.GetValue(server), parse.GetValue(recipientElsewhere));
                return Write(mailboxTrace);
            }

            if (parse.GetValue(sender) is { } senderName)
            {
                var entry = state.Senders.FirstOrDefault(s => s.Name.Value.Equals(senderName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new UsageException($"no sender named '{senderName}' (senders: {string.Join(", ", state.Senders.Select(s => s.Name.Value))}).");
                message = MailFlowSimulator.ForSender(entry, parse.GetValue(to)!);
                if (parse.GetValue(from) is { } mailFrom)
                {
                    message = message with { MailFrom = mailFrom };
                }
            }
            else
            {
                if (parse.GetValue(client) is not { } clientText || !IPAddress.TryParse(clientText, out var address))
                {
                    throw new UsageException("give --sender NAME, or --client IP and --host NAME (an IP address for --client).");
                }

                var hostName = parse.GetValue(host) ?? throw new UsageException("--host is required with --client.");
                var mailFrom = parse.GetValue(from) ?? throw new UsageException("--from is required with --client.");
                var portNumber = parse.GetValue(port) ?? (hostName.Equals(MailFlowSimulator.ClientSubmissionHost, StringComparison.OrdinalIgnoreCase) ? 587 : 25);
                message = new FlowMessage(address, hostName, portNumber, parse.GetValue(auth), parse.GetValue(startTls), mailFrom, parse.GetValue(to)!, parse.GetValue(certificate));
            }

            return Write(simulator.Trace(message));

            int Write(FlowTrace trace)
            {
                if (parse.GetValue(format) == "json")
                {
                    WriteJson(stdout, trace);
                }
                else if (parse.GetValue(format) == "mermaid")
                {
                    var origin = trace.Message.Origin switch
                    {
                        MailboxOrigin.Cloud => "cloud mailbox " + trace.Message.MailFrom,
                        MailboxOrigin.OnPremises => "on-premises mailbox " + trace.Message.MailFrom,
                        _ => $"client {trace.Message.Client} ({trace.Message.MailFrom})",
                    };
                    var flow = new CanonicalFlow($"{origin} -> {trace.Message.RcptTo}", trace);
                    var graph = FlowGraph.Of([flow]);
                    stdout.Write(FlowGraphWriter.Mermaid(graph, FlowGraphWriter.Bounces(graph, [flow])));
                }
                else
                {
                    WriteText(stdout, trace);
                }

                return trace.Outcome.Bounced ? CommandLineApp.FindingsExit : CommandLineApp.Clean;
            }
        });
        return command;
    }

    internal static void WriteText(TextWriter output, FlowTrace trace)
    {
        static string P(string? text) => PrintableText.Escape(text ?? "");
        var m = trace.Message;
        output.WriteLine($"trace: {P(m.MailFrom)} -> {P(m.RcptTo)}");
        output.WriteLine(m.Origin switch
        {
            MailboxOrigin.Cloud => "  from a mailbox in Exchange Online",
            MailboxOrigin.OnPremises => $"  from a mailbox on premises ({P(m.Host)})",
            _ => $"  client {m.Client} -> {P(m.Host)}:{m.Port}, {(m.Authenticated ? "authenticated" : "anonymous")}, {(m.StartTls ? "STARTTLS" : "no STARTTLS")}",
        });
        var step = 1;
        foreach (var hop in trace.Hops)
        {
            var where = hop.Location is { } span ? $" ({P(span.File)}:{span.Line}:{span.Column})" : "";
            output.WriteLine($"  {step++}. {P(hop.Stage.Label())}: {P(hop.Decider)}{where}");
            output.WriteLine($"     {P(hop.Decision)}");
        }

        output.WriteLine(trace.Outcome.Delivered ? $"outcome: {P(trace.Outcome.Text)}"
            : trace.Outcome.LeftTo is not null ? $"outcome: outside: {P(trace.Outcome.Text)}"
            : $"outcome: bounce {trace.Outcome.Code} {P(trace.Outcome.Text)} (at {P(trace.Outcome.RefusingHop)})");
        if (trace.Outcome.Ndr?.Article is { } article)
        {
            output.WriteLine($"  Microsoft's article: {article.Title} ({article.Url})");
        }
    }

    internal static void WriteJson(TextWriter output, FlowTrace trace) => IndentedJson.Write(output, json =>
    {
        var m = trace.Message;
        json.WriteStartObject();
        json.WriteStartObject("message");
        if (m.Origin is { } origin)
        {
            json.WriteString("origin", origin == MailboxOrigin.Cloud ? "cloud" : "on-premises");
        }

        json.WriteString("client", m.Client.ToString());
        json.WriteString("host", m.Host);
        json.WriteNumber("port", m.Port);
        json.WriteBoolean("authenticated", m.Authenticated);
        json.WriteBoolean("startTls", m.StartTls);
        json.WriteString("mailFrom", m.MailFrom);
        json.WriteString("rcptTo", m.RcptTo);
        json.WriteEndObject();
        json.WriteStartArray("hops");
        foreach (var hop in trace.Hops)
        {
            json.WriteStartObject();
            json.WriteString("stage", hop.Stage.Label());
            json.WriteString("decider", hop.Decider);
            if (hop.Location is { } span)
            {
                json.WriteStartObject("location");
                json.WriteString("file", span.File);
                json.WriteNumber("line", span.Line);
                json.WriteNumber("column", span.Column);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("location");
            }

            json.WriteString("decision", hop.Decision);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("outcome");
        json.WriteString("outcome", trace.Outcome.Kind);
        json.WriteBoolean("delivered", trace.Outcome.Delivered);
        json.WriteString("leftTo", trace.Outcome.LeftTo);
        json.WriteString("code", trace.Outcome.Code);
        json.WriteString("text", trace.Outcome.Text);
        json.WriteString("hop", trace.Outcome.RefusingHop);
        if (trace.Outcome.Ndr?.Article is { } article)
        {
            json.WriteStartObject("article");
            json.WriteString("title", article.Title);
            json.WriteString("url", article.Url);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("article");
        }

        json.WriteEndObject();
        json.WriteEndObject();
    });
}
