using ConnectorLint.Dns;
using ConnectorLint.Drift;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using Xunit;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// Every example, exported in each shape admins produce and imported again with its zone file,
/// gives back the same model: every property of every object, compared by meaning, and the MX, SPF
/// and DMARC of every domain. What no export holds (egress addresses, senders) is left to the admin
/// with a comment, and checked as such.
/// </summary>
public sealed class ImportRoundTripTests
{
    public static TheoryData<string, ExportShape> ExamplesAndShapes()
    {
        var data = new TheoryData<string, ExportShape>();
        foreach (var example in TestPaths.AllExamples())
        {
            foreach (var shape in Enum.GetValues<ExportShape>())
            {
                data.Add(example, shape);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplesAndShapes))]
    public async Task Import_of_an_examples_exports_gives_back_the_example(string example, ExportShape shape)
    {
        var original = Load(example);
        using var folder = new TemporaryFolder();
        ExportShapes.Write(original, folder.Path, shape);
        var zone = ZoneFile.Parse("example.zone", ExportShapes.ZoneFile(original));

        var report = await ImportEngine.RunAsync(new ImportRequest(folder.Path) { Dns = zone });

        var differences = new ConfigDriftChecker(report.State, report.Result, folder.Path).Check(original);
        Assert.Empty(differences.Select(d => $"{d.Span.Line}: {d.Message}"));
        foreach (var domain in original.AcceptedDomains)
        {
            var imported = report.State.FindDomain(domain.DomainName.Value);
            Assert.NotNull(imported);
            Assert.Equal(
                domain.Mx.Select(m => $"{m.Preference.Value} {m.Exchange.Value.TrimEnd('.').ToLowerInvariant()}").Order(),
                imported.Mx.Select(m => $"{m.Preference.Value} {m.Exchange.Value}").Order());
            Assert.Equal(domain.Spf?.Value, imported.Spf?.Value);
            Assert.Equal(domain.Dmarc?.Value, imported.Dmarc?.Value);
        }

        Assert.Equal(original.OnPremises?.Certificates.Length ?? 0, report.State.OnPremises?.Certificates.Length ?? 0);
        Assert.Empty(report.State.Senders);
        Assert.Contains("# senders: the applications and devices", report.Yaml, StringComparison.Ordinal);
        Assert.All(report.State.OnPremises?.Servers ?? [], s => Assert.Empty(s.EgressIPAddresses));
        if (original.OnPremises is { Servers.Length: > 0 })
        {
            Assert.Contains("# egressIPAddresses: [ ] the public address", report.Yaml, StringComparison.Ordinal);
        }
    }

    /// <summary>On a re-import that keeps the current file, what no export holds comes back too: the example itself, up to comments and order.</summary>
    [Theory]
    [MemberData(nameof(ExamplesAndShapes))]
    public async Task A_reimport_that_keeps_the_file_gives_back_all_of_it(string example, ExportShape shape)
    {
        var original = Load(example);
        using var folder = new TemporaryFolder();
        ExportShapes.Write(original, folder.Path, shape);

        var report = await ImportEngine.RunAsync(new ImportRequest(folder.Path) { KeepFile = TestPaths.Example(example) });
        var imported = report.State;

        Assert.Empty(new ConfigDriftChecker(imported, report.Result, folder.Path).Check(original).Select(d => $"{d.Span.Line}: {d.Message}"));
        Assert.Equal(Dump(original), Dump(imported));
        Assert.Equal((original.OnPremises?.Servers.Count(s => s.EgressIPAddresses.IsEmpty) ?? 0) + (original.Senders.IsEmpty ? 1 : 0), report.PlacesToFill);
    }

    /// <summary>What no export holds, and the DNS records, in a form two models can be compared by.</summary>
    internal static IReadOnlyList<string> Dump(DesiredState state) =>
    [
        .. state.AcceptedDomains.OrderBy(d => d.DomainName.Value, StringComparer.OrdinalIgnoreCase).Select(d =>
            $"domain {d.DomainName.Value} verified={d.Verified.Value} mx={string.Join(",", d.Mx.Select(m => $"{m.Preference.Value}:{m.Exchange.Value.TrimEnd('.').ToLowerInvariant()}").Order())} spf={d.Spf?.Value} dmarc={d.Dmarc?.Value}"),
        .. (state.OnPremises?.Servers ?? []).OrderBy(s => s.Name.Value, StringComparer.OrdinalIgnoreCase).Select(s =>
            $"server {s.Name.Value} egress={string.Join(",", s.EgressIPAddresses.Select(a => a.Value.Text))}"),
        .. (state.OnPremises?.Certificates ?? []).OrderBy(c => c.Name.Value, StringComparer.OrdinalIgnoreCase).Select(c => $"certificate {c.Name.Value} {c.Subject.Value}"),
        .. state.SendConnectors.Select(c => $"send {c.Name.Value} certificate={state.CertificateOf(c)?.Name.Value ?? c.TlsCertificateName?.Value}").Order(StringComparer.Ordinal),
        .. state.Senders.Select(s => string.Join("|", s.Name.Value, s.SourceIPAddress.Value.Text, s.SubmitTo.Value, s.Host?.Value, s.Port?.Value, s.Authenticated?.Value,
            s.StartTls?.Value, s.MailFrom?.Value, string.Join(",", s.Recipients.Select(r => r.Value)), s.CertificateName?.Value)),
    ];

    [Theory]
    [MemberData(nameof(ExamplesAndShapes))]
    public async Task The_imported_file_is_stable_and_valid(string example, ExportShape shape)
    {
        var original = Load(example);
        using var folder = new TemporaryFolder();
        ExportShapes.Write(original, folder.Path, shape);

        var first = await ImportEngine.RunAsync(new ImportRequest(folder.Path) { Dns = ZoneFile.Parse("z", ExportShapes.ZoneFile(original)) });
        var second = await ImportEngine.RunAsync(new ImportRequest(folder.Path) { Dns = ZoneFile.Parse("z", ExportShapes.ZoneFile(original)) });

        Assert.Equal(first.Yaml, second.Yaml);
        var loaded = DesiredStateLoader.Load("imported.yaml", first.Yaml);
        Assert.Empty(loaded.Problems.Select(p => p.Message));
        Assert.StartsWith("# yamllint disable-line rule:line-length\n# yaml-language-server: $schema=", first.Yaml, StringComparison.Ordinal);
    }

    internal static DesiredState Load(string example)
    {
        var loaded = DesiredStateLoader.LoadFile(TestPaths.Example(example));
        return loaded.State ?? throw new InvalidOperationException($"{example} does not load");
    }
}

public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "connectorlint-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>Every file below <paramref name="from"/>, copied to the same place below <paramref name="to"/>.</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
