using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Tests.Rules;

namespace ConnectorLint.Tests.Exchange;

/// <summary>
/// Lint and trace read the same decisions, so where trace predicts a bounce on a canonical flow, lint
/// has an error that names the same enhanced status code. Judged on every shipped example and on every
/// variant a rule test lints (<see cref="RuleFixtureTests.LintAll"/>). A file whose references do not
/// resolve (CL0xx) is not judged: trace has no model of it to walk.
/// </summary>
internal static class LintTraceAgreement
{
    internal static IReadOnlyList<string> Disagreements(string text)
    {
        var loaded = DesiredStateLoader.Load("variant.yaml", text);
        if (loaded.State is null)
        {
            return [];
        }

        var errors = Linter.Lint(loaded, RuleFixtureTests.Settings).Where(f => f.Severity == Severity.Error).ToList();
        if (errors.Any(e => e.RuleId.StartsWith("CL0", StringComparison.Ordinal)))
        {
            return [];
        }

        var result = new List<string>();
        foreach (var flow in CanonicalFlows.Of(new MailFlowSimulator(loaded.State)).Where(f => f.Trace.Outcome.Bounced))
        {
            var code = flow.Trace.Outcome.Ndr!.EnhancedCode;
            if (!errors.Any(e => e.Message.Contains(code, StringComparison.Ordinal)))
            {
                result.Add($"flow '{flow.Name}' bounces {flow.Trace.Outcome.Code} at {flow.Trace.Outcome.RefusingHop}, but no lint error names {code}; errors: [{string.Join("; ", errors.Select(e => $"{e.RuleId} {e.Message}"))}]");
            }
        }

        return result;
    }
}
