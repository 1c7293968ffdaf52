using ConnectorLint.Configuration;
using ConnectorLint.Diagnostics;
using ConnectorLint.Dns;
using ConnectorLint.Drift;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Probe;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;

namespace ConnectorLint;

/// <summary>The DNS a drift run asks: public names through one session, the organization's own names through another.</summary>
public sealed record DnsSources(DnsSession Public, DnsSession? Internal = null);

/// <summary>One run of the engine: which files, which configuration, which checks.</summary>
public sealed record LintRequest(IReadOnlyList<string> Paths)
{
    public Checks Checks { get; init; } = Checks.Rules;

    /// <summary>Settings before any configuration file (the command line's --today, say).</summary>
    public LintSettings Settings { get; init; } = new();

    /// <summary>The configuration file to use instead of the nearest .connectorlint.yaml.</summary>
    public string? ConfigFile { get; init; }

    public LoadOptions Load { get; init; } = new();

    /// <summary>Where '-' reads from; null when the command has no standard input to give.</summary>
    public Func<Stream>? StandardInput { get; init; }

    /// <summary>The name standard input is reported under (and found configuration for).</summary>
    public string StandardInputName { get; init; } = "<stdin>";

    /// <summary>Skip a named file that is not a desired-state file instead of reporting it (for hooks that pass every YAML file).</summary>
    public bool SkipForeign { get; init; }

    /// <summary>Required when <see cref="Checks"/> has <see cref="Checks.Drift"/> or <see cref="Checks.Probe"/>.</summary>
    public DnsSources? Dns { get; init; }

    /// <summary>The folder of Exchange's exports; required when <see cref="Checks"/> has <see cref="Checks.ExchangeExport"/>.</summary>
    public string? ExchangeExport { get; init; }

    /// <summary>How probe connects; required when <see cref="Checks"/> has <see cref="Checks.Probe"/>.</summary>
    public ProbeOptions? Probe { get; init; }
}

/// <summary>
/// The run could not do its job: a path that does not exist, an unreadable file, a wrong
/// configuration. <see cref="Span"/> is where, when it is known.
/// </summary>
public sealed class InputException(string message, SourceSpan? span = null, string? reason = null) : Exception(message)
{
    public SourceSpan? Span { get; } = span;

    /// <summary>What is wrong, without the position that <see cref="Span"/> carries.</summary>
    public string Reason { get; } = reason ?? message;
}

/// <summary>
/// The engine's front door: files are found, each is loaded once, judged with its configuration by
/// every rule the request asks for (drift's included) through one runner, and reported in one report.
/// </summary>
public static class LintEngine
{
    /// <exception cref="InputException">The run could not do its job (exit 2).</exception>
    public static async Task<LintReport> RunAsync(LintRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Checks.HasFlag(Checks.Drift) && request.Dns is null)
        {
            throw new ArgumentException("a drift run needs DNS sources", nameof(request));
        }

        if (request.Checks.HasFlag(Checks.Probe) && (request.Dns is null || request.Probe is null))
        {
            throw new ArgumentException("a probe run needs DNS sources and probe options", nameof(request));
        }

        if (request.Checks.HasFlag(Checks.ExchangeExport) && request.ExchangeExport is null)
        {
            throw new ArgumentException("a config drift run needs the export folder", nameof(request));
        }

