using System.Text;
using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Review;
using ConnectorLint.Rules;

namespace ConnectorLint.Reporting;

/// <summary>Where a location of the head links to: the file at the pull request's head commit, when GitHub says which.</summary>
/// <param name="BlobBase">https://github.com/OWNER/REPO/blob/SHA/ (with the trailing slash).</param>
public sealed record SourceLinks(string? BlobBase, string RepositoryRoot)
{
    public static SourceLinks For(GitHubRun run, string repositoryRoot) =>
        new(run.ServerUrl is { Length: > 0 } server && run.Repository is { Length: > 0 } repository && run.HeadSha is { Length: > 0 } sha
            ? $"{server}/{repository}/blob/{sha}/" : null, repositoryRoot);
}

/// <summary>The review in text (a terminal) and in markdown (the step summary, a pull-request comment): flow impact first.</summary>
public static partial class ReviewWriter
{
    /// <param name="detailed">Say how it is delivered: two deliveries by different routes read differently.</param>
    public static string Outcome(FlowTrace? trace, bool detailed = false) => trace is null ? "(no such flow)"
        : trace.Outcome.Delivered ? (detailed ? trace.Outcome.Text : "delivered")
        : trace.Outcome.LeftTo is { } leftTo ? (detailed ? trace.Outcome.Text : $"outside this file, at {leftTo}")
        : $"{trace.Outcome.Code} {trace.Outcome.Text}" + (trace.Outcome.RefusingHop is { } hop ? $" (at {hop})" : "");

    private static string Verb(FlowChangeKind kind) => kind switch
    {
        FlowChangeKind.Broken => "now bounces",
        FlowChangeKind.Fixed => "now delivered",
        FlowChangeKind.Rerouted => "changed",
        FlowChangeKind.Added => "new",
        _ => "gone",
    };

    public static void WriteText(ReviewReport report, TextWriter output)
    {
        foreach (var file in report.Files)
        {
            Line(output, $"{file.File}: against {report.Base}{(file.NewFile ? " (a new file)" : "")}");
            if (State(file) is { } state)
            {
                Line(output, "  " + state);
            }

            foreach (var row in Rows(file))
            {
                var names = row.Flows.Count == 1 ? row.Flows[0].Flow : $"{row.Flows.Count} flows ({string.Join(", ", row.Flows.Select(f => f.Flow))})";
                Line(output, $"  flow {Verb(row.Kind)}: {names}: {Outcome(row.Flows[0].Before, row.Detailed)} -> {Outcome(row.Flows[0].After, row.Detailed)}");
            }

            if (file.BouncesUnexplained)
            {
                Line(output, "  " + UnexplainedNote);
            }

            if (!file.Deleted && !file.HeadUnreadable && !file.NewFile)
            {
                Line(output, $"  {file.UnchangedFlows} flows unchanged");
            }

            if (file.Plan is { } plan)
            {
                Line(output, "  plan, once merged (connectorlint plan):");
                foreach (var line in PlanWriter.Text(plan).TrimEnd('\n').Split('\n'))
                {
                    output.WriteLine("  " + line);
                }
            }

            foreach (var finding in file.Findings.New)
            {
                Line(output, $"  new {finding.Severity.ToName()} {finding.RuleId} at {finding.Span.File}:{finding.Span.Line}:{finding.Span.Column}: {FirstLine(finding.Message)}");
            }

            foreach (var finding in file.Findings.Fixed)
            {
                Line(output, $"  fixed {finding.RuleId}: {FirstLine(finding.Message)}");
            }

            Line(output, $"  {file.Findings.New.Count} new, {file.Findings.Fixed.Count} fixed, {file.Findings.Unchanged.Count} unchanged findings");
            foreach (var change in file.Properties)
            {
                Line(output, $"  {change.Span.File}:{change.Span.Line}: {Describe(change)}");
            }
        }
    }

    /// <summary>
    /// A line of the text review: names from the file are escaped as lint's text writer escapes them. Only
    /// a file's path starts a line; one that starts with '::' (a workflow command's shape) is written as
    /// the same path from the current folder.
    /// </summary>
    private static void Line(TextWriter output, string line)
    {
        var escaped = PrintableText.Escape(line);
        output.WriteLine(escaped.TrimStart().StartsWith("::", StringComparison.Ordinal) ? "./" + escaped.TrimStart() : escaped);
    }

    public static string Describe(PropertyChange change) => (change.Property, change.Before, change.After) switch
    {
        ("", null, _) => $"{change.Item}: added",
        ("", _, null) => $"{change.Item}: removed",
        (_, null, var after) => $"{change.Item}: {change.Property} set to {after}",
        (_, var before, null) => $"{change.Item}: {change.Property} {before} removed",
        _ => $"{change.Item}: {change.Property} {change.Before} -> {change.After}",
    };

