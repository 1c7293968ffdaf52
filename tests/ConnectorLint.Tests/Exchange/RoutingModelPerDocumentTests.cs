using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>One routing model per document: rules, trace, review, plan and graph read the same decisions, computed once.</summary>
public class RoutingModelPerDocumentTests
{
    [Fact]
    public void EveryReaderOfADocumentGetsItsOneModel()
    {
        var document = DesiredStateLoader.Load("org.yaml", File.ReadAllText(TestPaths.Example("contoso-hybrid.yaml")));
        var state = document.State!;
        var context = new RuleContext(document, new LintSettings());

        Assert.Same(MailFlowTopology.Of(state), MailFlowTopology.Of(state));
        Assert.Same(MailFlowSimulator.Of(state), context.Simulator);
        Assert.Same(MailFlowTopology.Of(state), context.Topology);
        Assert.Same(context.Topology, context.Simulator.Topology);
        Assert.Same(MailFlowSimulator.Of(state).CanonicalFlows, MailFlowSimulator.Of(state).CanonicalFlows);
    }

    [Fact]
    public void AnotherDocumentHasItsOwn()
    {
        var text = File.ReadAllText(TestPaths.Example("contoso-hybrid.yaml"));
        var one = DesiredStateLoader.Load("org.yaml", text).State!;
        var other = DesiredStateLoader.Load("org.yaml", text).State!;

        Assert.NotSame(MailFlowSimulator.Of(one), MailFlowSimulator.Of(other));
        Assert.NotSame(MailFlowTopology.Of(one), MailFlowTopology.Of(other));
        Assert.Equal(MailFlowSimulator.Of(one).CanonicalFlows.Select(f => f.Name), MailFlowSimulator.Of(other).CanonicalFlows.Select(f => f.Name));
    }
}
