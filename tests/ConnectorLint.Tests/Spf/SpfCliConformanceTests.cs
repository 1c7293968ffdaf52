using System.Text.Json;
using ConnectorLint.Tests.Cli;
using Xunit.Abstractions;

namespace ConnectorLint.Tests.Spf;

/// <summary>`connectorlint spf check --zone-file` gives the suite's result for every case a zone file can express.</summary>
public class SpfCliConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void SpfCheckAgainstZoneFilesMatchesTheSuite()
    {
        var folder = Directory.CreateTempSubdirectory("connectorlint-spf-");
        try
        {
            var failures = new List<string>();
            var run = 0;
            var skipped = 0;
            var index = 0;
            foreach (var scenario in Rfc7208Suite.Scenarios)
            {
                var zone = Path.Combine(folder.FullName, $"scenario{index++}.zone");
                File.WriteAllText(zone, scenario.ZoneText);
                foreach (var test in scenario.Cases)
                {
                    // A zone file cannot make a server time out; those cases run against the in-memory resolver only.
                    if (Touches(test, Rfc7208Suite.HasTimeout))
                    {
                        skipped++;
                        continue;
                    }

                    run++;
                    var result = CliRunner.Run("spf", "check", "--ip", test.Host, "--sender", test.MailFrom, "--helo", test.Helo, "--zone-file", zone, "--format", "json");
                    if (result.ExitCode != 0)
                    {
                        failures.Add($"{test}: exit {result.ExitCode}: {result.Stderr}");
                        continue;
                    }

                    using var json = JsonDocument.Parse(result.Stdout);
                    var got = json.RootElement.GetProperty("result").GetString()!;
                    if (!test.Results.Contains(got))
                    {
                        failures.Add($"{test}: expected {string.Join("|", test.Results)}, got {got}");
                    }
                }
            }

            output.WriteLine($"spf check with zone files: {run - failures.Count} of {run} cases agree with the suite ({skipped} TIMEOUT cases need a resolver that can time out)");
            foreach (var failure in failures)
            {
                output.WriteLine("FAIL " + failure);
            }

            Assert.Empty(failures);
            Assert.True(run >= 190, $"only {run} cases ran");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A case that expects temperror in a scenario whose data times out needs a resolver that can time out.</summary>
    private static bool Touches(SuiteCase test, HashSet<string> timeoutNames) =>
        test.Results.Contains("temperror")
        && timeoutNames.Any(n => Rfc7208Suite.Scenarios.Single(s => s.Description == test.Scenario).Dns.HasName(n));
}