    public static void WriteMarkdown(ReviewReport report, SourceLinks links, TextWriter output)
    {
        var text = new StringBuilder();
        text.Append($"## ConnectorLint review against `{Code(report.Base)}`\n\n");
        foreach (var file in report.Files)
        {
            text.Append($"### `{Code(Relative(links, file.File))}`{(file.NewFile ? " (new file)" : "")}\n\n");
            text.Append("#### Flow impact\n\n");
            if (State(file) is { } state)
            {
                text.Append(Cell(state)).Append("\n\n");
            }

            if (file.BouncesUnexplained)
            {
                text.Append("> [!CAUTION]\n> ").Append(Cell(UnexplainedNote)).Append("\n\n");
            }

            if (file.Flows.Count == 0 && State(file) is null)
            {
                text.Append($"No flow changes its outcome ({file.UnchangedFlows} traced).\n\n");
            }
            else if (file.Flows.Count > 0)
            {
                text.Append("| Flow | Change | Before | After |\n|---|---|---|---|\n");
                foreach (var row in Rows(file))
                {
                    var icon = row.Kind switch { FlowChangeKind.Broken => "🔴", FlowChangeKind.Fixed => "🟢", _ => "🔵" };
                    var names = row.Flows.Count == 1
                        ? Cell(row.Flows[0].Flow)
                        : $"<details><summary>{row.Flows.Count} flows</summary>{string.Join("<br>", row.Flows.Select(f => Cell(f.Flow)))}</details>";
                    text.Append($"| {names} | {icon} {Verb(row.Kind)} | {Cell(Outcome(row.Flows[0].Before, row.Detailed))} | {Cell(Outcome(row.Flows[0].After, row.Detailed))} |\n");
                }

                text.Append($"\n{file.UnchangedFlows} flows unchanged.\n\n");
            }

            var touched = file.Flows.Where(f => f.After is not null).Select(f => new CanonicalFlow(f.Flow, f.After!)).ToList();
            if (touched.Count > 0)
            {
                // Only the paths the change touches, top to bottom, so the picture stays readable at the
                // width of a pull-request comment; the steps into a connector that now refuses a flow are
                // red, with the NDR. `connectorlint graph` draws the whole organization.
                var graph = FlowGraph.Of(touched);
                var marked = FlowGraphWriter.Bounces(graph, file.Changed(FlowChangeKind.Broken).Select(f => new CanonicalFlow(f.Flow, f.After!)));
                var untouched = file.HeadFlows.Count - touched.Count;
                text.Append($"<details open><summary>The flows the change touches, after it{(untouched > 0 ? $" ({untouched} other flows not drawn)" : "")}</summary>\n\n```mermaid\n")
                    .Append(FlowGraphWriter.Mermaid(graph, marked, topDown: true))
                    .Append("```\n\n</details>\n\n");
            }

            if (file.Plan is { } plan)
            {
                text.Append("#### Plan: what to run once this is merged\n\n").Append(PlanWriter.Text(plan, markdown: true)).Append('\n');
            }

            text.Append($"#### Findings: {file.Findings.New.Count} new, {file.Findings.Fixed.Count} fixed, {file.Findings.Unchanged.Count} unchanged\n\n");
            foreach (var group in file.Findings.New.GroupBy(f => Heading(RuleCatalog.Find(f.RuleId)?.Descriptor)))
            {
                text.Append($"**{Cell(group.Key)}**\n\n");
                foreach (var finding in group)
                {
                    text.Append($"- [{finding.RuleId}]({finding.HelpUri}) {finding.Severity.ToName()} at {Location(links, finding.Span)}: {Cell(FirstLine(finding.Message))}\n");
                }

                text.Append('\n');
            }

            if (file.Findings.Fixed.Count > 0)
            {
                text.Append("Fixed: ").Append(string.Join(", ", file.Findings.Fixed.Select(f => $"[{f.RuleId}]({f.HelpUri})"))).Append("\n\n");
            }

            if (file.Properties.Count > 0)
            {
                text.Append("#### Configuration changes\n\n");
                foreach (var change in file.Properties)
                {
                    text.Append($"- {Location(links, change.Span)}: {Cell(Describe(change))}\n");
                }

                text.Append('\n');
            }
        }

        output.Write(text.ToString());
    }

    /// <summary>
    /// Workflow commands for a pull request: the findings the change brings at their own level, the
    /// findings already on the base counted in one notice (not annotated again on every push), and a
    /// flow that newly bounces with no finding to say why as an error at the lines the change touched.
    /// </summary>
    public static void WriteGitHub(ReviewReport report, string repositoryRoot, TextWriter output)
    {
        var files = report.Files.Select(f => new ReportFile(f.File, [])).ToList();
        var fresh = Finding.Sort([.. report.Files.SelectMany(f => f.Findings.New)]);
        var annotations = new StringWriter();
        new GitHubReportWriter(repositoryRoot).Write(new LintReport(LintReport.EngineVersion, files, fresh), annotations);

        // The writer's closing summary line counts the new findings only; the review says it its own way.
        var lines = annotations.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Where(l => l.StartsWith("::", StringComparison.Ordinal)))
        {
            output.Write(line + "\n");
        }

