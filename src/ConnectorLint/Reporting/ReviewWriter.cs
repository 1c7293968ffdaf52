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
    public static SourceLinks FromEnvironment(string repositoryRoot)
    {
        var server = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var sha = Environment.GetEnvironmentVariable("CONNECTORLINT_HEAD_SHA") is { Length: > 0 } head ? head : Environment.GetEnvironmentVariable("GITHUB_SHA");
        return new SourceLinks(server is { Length: > 0 } && repository is { Length: > 0 } && sha is { Length: > 0 } ? $"{server}/{repository}/blob/{sha}/" : null, repositoryRoot);
    }
}

/// <summary>The review in text (a terminal) and in markdown (the step summary, a pull-request comment): flow impact first.</summary>
public static class ReviewWriter
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
            foreach (var flow in file.Flows.OrderBy(f => f.Kind))
            {
                var detailed = flow.Kind == FlowChangeKind.Rerouted;
                Line(output, $"  flow {Verb(flow.Kind)}: {flow.Flow}: {Outcome(flow.Before, detailed)} -> {Outcome(flow.After, detailed)}");
            }

            Line(output, $"  {file.UnchangedFlows} flows unchanged");
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
            if (file.Flows.Count == 0)
            {
                text.Append($"No flow changes its outcome ({file.UnchangedFlows} traced).\n\n");
            }
            else
            {
                text.Append("| Flow | Change | Before | After |\n|---|---|---|---|\n");
                foreach (var flow in file.Flows.OrderBy(f => f.Kind))
                {
                    var icon = flow.Kind switch { FlowChangeKind.Broken => "🔴", FlowChangeKind.Fixed => "🟢", _ => "🔵" };
                    var detailed = flow.Kind == FlowChangeKind.Rerouted;
                    text.Append($"| {Cell(flow.Flow)} | {icon} {Verb(flow.Kind)} | {Cell(Outcome(flow.Before, detailed))} | {Cell(Outcome(flow.After, detailed))} |\n");
                }

                text.Append($"\n{file.UnchangedFlows} flows unchanged.\n\n");
            }

            if (file.HeadFlows.Count > 0)
            {
                // The head's mail flow; the steps into the connector that now refuses a flow are red, with the NDR.
                var graph = FlowGraph.Of(file.HeadFlows);
                var marked = FlowGraphWriter.Bounces(graph, file.Changed(FlowChangeKind.Broken).Select(f => new CanonicalFlow(f.Flow, f.After!)));
                text.Append("<details open><summary>Mail flow after the change</summary>\n\n```mermaid\n")
                    .Append(FlowGraphWriter.Mermaid(graph, marked))
                    .Append("```\n\n</details>\n\n");
            }

            if (file.Plan is { } plan)
            {
                text.Append("#### Plan: what to run once this is merged\n\n").Append(PlanWriter.Text(plan, markdown: true)).Append('\n');
            }

            text.Append($"#### Findings: {file.Findings.New.Count} new, {file.Findings.Fixed.Count} fixed, {file.Findings.Unchanged.Count} unchanged\n\n");
            foreach (var group in file.Findings.New.GroupBy(f => RuleCatalog.Find(f.RuleId)?.Descriptor.Prevents ?? ""))
            {
                text.Append($"**{Cell(group.Key.Length == 0 ? "other" : group.Key)}**\n\n");
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
