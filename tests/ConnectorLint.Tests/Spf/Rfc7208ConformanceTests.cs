using System.Net;
using ConnectorLint.Spf;
using Xunit.Abstractions;

namespace ConnectorLint.Tests.Spf;

/// <summary>The whole RFC 7208 test suite, every case, against the in-memory resolver.</summary>
public class Rfc7208ConformanceTests(ITestOutputHelper output)
{
    /// <summary>Explanations in the suite are compared for these results; DEFAULT accepts any default text.</summary>
    internal static async Task<(bool Pass, string Detail)> RunCase(SuiteScenario scenario, SuiteCase test)
    {
        var evaluator = new SpfEvaluator(scenario.Dns);
        var evaluation = await evaluator.CheckMailFromAsync(IPAddress.Parse(test.Host), test.MailFrom, test.Helo);
        var result = evaluation.ResultName;
        var resultOk = test.Results.Contains(result);
        var explanationOk = test.Explanation is null || test.Explanation == "DEFAULT" || result != "fail"
            || evaluation.Explanation == test.Explanation;
        var detail = $"{test}: expected {string.Join("|", test.Results)}{(test.Explanation is null ? "" : $" ({test.Explanation})")}, got {result}"
            + $"{(evaluation.Explanation is null ? "" : $" ({evaluation.Explanation})")}{(evaluation.Problem is null ? "" : $" [{evaluation.Problem}]")}";
        return (resultOk && explanationOk, detail);
    }

    [Theory]
    [MemberData(nameof(Rfc7208Suite.CaseNames), MemberType = typeof(Rfc7208Suite))]
    public async Task Case(string scenario, string name)
    {
        var (s, test) = Rfc7208Suite.Find(scenario, name);
        var (pass, detail) = await RunCase(s, test);
        Assert.True(pass, detail);
    }

    [Fact]
    public async Task WholeSuite()
    {
        var failures = new List<string>();
        var total = 0;
        foreach (var scenario in Rfc7208Suite.Scenarios)
        {
            foreach (var test in scenario.Cases)
            {
                total++;
                var (pass, detail) = await RunCase(scenario, test);
                if (!pass)
                {
                    failures.Add(detail);
                }
            }
        }

        output.WriteLine($"RFC 7208 suite: {total - failures.Count} of {total} cases pass");
        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.Equal(16, Rfc7208Suite.Scenarios.Count);
        Assert.Equal(203, total);
        Assert.Empty(failures);
    }
}