        foreach (var file in report.Files.Where(f => f.BouncesUnexplained))
        {
            var broken = file.Changed(FlowChangeKind.Broken).ToList();
            var message = $"{broken.Count} flow{(broken.Count == 1 ? "" : "s")} now bounce{(broken.Count == 1 ? "s" : "")} ({string.Join("; ", broken.Take(5).Select(f => $"{f.Flow}: {Outcome(f.After)}"))}); no rule explains it: please report it at https://github.com/connectorlint/connectorlint/issues";
            var spans = file.Properties.Select(p => p.Span).Take(10).ToList();
            if (spans.Count == 0)
            {
                spans.Add(Model.SourceSpan.At(file.File, 1, 1));
            }

            foreach (var span in spans)
            {
                output.Write($"::error file={GitHubReportWriter.EscapeProperty(RepositoryPath.Relative(span.File, repositoryRoot))},line={Math.Max(1, span.Line)},title={GitHubReportWriter.EscapeProperty("ConnectorLint: flow now bounces")}::{GitHubReportWriter.EscapeData(message)}\n");
            }
        }

        var unchanged = report.Files.Sum(f => f.Findings.Unchanged.Count);
        if (unchanged > 0)
        {
            output.Write($"::notice title=ConnectorLint::{GitHubReportWriter.EscapeData($"{unchanged} finding{(unchanged == 1 ? " was" : "s were")} already on {report.Base}: not annotated again; the review summary lists {(unchanged == 1 ? "it" : "them")}.")}\n");
        }

        output.Write(GitHubReportWriter.EscapeData($"review against {report.Base}: {fresh.Count} new finding{(fresh.Count == 1 ? "" : "s")}, {report.Files.Sum(f => f.Changed(FlowChangeKind.Broken).Count())} flows now bounce, {unchanged} unchanged") + "\n");
    }

    /// <summary>Why the review fails when a flow newly bounces and no new finding says why.</summary>
    public const string UnexplainedNote = "flow now bounces, no rule explains it: please report it at https://github.com/connectorlint/connectorlint/issues (the review fails on it all the same)";

    /// <summary>What happened to the file itself, when it is more than a changed file: deleted, unreadable, new.</summary>
    private static string? State(FileReview file) =>
        file.Deleted ? $"file deleted: the {file.BaseFlowCount} flows it described are no longer traced or linted"
        : file.HeadUnreadable ? $"the new version does not parse: {file.BaseFlowCount} flows not traced (the findings below say where)"
        : file.NewFile ? $"new file: {file.HeadFlows.Count} flows, {file.HeadFlows.Count(f => f.Trace.Outcome.Bounced)} bounce"
        : null;

    /// <summary>One row of the flow impact: the flows with the same change, outcome and refusing hop fold into one.</summary>
    private sealed record FlowRow(FlowChangeKind Kind, IReadOnlyList<FlowChange> Flows, bool Detailed);

    private static IEnumerable<FlowRow> Rows(FileReview file) =>
        file.Flows
            .GroupBy(f => (f.Kind, Before: Outcome(f.Before, f.Kind == FlowChangeKind.Rerouted), After: Outcome(f.After, f.Kind == FlowChangeKind.Rerouted)))
            .OrderBy(g => g.Key.Kind)
            .Select(g => new FlowRow(g.Key.Kind, [.. g], g.Key.Kind == FlowChangeKind.Rerouted));

    /// <summary>A group of new findings is headed by the NDR its rules prevent, else by the part of the file they are about.</summary>
    private static string Heading(RuleDescriptor? descriptor) =>
        descriptor is null ? "Other"
        : NdrPrefix.IsMatch(descriptor.Prevents) ? descriptor.Prevents
        : descriptor.Category switch
        {
            "domains" => "Accepted domains and MX",
            "spf" => "SPF",
            "senders" => "Applications and devices",
            "sendConnectors" => "Send connectors",
            "receiveConnectors" => "Receive connectors",
            "inboundConnectors" => "Inbound connectors",
            "outboundConnectors" => "Outbound connectors",
            "secrets" => "Secrets in the file",
            "file" => "The file itself",
            "drift" => "DNS drift",
            "config drift" => "Config drift",
            "probe" => "Live servers",
            var other => other,
        };

    [System.Text.RegularExpressions.GeneratedRegex(@"^[245][0-9][0-9] [245]\.[0-9]{1,3}\.[0-9]{1,3}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NdrPrefixPattern();

    private static System.Text.RegularExpressions.Regex NdrPrefix => NdrPrefixPattern();

    private static string Location(SourceLinks links, Model.SourceSpan span)
    {
        var path = Relative(links, span.File);
        var shown = $"`{Code(path)}:{span.Line}`";
        return links.BlobBase is null ? shown : $"[{shown}]({links.BlobBase}{Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal)}#L{span.Line})";
    }

    private static string Relative(SourceLinks links, string file) => RepositoryPath.Relative(file, links.RepositoryRoot);

    private static string FirstLine(string message) => message.Split('\n')[0];

    private static string Cell(string text) => MarkdownText.Inline(text);

    private static string Code(string text) => MarkdownText.Code(text);
}
