using System.Reflection;
using ConnectorLint.Exchange;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Exchange;

/// <summary>Trace's NDRs: each once, each code with one text, in the form Exchange and EOP answer.</summary>
public class NdrCatalogTests
{
    private static IReadOnlyList<Ndr> All =>
        [.. typeof(NdrCatalog).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (Ndr)f.GetValue(null)!)];

    [Fact]
    public void EveryNdrIsAReplyCodeAnEnhancedCodeAndItsText()
    {
        Assert.True(All.Count >= 18, $"{All.Count} NDRs");
        Assert.All(All, n => Assert.Matches(@"^[45][0-9]{2} [45]\.[0-9]{1,3}\.[0-9]{1,3}$", n.Code));
        Assert.All(All, n => Assert.False(string.IsNullOrWhiteSpace(n.Text)));
        Assert.Equal(All.Count, All.Select(n => (n.Code, n.Text)).Distinct().Count());
    }

    [Fact]
    public void TheEnhancedCodeIsWhatFollowsTheReplyCode()
    {
        Assert.Equal("5.7.64", NdrCatalog.TenantAttribution.EnhancedCode);
        Assert.Equal("5.4.14", NdrCatalog.HopCountExceeded.EnhancedCode);
        Assert.Equal("4.4.7", NdrCatalog.MessageExpired.EnhancedCode);
    }

    /// <summary>Exchange 2013 and later refuse anonymous relay with 5.7.54, Exchange 2010 with 5.7.1 ("Allow anonymous relay on Exchange servers").</summary>
    [Fact]
    public void RelayIsRefusedInTheWordsOfTheVersionThatAnswers()
    {
        Assert.Equal("550 5.7.54", NdrCatalog.UnableToRelay.Code);
        Assert.Equal("550 5.7.1", NdrCatalog.UnableToRelay2010.Code);
        Assert.Equal("SMTP; Unable to relay recipient in non-accepted domain", NdrCatalog.UnableToRelay.Text);
    }

    [Fact]
    public void ABounceCarriesItsNdrAndTheCaseAfterTheNdrsText()
    {
        var outcome = FlowOutcome.Bounce(NdrCatalog.RelayAccessDenied, "EOP", ": mail.example is a retired FOPE endpoint");
        Assert.Same(NdrCatalog.RelayAccessDenied, outcome.Ndr);
        Assert.Equal(("550 5.4.1", "Relay Access Denied: mail.example is a retired FOPE endpoint", "EOP"), (outcome.Code, outcome.Text, outcome.RefusingHop));
        Assert.True(outcome.Bounced);
        Assert.Null(FlowOutcome.Deliver("delivered").Ndr);
    }

    /// <summary>A bounce names Microsoft's article on its NDR, in trace's text and JSON, when there is one.</summary>
    [Fact]
    public void TraceCitesTheArticleOfTheNdr()
    {
        string[] args = ["trace", TestPaths.Example("renewed-certificate.yaml"), "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com"];
        var text = CliRunner.Run(args);
        Assert.Contains("outcome: bounce 550 5.7.64 TenantAttribution; Relay Access Denied", text.Stdout, StringComparison.Ordinal);
        Assert.EndsWith($"  Microsoft's article: {NdrCatalog.TenantAttribution.Article!.Title} (https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/relay-access-denied-smtp)\n", text.Stdout, StringComparison.Ordinal);

        var json = System.Text.Json.Nodes.JsonNode.Parse(CliRunner.Run([.. args, "--format", "json"]).Stdout)!;
        Assert.Equal("https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/relay-access-denied-smtp", (string)json["outcome"]!["article"]!["url"]!);

        var delivered = System.Text.Json.Nodes.JsonNode.Parse(CliRunner.Run("trace", TestPaths.Example("contoso-hybrid.yaml"), "--sender", "Copier 3rd floor", "--to", "someone@fabrikam.com", "--format", "json").Stdout)!;
        Assert.Equal("delivered", (string)delivered["outcome"]!["outcome"]!);
        Assert.Null(delivered["outcome"]!["article"]);
    }
}
