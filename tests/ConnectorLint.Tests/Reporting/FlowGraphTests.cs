using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Reporting;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Reporting;

/// <summary>The diagrams: mermaid and dot of one state, one trace, and the links of the review summary.</summary>
public class FlowGraphTests
{
    [Fact]
    public void GraphMermaid() => WholeOutputSnapshot.Match(CliRunner.Run("graph", TestPaths.Example("renewed-certificate.yaml")).Stdout);

    [Fact]
    public void GraphDot() => WholeOutputSnapshot.Match(CliRunner.Run("graph", TestPaths.Example("topologies/f-domains-and-partners.yaml"), "--format", "dot").Stdout);

    [Fact]
    public void TraceMermaid() => WholeOutputSnapshot.Match(CliRunner.Run("trace", TestPaths.Example("renewed-certificate.yaml"), "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com", "--format", "mermaid").Stdout);

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
    public void EachDeciderIsDrawnWhereItLives()
    {
        var text = ConnectorLint.Tests.Rules.RuleFixtureTests.Variant(("  cloud: commercial\n", "  cloud: commercial\n  rejectDirectSend: true\n  smtpClientAuthenticationDisabled: true\n"));
        var simulator = new MailFlowSimulator(DesiredStateLoader.Load("t.yaml", text).State!);
        var graph = FlowGraph.Of(CanonicalFlows.Of(simulator));
        FlowZone ZoneOf(string label) => graph.Nodes.Single(n => n.Label == label).Zone;

        // The tenant's own settings decide AUTH and MAIL FROM in Exchange Online; the receive
        // connector decides RCPT TO on premises; the smart host and the recipient are outside.
        Assert.Equal(FlowZone.ExchangeOnline, ZoneOf("transport config"));
        Assert.Equal(FlowZone.ExchangeOnline, ZoneOf("organization config"));
        Assert.Equal(FlowZone.ExchangeOnline, ZoneOf("smtp.office365.com"));
        Assert.Equal(FlowZone.ExchangeOnline, ZoneOf("inbound connector 'From on-premises'"));
        Assert.Equal(FlowZone.OnPremises, ZoneOf("receive connector 'Scanner relay'"));
        Assert.Equal(FlowZone.OnPremises, ZoneOf("send connector 'Outbound to Office 365'"));
        Assert.Equal(FlowZone.OnPremises, ZoneOf("on-premises mailbox"));
        Assert.Equal(FlowZone.ExchangeOnline, ZoneOf("cloud mailbox"));
        Assert.Equal(FlowZone.Outside, ZoneOf("internet"));
    }

    [Fact]
    public void ABounceAtAConnectorTheGraphDoesNotDrawMarksNoStep()
    {
        // EOP refuses a retired FOPE smart host without a hop of its own.
        var state = DesiredStateLoader.Load("t.yaml", TestPaths.ExampleText("fope-smart-host.yaml")).State!;
        var flows = CanonicalFlows.Of(new MailFlowSimulator(state));
        var graph = FlowGraph.Of(flows);
        var bounced = flows.Where(f => f.Trace.Outcome.RefusingHop == "Exchange Online Protection").ToList();
        Assert.NotEmpty(bounced);
        Assert.All(bounced, f => Assert.Null(graph.RefusingStep(f)));
        Assert.All(flows.Where(f => f.Trace.Outcome.Delivered), f => Assert.Null(graph.RefusingStep(f)));
    }

    [Fact]
    public void DotEscapesQuotesAndBackslashes()
    {
        var graph = new FlowGraph([new FlowGraphNode("n0", "a \"quoted\" \\ name\nnext\u202E", FlowZone.Outside)], []);
        Assert.Contains("n0 [label=\"a \\\"quoted\\\" \\\\ name next\\\\u202E\"];", FlowGraphWriter.Dot(graph), StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewLocationsLinkToTheHeadCommitWhenGitHubSaysWhich()
    {
        var review = ReviewEngine.Run(new ReviewRequest([TestPaths.Example("renewed-certificate.yaml")], TestPaths.Example("contoso-hybrid.yaml")));
        var markdown = new StringWriter();
        var line = TestPaths.ExampleLine("renewed-certificate.yaml", "tlsSenderCertificateName: mail.contoso.com");
        ReviewWriter.WriteMarkdown(review, new SourceLinks("https://github.com/contoso/mailflow/blob/0123abc/", TestPaths.RepositoryRoot), markdown);
        Assert.Contains($"[`examples/renewed-certificate.yaml:{line}`](https://github.com/contoso/mailflow/blob/0123abc/examples/renewed-certificate.yaml#L{line})", markdown.ToString(), StringComparison.Ordinal);

        var plain = new StringWriter();
        ReviewWriter.WriteMarkdown(review, new SourceLinks(null, TestPaths.RepositoryRoot), plain);
        Assert.Contains($"at `examples/renewed-certificate.yaml:{line}`:", plain.ToString(), StringComparison.Ordinal);
    }
}
