using ConnectorLint.Spf;
using Xunit;

namespace ConnectorLint.Tests.Spf;

/// <summary>The one include graph CL113 and drift's lookup count read: its shape, where it stops, and what it reaches.</summary>
public class SpfIncludeGraphTests
{
    private static readonly Dictionary<string, SpfLookup> Records = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a.example"] = new(SpfTargetKind.Record, "v=spf1 ip4:192.0.2.1 include:b.example -all"),
        ["b.example"] = new(SpfTargetKind.Record, "v=spf1 include:spf.protection.outlook.com ~all"),
        ["loop.example"] = new(SpfTargetKind.Record, "v=spf1 include:loop.example -all"),
        ["void.example"] = new(SpfTargetKind.NoSuchName),
        ["text.example"] = new(SpfTargetKind.NoRecord),
        ["two.example"] = new(SpfTargetKind.SeveralRecords),
        ["broken.example"] = new(SpfTargetKind.Record, "v=spf1 ip4:300.1.1.1 -all"),
        ["spf.protection.outlook.com"] = new(SpfTargetKind.Record, "v=spf1 ip4:40.92.0.0/15 -all"),
    };

    /// <summary>Every answer is in memory, so the graph is complete when BuildAsync returns.</summary>
    private static SpfGraphNode Build(string record, string domain = "contoso.com")
    {
        var graph = SpfIncludeGraph.BuildAsync(domain, record, (name, _) => ValueTask.FromResult(Records.GetValueOrDefault(name, SpfLookup.Unknown)));
        Assert.True(graph.IsCompletedSuccessfully);
        return graph.Result;
    }

    private static string Shape(SpfGraphNode node, int indent = 0) =>
        string.Concat(new string(' ', indent * 2), $"{node.Term} [{node.Kind}{(node.Truncated ? ", truncated" : "")}, {node.Qualifier}{(node.IsRedirect ? ", redirect" : "")}, {node.Lookups} lookups]\n",
            string.Concat(node.Children.Select(c => Shape(c, indent + 1))));

    [Fact]
    public void Includes_and_redirect_are_followed_in_order_with_what_each_leads_to()
    {
        var graph = Build("v=spf1 a mx:mail.contoso.com include:a.example ~include:void.example -include:text.example include:two.example include:%{d}.example include:unknown.example include:broken.example redirect=b.example");

        Assert.Equal(
            """
            contoso.com [Record, Pass, 10 lookups]
              include:a.example [Record, Pass, 1 lookups]
                include:b.example [Record, Pass, 1 lookups]
                  include:spf.protection.outlook.com [Record, Pass, 0 lookups]
              ~include:void.example [NoSuchName, SoftFail, 0 lookups]
              -include:text.example [NoRecord, Fail, 0 lookups]
              include:two.example [SeveralRecords, Pass, 0 lookups]
              include:%{d}.example [Macro, Pass, 0 lookups]
              include:unknown.example [Unknown, Pass, 0 lookups]
              include:broken.example [Unknown, Pass, 0 lookups]
              redirect=b.example [Record, Pass, redirect, 1 lookups]
                include:spf.protection.outlook.com [Record, Pass, 0 lookups]

            """.ReplaceLineEndings("\n"), Shape(graph));
    }

    [Fact]
    public void A_redirect_counts_and_is_followed_only_without_all()
    {
        var redirected = Build("v=spf1 ip4:192.0.2.1 redirect=b.example");
        Assert.Equal((1, true, "b.example"), (redirected.Lookups, Assert.Single(redirected.Children).IsRedirect, redirected.Children[0].Domain));

        var ignored = Build("v=spf1 ip4:192.0.2.1 -all redirect=b.example");
        Assert.Equal((0, 0), (ignored.Lookups, ignored.Children.Count));
    }

    [Fact]
    public void A_loop_stops_at_the_domain_already_on_the_path()
    {
        var graph = Build("v=spf1 include:loop.example -all");

        var loop = Assert.Single(graph.Children);
        var again = Assert.Single(loop.Children);
        Assert.Equal((SpfTargetKind.Record, true, 0, 0), (again.Kind, again.Truncated, again.Lookups, again.Children.Count));
    }

    [Fact]
    public void A_record_that_does_not_parse_is_unknown_with_no_children()
    {
        var graph = Build("v=spf1 ip4:999.1.1.1 include:a.example -all");

        Assert.Equal((SpfTargetKind.Unknown, 0, 0), (graph.Kind, graph.Children.Count, graph.Lookups));
    }

    [Theory]
    [InlineData("v=spf1 include:spf.protection.outlook.com -all", true)]
    [InlineData("v=spf1 include:a.example -all", true)]
    [InlineData("v=spf1 redirect=b.example", true)]
    [InlineData("v=spf1 ip4:192.0.2.1 -all", false)]
    [InlineData("v=spf1 ~include:spf.protection.outlook.com -all", false)]
    [InlineData("v=spf1 include:void.example include:text.example -all", null)]
    [InlineData("v=spf1 include:unknown.example -all", null)]
    [InlineData("v=spf1 include:%{d}.example -all", null)]
    [InlineData("v=spf1 include:loop.example -all", null)]
    [InlineData("v=spf1 include:two.example include:a.example -all", true)]
    public void Reaches_follows_pass_includes_and_redirects_and_says_when_it_cannot_tell(string record, bool? expected)
    {
        Assert.Equal(expected, SpfIncludeGraph.Reaches(Build(record), "spf.protection.outlook.com"));
    }

    [Fact]
    public void Texts_a_name_publishes_become_one_record_none_or_several()
    {
        Assert.Equal(new SpfLookup(SpfTargetKind.Record, "v=spf1 -all"), SpfLookup.FromTexts(["google-site-verification=x", "v=spf1 -all"]));
        Assert.Equal(new SpfLookup(SpfTargetKind.NoRecord), SpfLookup.FromTexts(["v=spf10 -all"]));
        Assert.Equal(new SpfLookup(SpfTargetKind.SeveralRecords), SpfLookup.FromTexts(["v=spf1 -all", "v=spf1 ~all"]));
    }

    [Fact]
    public async Task A_chain_deeper_than_ten_includes_stops()
    {
        var chain = new Dictionary<string, SpfLookup>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < 15; i++)
        {
            chain[$"d{i}.example"] = new(SpfTargetKind.Record, $"v=spf1 include:d{i + 1}.example -all");
        }

        var graph = await SpfIncludeGraph.BuildAsync("root.example", "v=spf1 include:d0.example -all", (name, _) => ValueTask.FromResult(chain.GetValueOrDefault(name, SpfLookup.Unknown)));

        var depth = 0;
        for (var node = graph; node.Children.Count > 0; node = node.Children[0])
        {
            depth++;
        }

        Assert.Equal(SpfIncludeGraph.MaxDepth + 1, depth);
    }
}
