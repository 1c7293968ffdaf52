using System.Net;
using ConnectorLint.Dns;
using ConnectorLint.Spf;

namespace ConnectorLint.Tests.Spf;

/// <summary>Three places where a differential run against another implementation found the engine off RFC 7208.</summary>
public class Rfc7208DepartureTests
{
    private static async Task<string> Check(string zone, string ip, string sender)
    {
        var evaluator = new SpfEvaluator(ZoneFile.Parse("t.zone", zone));
        var result = await evaluator.CheckMailFromAsync(IPAddress.Parse(ip), sender, "helo.example");
        return result.ResultName;
    }

    [Fact]
    public async Task ADigitLargerThanThePartsKeepsAllParts()
    {
        // RFC 7208 7.3: %{d129} of 'e.example' is 'e.example', all of it.
        const string zone = """
            e.example. TXT "v=spf1 exists:%{d129}.x.example -all"
            e.example.x.example. A 127.0.0.2
            """;
        Assert.Equal("pass", await Check(zone, "192.0.2.1", "a@e.example"));
        Assert.NotNull(SpfParser.Parse("v=spf1 exists:%{d2147483648}.x.example -all"));
    }

    [Theory]
    [InlineData("v=spf1 a:%{d}%- -all")]
    [InlineData("v=spf1 a:%{d}%% -all")]
    [InlineData("v=spf1 a:%{d}%_ -all")]
    public void AnEscapeMacroMayEndADomainSpec(string record)
    {
        Assert.NotNull(SpfParser.Parse(record));
    }

    [Theory]
    [InlineData("v=spf1 a:%{d}%%- -all")]
    [InlineData("v=spf1 a:%{d}% -all")]
    public void ALiteralAfterAnEscapeStillNeedsATopLabel(string record)
    {
        Assert.Throws<SpfSyntaxException>(() => SpfParser.Parse(record));
    }

    [Fact]
    public async Task AMechanismTargetOfOneLabelIsLookedUp()
    {
        const string zone = """
            e.example. TXT "v=spf1 exists:%{l} -all"
            single. A 127.0.0.2
            """;
        Assert.Equal("pass", await Check(zone, "192.0.2.1", "single@e.example"));
        Assert.Equal("fail", await Check(zone, "192.0.2.1", "other@e.example"));
    }
}
