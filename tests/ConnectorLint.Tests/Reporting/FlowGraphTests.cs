using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Reporting;
using ConnectorLint.Tests.Cli;
using Snapshooter.Xunit;

namespace ConnectorLint.Tests.Reporting;

/// <summary>The diagrams: mermaid and dot of one state, one trace, and the links of the review summary.</summary>
public class FlowGraphTests
{
    [Fact]
    public void GraphMermaid() => Snapshot.Match(CliRunner.Run("graph", TestPaths.Example("renewed-certificate.yaml")).Stdout);

    [Fact]
    public void GraphDot() => Snapshot.Match(CliRunner.Run("graph", TestPaths.Example("topologies/f-domains-and-partners.yaml"), "--format", "dot").Stdout);

    [Fact]
    public void TraceMermaid() => Snapshot.Match(CliRunner.Run("trace", TestPaths.Example("renewed-certificate.yaml"), "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com", "--format", "mermaid").Stdout);

    [Fact]
    public void EveryBouncedFlowIsMarkedAtTheConnectorThatRefusesIt()
    {
        var state = DesiredStateLoader.Load("t.yaml", TestPaths.ExampleText("renewed-certificate.yaml")).State!;
        var flows = CanonicalFlows.Of(new MailFlowSimulator(state));
        var graph = FlowGraph.Of(flows);
        var marked = FlowGraphWriter.Bounces(graph, flows);
        var step = Assert.Single(marked.Keys);
        Assert.Equal("inbound connector 'From on-premises'", graph.Nodes.Single(n => n.Id == step.To).Label);
        Assert.Equal("send connector 'Outbound to Office 365'", graph.Nodes.Single(n => n.Id == step.From).Label);
        Assert.Equal("550 5.7.64 TenantAttribution; Relay Access Denied", marked[step]);
        Assert.Equal(flows.Where(f => !f.Trace.Outcome.Delivered).Select(f => f.Name).Order(), step.Flows.Order());
    }

    [Fact]
    public void DotEscapesQuotesAndBackslashes()
    {
        var graph = new FlowGraph([new FlowGraphNode("n0", "a \"quoted\" \\ name\n", FlowZone.Outside)], []);
        Assert.Contains("n0 [label=\"a \\\"quoted\\\" \\\\ name\"];", FlowGraphWriter.Dot(graph), StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewLocationsLinkToTheHeadCommitWhenGitHubSaysWhich()
    {
        var review = ReviewEngine.Run(new ReviewRequest([TestPaths.Example("renewed-certificate.yaml")], TestPaths.Example("contoso-hybrid.yaml")));
        var markdown = new StringWriter();
        ReviewWriter.WriteMarkdown(review, new SourceLinks("https://github.com/contoso/mailflow/blob/0123abc/", TestPaths.RepositoryRoot), markdown);
        Assert.Contains("[`examples/renewed-certificate.yaml:81`](https://github.com/contoso/mailflow/blob/0123abc/examples/renewed-certificate.yaml#L81)", markdown.ToString(), StringComparison.Ordinal);

        var plain = new StringWriter();
        ReviewWriter.WriteMarkdown(review, new SourceLinks(null, TestPaths.RepositoryRoot), plain);
        Assert.Contains("at `examples/renewed-certificate.yaml:81`:", plain.ToString(), StringComparison.Ordinal);
    }
}
