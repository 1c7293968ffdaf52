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

    public void Dispose() => Folder.Dispose();
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

    /// <summary>A re-import that keeps the current file gives back what no export holds (egress addresses, senders, certificate names).</summary>
    [Theory]
    [MemberData(nameof(ExamplesAndFormats))]
    public async Task A_reimport_that_keeps_the_file_gives_back_all_of_it(string example, string format)
    {
        var original = ImportRoundTripTests.Load(example);
        var folder = exports.ExportOf(example, format);

        var report = await ImportEngine.RunAsync(new ImportRequest(folder) { KeepFile = TestPaths.Example(example) });

        Assert.Empty(new ConfigDriftChecker(report.State, report.Result, folder).Check(original).Select(d => $"{d.Span.Line}: {d.Message}"));
        var expected = ImportRoundTripTests.Dump(original);
        var imported = ImportRoundTripTests.Dump(report.State);
        Assert.Empty(expected.Except(imported));

        // Beside the example, only what every tenant has: its Microsoft-managed domains.
        Assert.All(imported.Except(expected), extra => Assert.Matches(@"^domain [a-z0-9-]+\.(mail\.)?onmicrosoft\.(com|us) ", extra));
    }

    [Theory]
    [MemberData(nameof(ExamplesAndFormats))]
    public async Task The_imported_file_is_the_same_on_every_run(string example, string format)
    {
        var zone = ZoneFile.Parse("z", ExportShapes.ZoneFile(ImportRoundTripTests.Load(example)));
        var folder = exports.ExportOf(example, format);

        var first = await ImportEngine.RunAsync(new ImportRequest(folder) { Dns = zone });
        var second = await ImportEngine.RunAsync(new ImportRequest(folder) { Dns = zone });

        Assert.Equal(first.Yaml, second.Yaml);
    }
}

/// <summary>CliXml as PowerShell writes it, every primitive and container of MS-PSRP 2.2.5: all read, none fatal.</summary>
public sealed class CliXmlProtocolTests
{
    [Fact]
    public void Every_type_PowerShell_serializes_is_read()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "every.xml");
        var (exitCode, _, error) = PowerShellTool.RunFile(Path.Combine(TestPaths.RepositoryRoot, "tests", "exchange-stub", "Write-EveryCliXmlType.ps1"), "-Path", path);
        Assert.Equal((0, ""), (exitCode, error));
        var text = File.ReadAllText(path);
        foreach (var element in (string[])["S", "C", "B", "DT", "TS", "By", "SB", "U16", "I16", "U32", "I32", "U64", "I64", "Sg", "Db", "D", "BA", "G", "URI", "Version", "XD", "SBK", "SS", "Nil", "Ref", "STK", "QUE", "LST", "IE", "DCT", "MS", "TN", "TNRef"])
        {
            Assert.Contains($"<{element}", text, StringComparison.Ordinal);
        }

        var value = Assert.Single(ConnectorLint.Import.CliXml.Parse(path, File.ReadAllBytes(path)));

        Assert.Equal("text with _x and a tab\there", value.Property("String")!.Text);
        Assert.Equal("a", value.Property("Char")!.Text);
        Assert.Equal("true", value.Property("Boolean")!.Text);
        Assert.Equal(200, value.Property("UByte")!.Number);
        Assert.Equal(-5, value.Property("SByte")!.Number);
        Assert.Equal(65000, value.Property("UInt16")!.Number);
        Assert.Equal(-9000000000, value.Property("Int64")!.Number);
        Assert.Equal("18446744073709551615", value.Property("UInt64")!.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, value.Property("ByteArray")!.Bytes.ToArray());
        Assert.Equal("https://contoso.com/", value.Property("Uri")!.Text);
        Assert.Equal("15.2.1544.4", value.Property("Version")!.Text);
        Assert.True(value.Property("Null")!.IsNull);
        Assert.True(value.Property("Secure")!.IsNull);
        Assert.Equal(["pushed"], value.Property("Stack")!.Items.Select(i => i.Text));
        Assert.Equal(["queued"], value.Property("Queue")!.Items.Select(i => i.Text));
        Assert.Equal(["listed"], value.Property("Same")!.Items.Select(i => i.Text));
        Assert.Equal([1L, 2L], value.Property("Enumerable")!.Items.Select(i => i.Number!.Value));
        Assert.Equal("value", value.Property("Dictionary")!.Property("Key")!.Text);
    }
}
