using System.Diagnostics;
using ConnectorLint.Tests.Cli;

namespace ConnectorLint.Tests.Loading;

/// <summary>
/// Every regular expression that sees user input gets a 1 MB string built to make a backtracking
/// engine go quadratic, inside a file linted end to end. A linear engine finishes in well under the
/// bound; a quadratic one takes tens of seconds (41 s for the secret scanner before).
/// </summary>
public class AdversarialInputTests
{
    private const int Size = 1024 * 1024;

    public static TheoryData<string, string, string> Cases() => new()
    {
        // (what, text replaced in the example, its 1 MB replacement)
        { "secret scanner: letters", "name: Copier 3rd floor", "name: " + new string('a', Size) },
        { "secret scanner: almost a key", "name: Copier 3rd floor", "name: \"" + string.Concat(Enumerable.Repeat("abc8Q~", Size / 6)) + "\"" },
        { "secret scanner: almost a JWT", "name: Copier 3rd floor", "name: " + string.Concat(Enumerable.Repeat("eyJaaaaaaaaaaaa.", Size / 16)) },
        { "secret scanner: almost a URL credential", "name: Copier 3rd floor", "name: \"" + string.Concat(Enumerable.Repeat("a://b:", Size / 6)) + "\"" },
        { "schema IPv6 patterns: colons", "remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [\"" + new string(':', Size) + "\"]" },
        { "schema IPv6 range: colons and dashes", "remoteIPRanges: [10.20.0.0/24]", "remoteIPRanges: [\"" + string.Concat(Enumerable.Repeat(":-", Size / 2)) + "\"]" },
        { "schema host name: labels", "smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [" + string.Concat(Enumerable.Repeat("a-.", Size / 3)) + "]" },
        { "schema domain name", "domainName: contoso.net", "domainName: " + string.Concat(Enumerable.Repeat("a.", Size / 2)) + "-" },
        { "schema e-mail address", "mailFrom: scanner@contoso.com", "mailFrom: \"" + new string('@', Size) + "\"" },
        { "schema address space", "addressSpaces: [\"*\"]", "addressSpaces: [\"" + string.Concat(Enumerable.Repeat("a:", Size / 2)) + "\"]" },
        { "schema binding", "bindings: [\"0.0.0.0:25\"]", "bindings: [\"[" + new string(':', Size) + "\"]" },
        { "schema DMARC", "dmarc: \"v=DMARC1; p=reject; rua=mailto:dmarc@contoso.com\"", "dmarc: \"v=DMARC1" + new string(' ', Size) + "x\"" },
        { "YAML number resolution", "name: Copier 3rd floor", "name: " + new string('1', Size) + "x" },
        { "YAML float resolution", "name: Copier 3rd floor", "name: " + new string('1', Size) + ".5e" },
        { "suppression directive", "# Contoso: a hybrid", "# connectorlint-disable-next-line" + new string(' ', Size) + "x\n# Contoso: a hybrid" },
        { "EOP endpoint parsing", "smartHosts: [contoso-com.mail.protection.outlook.com]", "smartHosts: [" + string.Concat(Enumerable.Repeat("a-", 120)) + "a.mx.microsoft]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ALintOfAOneMegabyteAdversarialValueFinishesInTime(string what, string find, string replacement)
    {
        var text = TestPaths.ExampleText("contoso-hybrid.yaml");
        Assert.Contains(find, text, StringComparison.Ordinal);
        var path = Path.Combine(Directory.CreateTempSubdirectory("connectorlint-redos-").FullName, "redos.yaml");
        File.WriteAllText(path, text.Replace(find, replacement, StringComparison.Ordinal));

        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run("lint", "--format", "json", path);
        clock.Stop();

        Assert.True(result.ExitCode is 0 or 1, $"{what}: exit {result.ExitCode} {result.Stderr}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{what}: the lint took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