        var discovery = Workspace.Discover(request.Paths);
        var configDrift = request.ExchangeExport is { } exportFolder && request.Checks.HasFlag(Checks.ExchangeExport)
            ? await ReadExchangeAsync(exportFolder, cancellationToken).ConfigureAwait(false)
            : null;
        var otherYaml = discovery.OtherYamlFiles;
        var configuration = Workspace.Configure(() => new ConfigurationSource(request.Settings, request.ConfigFile));
        var checker = request.Dns is { } dns ? new DriftChecker(dns.Public, dns.Internal) : null;
        var prober = request.Checks.HasFlag(Checks.Probe) ? new ProbeChecker(request.Dns!.Public, request.Probe!) : null;
        var reportFiles = new List<ReportFile>();
        var findings = new List<Finding>();
        var domains = new List<DomainDrift>();
        foreach (var (file, kind, named) in discovery.Files)
        {
            if (kind.Name == FileKindName.Foreign && (request.SkipForeign || !named))
            {
                otherYaml++;
                continue;
            }

            var document = file == FileDiscovery.StandardInput ? ReadStandardInput(request)
                : kind.Name == FileKindName.NearMiss ? DesiredStateLoader.NotDesiredState(file, LoadProblem.NearMiss(kind.Span!.Value, kind.Reason!), request.Load)
                : Workspace.Load(file, request.Load);
            if (kind.Name == FileKindName.Foreign && (kind.IsZoneFile || !document.Problems.Any(p => p.Kind == LoadProblemKind.Parse)))
            {
                // One sentence instead of a schema error per key; YAML that does not parse says so itself.
                document = new LoadedDocument(document.File, document.Text, null, [], null, [LoadProblem.Foreign(SourceSpan.At(file, 1, 1),
                    $"'{Path.GetFileName(file)}' is not a ConnectorLint desired-state file (no 'apiVersion: connectorlint/v1'){(kind.Reason is null ? "" : $"; {kind.Reason}")}. Pass --skip-foreign to let such files through.")]);
            }

            reportFiles.Add(new ReportFile(document.File, document.Lines));
            var settings = Workspace.Configure(() => configuration.For(document.File));
            IReadOnlyList<DriftObservation> observed = [];
            if (request.Checks.HasFlag(Checks.Drift) && document.State is { } state)
            {
                var result = await checker!.CheckAsync(state, cancellationToken).ConfigureAwait(false);
                observed = result.Observations;
                domains.AddRange(result.Domains);
            }

            if (configDrift is not null && document.State is { } desired)
            {
                observed = [.. observed, .. configDrift.Check(desired)];
            }

            IReadOnlyList<ProbeObservation> presented = [];
            if (prober is not null && document.State is { } probed)
            {
                presented = await prober.CheckAsync(new Exchange.MailFlowSimulator(probed), settings.Today, settings.CertificateExpiryWarningDays, cancellationToken).ConfigureAwait(false);
            }

            findings.AddRange(Linter.Run(document, settings, request.Checks, observed, presented));
        }

        var plan = request.Checks.HasFlag(Checks.Drift)
            ? new DriftPlan(domains, request.Dns!.Public.Queries, request.Dns.Public.Failures)
            : null;
        return new LintReport(LintReport.EngineVersion, reportFiles, Finding.Sort(findings), plan) { OtherYamlFiles = otherYaml, Probe = prober?.Summary };
    }

    /// <summary>Exchange's side, read and imported once for every file of the run.</summary>
    private static async Task<ConfigDriftChecker> ReadExchangeAsync(string folder, CancellationToken cancellationToken)
    {
        var imported = await ImportEngine.RunAsync(new ImportRequest(folder), cancellationToken).ConfigureAwait(false);
        return new ConfigDriftChecker(imported.State, imported.Result, folder);
    }

    private static LoadedDocument ReadStandardInput(LintRequest request)
    {
        var name = request.StandardInputName;
        if (request.StandardInput is null)
        {
            throw new InputException("'-' reads standard input, which this command cannot take.");
        }

        try
        {
            using var stream = request.StandardInput();
            return DesiredStateLoader.Load(name, IO.BoundedFile.ReadAllBytes(stream, name, request.Load.MaxFileBytes));
        }
        catch (IO.InputTooLargeException)
        {
            return new LoadedDocument(name, "", null, [], null, [LoadProblem.Parse(SourceSpan.At(name, 1, 1),
                $"standard input is over the {IO.BoundedFile.Describe(request.Load.MaxFileBytes)} limit; raise it with --max-file-size if this is really one organization.")]);
        }
        catch (IOException ex)
        {
            throw new InputException($"cannot read standard input: {ex.Message}");
        }
    }
}
