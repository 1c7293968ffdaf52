using System.CommandLine;
using ConnectorLint.Exchange;
using ConnectorLint.Reporting;

namespace ConnectorLint.Cli;

internal static class GraphCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<FileInfo>("file") { Description = "A desired-state file." };
        var format = new Option<string>("--format", "-f") { Description = "mermaid (default) or dot.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Draw the organization's mail flow: the canonical flows as the routing model traces them, bounces in red with their NDR.") { file, format };
        command.SetAction(parse =>
        {
            var state = Workspace.LoadState(parse.GetValue(file)!.FullName);
            var flows = MailFlowSimulator.Of(state).CanonicalFlows;
            var graph = FlowGraph.Of(flows);
            var bounces = FlowGraphWriter.Bounces(graph, flows);
            stdout.Write(parse.GetValue(format) == "dot" ? FlowGraphWriter.Dot(graph, bounces) : FlowGraphWriter.Mermaid(graph, bounces));
            return CommandLineApp.Clean;
        });
        return command;
    }
}
