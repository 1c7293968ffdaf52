using System.Collections.Immutable;
using ConnectorLint.Model;

namespace ConnectorLint.Tests.Model;

/// <summary>The indexed list answers as a scan of the list with <see cref="DomainPattern"/> does, for any list and name.</summary>
public class DomainSetTests
{
    private static DomainSet Set(params string[] patterns) =>
        new([.. patterns.Select(p => new Located<string>(p, new SourceSpan("f.yaml", 1, 1, 1, 2)))]);

    [Theory]
    [InlineData("contoso.com", "contoso.com")]
    [InlineData("mail.eu.contoso.com", "*.eu.contoso.com")]
    [InlineData("eu.contoso.com", "*.eu.contoso.com")]
    [InlineData("us.contoso.com", "*.contoso.com")]
    [InlineData("fabrikam.com", "smtp:*;1")]
    [InlineData("CONTOSO.COM.", "contoso.com")]
    public void TheMostSpecificEntryCovers(string domain, string expected) =>
        Assert.Equal(expected, Set("smtp:*;1", "*.contoso.com", "contoso.com", "*.eu.contoso.com", "X400:c=US;1").MostSpecific(domain)?.Value);

    [Fact]
    public void EverythingCanBeLeftOut()
    {
        var set = Set("*", "*.contoso.com");
        Assert.Null(set.MostSpecific("fabrikam.com", withoutEverything: true));
        Assert.Equal("*.contoso.com", set.MostSpecific("a.contoso.com", withoutEverything: true)?.Value);
        Assert.Equal("*", set.MostSpecific("fabrikam.com")?.Value);
        Assert.False(Set("X400:*;1").Covers("contoso.com"));
    }

    [Fact]
    public void AgreesWithAScanOfTheListOnRandomListsAndNames()
    {
        var random = new Random(20261207);
        string[] labels = ["contoso", "com", "eu", "mail", "fabrikam", "net"];
        string Name(int parts) => string.Join('.', Enumerable.Range(0, parts).Select(_ => labels[random.Next(labels.Length)]));
        for (var round = 0; round < 2000; round++)
        {
            var patterns = Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(6) switch
            {
                0 => "*",
                1 => "*." + Name(random.Next(1, 3)),
                2 => $"SMTP:{Name(random.Next(1, 3))};{random.Next(1, 5)}",
                _ => Name(random.Next(1, 4)),
            }).ToArray();
            var name = Name(random.Next(1, 4));
            var scan = patterns.Select(DomainPattern.Parse).Where(p => p.Covers(name)).ToList();

            var set = Set(patterns);

            var what = $"[{string.Join(", ", patterns)}] and {name}";
            Assert.True(scan.Count > 0 == set.Covers(name), what);
            Assert.True((scan.Count == 0 ? -1 : scan.Max(p => p.Specificity)) == set.Specificity(name), what);
        }
    }
}
