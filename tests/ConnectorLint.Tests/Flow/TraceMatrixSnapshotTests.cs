using System.Net;
using System.Text;
using ConnectorLint.Cli;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using Snapshooter;
using Xunit;

namespace ConnectorLint.Tests.Flow;

/// <summary>
/// The routing model's decisions off the canonical paths, for every example: each sender with its
/// authentication, STARTTLS and host changed; clients connecting to each server on ports 25 and 587,
/// from inside and from the internet, with and without authentication and TLS; mailboxes on both
/// sides writing inside, outside and to on-premises mailboxes. Each trace is pinned as `trace` prints
/// it, so a changed decision or a changed word in any hop shows here.
/// </summary>
public class TraceMatrixSnapshotTests
{
    public static TheoryData<string> Examples() => [.. TestPaths.AllExamples()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryExamplesTraceMatrix(string example)
    {
        var state = DesiredStateLoader.Load(example, TestPaths.ExampleText(example)).State!;
        var simulator = new MailFlowSimulator(state);
        var text = new StringBuilder();
        void Write(string scenario, FlowTrace trace)
        {
            var output = new StringWriter();
            TraceCommand.WriteText(output, trace);
            text.Append("## ").Append(scenario).Append('\n').Append(output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        }

        var internalRecipient = simulator.InternalRecipient;
        var domain = DomainPattern.DomainOf(internalRecipient);
        foreach (var sender in state.Senders)
        {
            foreach (var recipient in new[] { internalRecipient, MailFlowSimulator.ExternalRecipient })
            {
                var message = MailFlowSimulator.ForSender(sender, recipient);
                Write($"sender '{sender.Name.Value}' to {recipient}", simulator.Trace(message));
                Write($"sender '{sender.Name.Value}' to {recipient}, authentication flipped", simulator.Trace(message with { Authenticated = !message.Authenticated }));
                Write($"sender '{sender.Name.Value}' to {recipient}, STARTTLS flipped", simulator.Trace(message with { StartTls = !message.StartTls }));
                var defaults = MailFlowSimulator.ForSender(sender with { Host = null, Port = null }, recipient);
                Write($"sender '{sender.Name.Value}' to {recipient}, no host or port given", simulator.Trace(defaults));
            }
        }

        var hosts = (state.OnPremises?.Servers.Select(s => s.Fqdn.Value) ?? []).Append("smtp.unknown.example");
        foreach (var host in hosts)
        {
            foreach (var client in new[] { "10.20.0.40", "198.51.100.7" })
            {
                foreach (var port in new[] { 25, 587 })
                {
                    foreach (var (auth, tls) in new[] { (false, false), (false, true), (true, true) })
                    {
                        var message = new FlowMessage(IPAddress.Parse(client), host, port, auth, tls, $"app@{domain}", MailFlowSimulator.ExternalRecipient);
                        Write($"client {client} to {host}:{port}, {(auth ? "authenticated" : "anonymous")}, {(tls ? "STARTTLS" : "no TLS")}", simulator.Trace(message));
                    }
                }
            }
        }

        foreach (var origin in new[] { MailboxOrigin.Cloud, MailboxOrigin.OnPremises })
        {
            Write($"{origin} mailbox to {internalRecipient}", simulator.TraceFromMailbox(origin, $"user@{domain}", internalRecipient));
            Write($"{origin} mailbox to {internalRecipient} on premises", simulator.TraceFromMailbox(origin, $"user@{domain}", internalRecipient, recipientOnPremises: true));
            Write($"{origin} mailbox to {MailFlowSimulator.ExternalRecipient}", simulator.TraceFromMailbox(origin, $"user@{domain}", MailFlowSimulator.ExternalRecipient));
            foreach (var partner in state.OutboundConnectors.Where(c => c.ConnectorType.Value == ConnectorType.Partner).SelectMany(c => c.RecipientDomains).Take(1))
            {
                Write($"{origin} mailbox to a partner, user@{partner.Value}", simulator.TraceFromMailbox(origin, $"user@{domain}", $"user@{partner.Value.TrimStart('*', '.')}"));
            }
        }

        WholeOutputSnapshot.Match(text.ToString(), SnapshotNameExtension.Create(example.Replace('/', '-')));
    }
}
