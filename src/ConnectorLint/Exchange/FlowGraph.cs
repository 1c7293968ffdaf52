namespace ConnectorLint.Exchange;

/// <summary>Where a node of the mail-flow picture lives.</summary>
public enum FlowZone { Outside, OnPremises, ExchangeOnline }

public sealed record FlowGraphNode(string Id, string Label, FlowZone Zone);

/// <summary>One step of one or more flows; <see cref="Flows"/> names them, for marking the steps a change affects.</summary>
public sealed record FlowGraphEdge(string From, string To, IReadOnlyList<string> Flows);

/// <summary>
/// The organization's mail flow as a picture, drawn from the routing model's own traces of the
/// canonical flows: each flow is a path from where it starts, through every connector that decides
/// it, to where it is delivered or to the connector that refuses it. Nothing is drawn that the
/// routing model did not decide.
/// </summary>
public sealed record FlowGraph(IReadOnlyList<FlowGraphNode> Nodes, IReadOnlyList<FlowGraphEdge> Edges)
{
    public static FlowGraph Of(IEnumerable<CanonicalFlow> flows)
    {
        var nodes = new Dictionary<string, FlowGraphNode>(StringComparer.Ordinal);
        var edges = new Dictionary<(string, string), List<string>>();
        var order = new List<(string, string)>();

        string Node(string label, FlowZone zone)
        {
            if (!nodes.TryGetValue(label, out var node))
            {
                node = new FlowGraphNode($"n{nodes.Count}", label, zone);
                nodes[label] = node;
            }

            return node.Id;
        }

        foreach (var flow in flows)
        {
            var ends = flow.Name.Split(" -> ", 2);
            var zone = Zone(ends[0]);
            var path = new List<string> { Node(ends[0], zone) };
            foreach (var hop in flow.Trace.Hops)
            {
                zone = Zone(hop, zone);
                var id = Node(hop.Decider, zone);
                if (path[^1] != id)
                {
                    path.Add(id);
                }
            }

            if (!flow.Trace.Outcome.Bounced && ends.Length == 2)
            {
                path.Add(Node(ends[1], Zone(ends[1])));
            }

            foreach (var (from, to) in path.Zip(path.Skip(1)))
            {
                if (!edges.TryGetValue((from, to), out var named))
                {
                    edges[(from, to)] = named = [];
                    order.Add((from, to));
                }

                named.Add(flow.Name);
            }
        }

        return new FlowGraph([.. nodes.Values], [.. order.Select(k => new FlowGraphEdge(k.Item1, k.Item2, edges[k]))]);
    }

    /// <summary>The step of a bounced flow into the connector that refuses it.</summary>
    public FlowGraphEdge? RefusingStep(CanonicalFlow flow)
    {
        if (!flow.Trace.Outcome.Bounced || flow.Trace.Outcome.RefusingHop is not { } refusing)
        {
            return null;
        }

        var node = Nodes.FirstOrDefault(n => n.Label == refusing);
        return node is null ? null : Edges.FirstOrDefault(e => e.To == node.Id && e.Flows.Contains(flow.Name));
    }

    /// <summary>
    /// Where a hop's decider lives. An SMTP command (AUTH, MAIL FROM, RCPT TO) is decided where the
    /// connection was taken: by the tenant's configuration at Exchange Online, by the receive
    /// connector on premises; so it keeps the zone of the hop before it.
    /// </summary>
    private static FlowZone Zone(FlowHop hop, FlowZone previous) => hop.Stage switch
    {
        HopStage.Auth or HopStage.MailFrom or HopStage.RcptTo => previous,
        HopStage.EopInbound or HopStage.EopOutbound or HopStage.ExoOutbound or HopStage.ExchangeOnline or HopStage.ClientSubmission or HopStage.TenantMx => FlowZone.ExchangeOnline,
        HopStage.OnPremisesReceive or HopStage.SendConnector or HopStage.Routing or HopStage.Mailbox or HopStage.Tls => FlowZone.OnPremises,
        HopStage.Client or HopStage.Spf or HopStage.SmartHost => FlowZone.Outside,
        _ => throw new ArgumentOutOfRangeException(nameof(hop), hop.Stage, null),
    };

    private static FlowZone Zone(string end) =>
        end.StartsWith("cloud mailbox", StringComparison.Ordinal) ? FlowZone.ExchangeOnline
        : end.StartsWith("on-premises mailbox", StringComparison.Ordinal) ? FlowZone.OnPremises
        : FlowZone.Outside;
}
