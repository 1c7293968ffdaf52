using ConnectorLint.Model;

namespace ConnectorLint.Tests.Model;

public class DomainPatternTests
{
    [Theory]
    [InlineData("*", "*", "SMTP", 1)]
    [InlineData("Contoso.com.", "contoso.com", "SMTP", 1)]
    [InlineData("SMTP:*.contoso.com;5", "*.contoso.com", "SMTP", 5)]
    [InlineData("smtp:fabrikam.com", "fabrikam.com", "SMTP", 1)]
    [InlineData("X400:c=US;a= ;p=Contoso", "c=us", "X400", 0)]
    [InlineData("*;10", "*", "SMTP", 10)]
    public void ParsesTheCmdletForms(string text, string pattern, string type, int cost) =>
        Assert.Equal(new DomainPattern(pattern, type, cost), DomainPattern.Parse(text));

    [Theory]
    [InlineData("*", "anything.example", true)]
    [InlineData("contoso.com", "CONTOSO.com.", true)]
    [InlineData("contoso.com", "mail.contoso.com", false)]
    [InlineData("*.contoso.com", "contoso.com", true)]
    [InlineData("*.contoso.com", "a.b.contoso.com", true)]
    [InlineData("*.contoso.com", "notcontoso.com", false)]
    [InlineData("X400:*", "contoso.com", false)]
    public void Covers(string pattern, string domain, bool expected) => Assert.Equal(expected, DomainPattern.Parse(pattern).Covers(domain));

    [Fact]
    public void TheLongestMatchIsTheMostSpecific()
    {
        var ordered = new[] { "*", "*.contoso.com", "contoso.com", "*.eu.contoso.com" }.Select(DomainPattern.Parse).OrderBy(p => p.Specificity).Select(p => p.Pattern);
        Assert.Equal(["*", "*.contoso.com", "contoso.com", "*.eu.contoso.com"], ordered);
        Assert.True(DomainPattern.Parse("contoso.com").Specificity > DomainPattern.Parse("*.contoso.com").Specificity);
    }

    [Theory]
    [InlineData("app@Contoso.com.", "contoso.com")]
    [InlineData("\"a@b\"@contoso.com", "contoso.com")]
    [InlineData("contoso.com", "contoso.com")]
    public void DomainOf(string address, string domain) => Assert.Equal(domain, DomainPattern.DomainOf(address));
}
