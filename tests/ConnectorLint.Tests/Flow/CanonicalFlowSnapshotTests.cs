using System.Text;
using ConnectorLint.Cli;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Tests.Flow;

/// <summary>
/// Every canonical flow of every shipped example, as `trace` prints it (each hop's decision and the
/// outcome), and every finding of every example, as `lint` words it: the routing model's and the
/// rules' words are what an admin acts on, so a change to any of them shows here.
/// </summary>
public class CanonicalFlowSnapshotTests
{
    [Fact]
    public void EveryExamplesCanonicalFlows()
    {
        var text = new StringBuilder();
        foreach (var example in TestPaths.AllExamples())
        {
            var state = DesiredStateLoader.Load(example, TestPaths.ExampleText(example)).State!;
            text.Append("# ").Append(example).Append('\n');
            foreach (var flow in CanonicalFlows.Of(new MailFlowSimulator(state)))
            {
                var trace = new StringWriter();
                TraceCommand.WriteText(trace, flow.Trace);
                text.Append("## ").Append(flow.Name).Append('\n').Append(trace.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
            }
        }

        WholeOutputSnapshot.Match(text.ToString());
    }

    [Fact]
    public void EveryExamplesFindings()
    {
        var text = new StringBuilder();
        foreach (var example in TestPaths.AllExamples())
        {
            text.Append("# ").Append(example).Append('\n');
            foreach (var finding in Linter.Lint(DesiredStateLoader.Load(example, TestPaths.ExampleText(example)), ConnectorLint.Tests.Rules.RuleFixtureTests.Settings))
            {
                text.Append($"{finding.Span.Line}:{finding.Span.Column} {finding.Severity} {finding.RuleId}: {finding.Message}\n");
            }
        }

        WholeOutputSnapshot.Match(text.ToString());
    }
}
