using ConnectorLint.Configuration;
using ConnectorLint.Diagnostics;
using ConnectorLint.Model;
using ConnectorLint.Reporting;
using ConnectorLint.Rules;
using ConnectorLint.Spf;

namespace ConnectorLint;

/// <summary>One SPF record given on the command line, checked offline.</summary>
/// <param name="Record">The record's text.</param>
/// <param name="Directory">Where the nearest .connectorlint.yaml is looked for (the working directory).</param>
public sealed record SpfLintRequest(string Record, string Directory)
{
    /// <summary>The configuration file to use instead of the nearest one.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>What the record is called in the report: its "file", one line long.</summary>
    public string Name { get; init; } = SpfLintEngine.DefaultName;
}

/// <summary>What `spf lint` found, and how many of RFC 7208's ten DNS-querying terms the record spends.</summary>
public sealed record SpfLintResult(LintReport Report, int? LookupTerms);

/// <summary>
/// `spf lint`: the record's offline checks (CL111, CL112, CL115, CL116, as `lint` makes them on an
/// accepted domain's record) as findings of the one report every writer and the exit code read, so
/// --format, --fail-on and the configuration work as they do for a file.
/// </summary>
public static class SpfLintEngine
{
    public const string DefaultName = "spf-record";

    /// <exception cref="InputException">The configuration cannot be read (exit 2).</exception>
    public static SpfLintResult Run(SpfLintRequest request)
    {
        var name = request.Name;
        var settings = Workspace.Configure(() => new ConfigurationSource(new LintSettings(), request.ConfigFile)
            .For(Path.Combine(Path.GetFullPath(request.Directory), name)));
        var issues = SpfRecordLint.Check(request.Record, out var parsed);
        var findings = new List<Finding>();
        foreach (var issue in issues)
        {
            var descriptor = DomainRules.For(issue.Problem).Descriptor;
            if (!Linter.IsOff(descriptor, settings))
            {
                var end = Math.Min(issue.Column + issue.Length, request.Record.Length + 1);
                var span = new SourceSpan(name, 1, issue.Column, 1, Math.Max(end, issue.Column + 1));
                findings.Add(Linter.Report(descriptor, settings, new Diagnostic(span, issue.Message, issue.Severity)));
            }
        }

        var report = new LintReport(LintReport.EngineVersion, [new ReportFile(name, [request.Record])], Finding.Sort(findings));
        return new SpfLintResult(report, parsed?.DnsLookupTerms.Count);
    }
}
