using ConnectorLint.Dns;
using ConnectorLint.Drift;
using ConnectorLint.Loading;
using Xunit;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// Every example as an Exchange organization (the stub module), exported by PowerShell itself:
/// tools/Export-MailFlowState.ps1 in both formats, and Export-Clixml of the cmdlets' whole objects as
/// Microsoft's diagnostic scripts save them. All exports are made once, in one pwsh process.
/// </summary>
public sealed class RealExports : IDisposable
{
    public static readonly string[] Formats = ["Json", "CliXml", "Raw"];

    public RealExports()
    {
        var jobs = new List<StubJob>();
        foreach (var example in TestPaths.AllExamples())
        {
            var state = Path.Combine(Folder.Path, "state", Slug(example));
            StubExchange.WriteState(ImportRoundTripTests.Load(example), state);
            foreach (var format in Formats)
            {
                foreach (var side in (string[])["ExchangeOnline", "ExchangeServer"])
                {
                    jobs.Add(new StubJob(state, ExportOf(example, format), side, format == "Raw" ? "CliXml" : format, Raw: format == "Raw"));
                }
            }
        }

        var errors = StubExchange.Run(jobs, Folder.Path);
        Errors = [.. jobs.Zip(errors).Where(p => p.Second is not null).Select(p => $"{p.First.Path} {p.First.Side}: {p.Second}")];
    }

    public TemporaryFolder Folder { get; } = new();

    public IReadOnlyList<string> Errors { get; }

    public string ExportOf(string example, string format) => Path.Combine(Folder.Path, "export", format, Slug(example));

    private static string Slug(string example) => example.Replace('/', '-').Replace(".yaml", "", StringComparison.Ordinal);

    public void Dispose() { if (Environment.GetEnvironmentVariable("KEEP_STUB") is null) Folder.Dispose(); else Console.Error.WriteLine(Folder.Path); }
}

public sealed class RealExportTests(RealExports exports) : IClassFixture<RealExports>
{
    public static TheoryData<string, string> ExamplesAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in TestPaths.AllExamples())
        {
            foreach (var format in RealExports.Formats)
            {
                data.Add(example, format);
            }
        }

        return data;
    }

    [Fact]
    public void PowerShell_exported_every_example_in_every_format()
    {
        Assert.Empty(exports.Errors);
    }

    [Theory]
    [MemberData(nameof(ExamplesAndFormats))]
    public async Task What_PowerShell_exported_imports_back_into_the_example_with_no_drift(string example, string format)
    {
        var original = ImportRoundTripTests.Load(example);
        var folder = exports.ExportOf(example, format);
        var zone = ZoneFile.Parse("example.zone", ExportShapes.ZoneFile(original));

        var report = await ImportEngine.RunAsync(new ImportRequest(folder) { Dns = zone });

        Assert.Empty(new ConfigDriftChecker(report.State, report.Result, folder).Check(original).Select(d => $"{d.Span.Line}: {d.Message}"));
        var loaded = DesiredStateLoader.Load("imported.yaml", report.Yaml);
        Assert.Empty(loaded.Problems.Select(p => p.Message));
    }

    /// <summary>
    /// The imported file raises no finding the example does not: Exchange's built-in connectors, the
    /// Microsoft-managed domains and the values only a real export holds are not mistakes.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExamplesAndFormats))]
    public async Task What_PowerShell_exported_lints_without_a_finding_the_example_does_not_have(string example, string format)
    {
        var original = ImportRoundTripTests.Load(example);
        var folder = exports.ExportOf(example, format);
        var report = await ImportEngine.RunAsync(new ImportRequest(folder) { Dns = ZoneFile.Parse("example.zone", ExportShapes.ZoneFile(original)) });
        var settings = new ConnectorLint.Rules.LintSettings { Today = new DateOnly(2026, 12, 7) };

        var expected = Linter.Lint(DesiredStateLoader.LoadFile(TestPaths.Example(example)), settings).Select(f => f.RuleId).ToHashSet();
        var found = Linter.Lint(DesiredStateLoader.Load("imported.yaml", report.Yaml), settings);

        Assert.Empty(found.Where(f => !expected.Contains(f.RuleId)).Select(f => $"{f.RuleId} {f.Span.Line}: {f.Message}"));
    }
}
