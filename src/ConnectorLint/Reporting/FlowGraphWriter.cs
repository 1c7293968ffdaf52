using ConnectorLint.Diagnostics;
using System.Text;
using ConnectorLint.Exchange;

namespace ConnectorLint.Reporting;

/// <summary>
/// Draws a <see cref="FlowGraph"/> as mermaid (GitHub renders it in step summaries and comments)
/// or Graphviz dot. Marked steps (a bounce, or a flow a change broke) are red and carry their label.
/// Every label is escaped for its language, so a name in the file cannot end the diagram or the
/// markdown code block around it.
/// </summary>
public static class FlowGraphWriter
{
    private const string Red = "#d1242f";

    private static readonly (FlowZone Zone, string Id, string Title)[] Zones =
    [
        (FlowZone.Outside, "outside", "Internet, devices and partners"),
        (FlowZone.OnPremises, "onpremises", "On-premises Exchange"),
        (FlowZone.ExchangeOnline, "exchangeonline", "Exchange Online"),
    ];

    /// <summary>The steps to draw red, with their label: for each bounced flow, the step into the connector that refuses it.</summary>
    public static Dictionary<FlowGraphEdge, string> Bounces(FlowGraph graph, IEnumerable<CanonicalFlow> flows)
    {
        var marked = new Dictionary<FlowGraphEdge, string>();
        foreach (var flow in flows)
        {
            if (graph.RefusingStep(flow) is { } step)
            {
                marked.TryAdd(step, $"{flow.Trace.Outcome.Code} {flow.Trace.Outcome.Text}");
            }
        }

        return marked;
    }

    /// <param name="topDown">Top to bottom: a narrow picture for a pull-request comment; left to right otherwise.</param>
    public static string Mermaid(FlowGraph graph, IReadOnlyDictionary<FlowGraphEdge, string>? marked = null, bool topDown = false)
    {
        var text = new StringBuilder(topDown ? "flowchart TB\n" : "flowchart LR\n");
        foreach (var (zone, id, title) in Zones)
        {
            var members = graph.Nodes.Where(n => n.Zone == zone).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            text.Append($"  subgraph {id}[\"{MermaidText(title)}\"]\n");
            foreach (var node in members)
            {
                text.Append($"    {node.Id}[\"{MermaidText(node.Label)}\"]\n");
            }

            text.Append("  end\n");
        }

        var red = new List<int>();
        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var edge = graph.Edges[i];
            if (marked is not null && marked.TryGetValue(edge, out var label))
            {
                text.Append($"  {edge.From} -->|\"{MermaidText(label)}\"| {edge.To}\n");
                red.Add(i);
            }
            else
            {
                text.Append($"  {edge.From} --> {edge.To}\n");
            }
        }

        if (red.Count > 0)
        {
            text.Append($"  linkStyle {string.Join(',', red)} stroke:{Red},stroke-width:3px,color:{Red}\n");
        }

        return text.ToString();
    }

    public static string Dot(FlowGraph graph, IReadOnlyDictionary<FlowGraphEdge, string>? marked = null)
    {
        var text = new StringBuilder("digraph mailflow {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        foreach (var (zone, id, title) in Zones)
        {
            var members = graph.Nodes.Where(n => n.Zone == zone).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            text.Append($"  subgraph cluster_{id} {{\n    label=\"{DotText(title)}\";\n");
            foreach (var node in members)
            {
                text.Append($"    {node.Id} [label=\"{DotText(node.Label)}\"];\n");
            }

            text.Append("  }\n");
        }

        foreach (var edge in graph.Edges)
        {
            text.Append(marked is not null && marked.TryGetValue(edge, out var label)
                ? $"  {edge.From} -> {edge.To} [label=\"{DotText(label)}\", color=\"{Red}\", fontcolor=\"{Red}\", penwidth=3];\n"
                : $"  {edge.From} -> {edge.To};\n");
        }

        return text.Append("}\n").ToString();
    }

    /// <summary>
    /// Mermaid's entity codes for what would end a quoted label, a link label or the markdown code block;
    /// control, separator and bidirectional characters shown as escapes first, as in every output.
    /// </summary>
    private static string MermaidText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in PrintableText.Escape(text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')))
        {
            escaped.Append(c switch
            {
                '"' => "#quot;",
                '`' => "#96;",
                '|' => "#124;",
                '<' => "#lt;",
                '>' => "#gt;",
                '#' => "#35;",
                '\t' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static string DotText(string text) =>
        new([.. PrintableText.Escape(text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ')).SelectMany(c => c is '"' or '\\' ? ['\\', c] : new[] { c })]);
}
