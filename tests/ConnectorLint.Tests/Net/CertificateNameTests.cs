using ConnectorLint.Net;

namespace ConnectorLint.Tests.Net;

/// <summary>RFC 6125 matching as the certificate rules use it.</summary>
public class CertificateNameTests
{
    [Theory]
    [InlineData("mail.contoso.com", "MAIL.contoso.com.", true)]
    [InlineData("*.contoso.com", "mail.contoso.com", true)]
    [InlineData("mail.contoso.com", "*.contoso.com", true)]
    [InlineData("*.contoso.com", "contoso.com", false)]
    [InlineData("*.contoso.com", "a.b.contoso.com", false)]
    [InlineData("*.contoso.com", "*.contoso.com", true)]
    [InlineData("*.contoso.com", "*.fabrikam.com", false)]
    [InlineData("mail.contoso.com", "smtp.contoso.com", false)]
    [InlineData("*.contoso.com", "localhost", false)]
    public void Matches(string presented, string reference, bool expected) => Assert.Equal(expected, CertificateName.Matches(presented, reference));

    [Fact]
    public void NormalizeAndIsWildcard()
    {
        Assert.Equal("mail.contoso.com", CertificateName.Normalize(" Mail.Contoso.COM. "));
        Assert.True(CertificateName.IsWildcard("*.contoso.com"));
        Assert.False(CertificateName.IsWildcard("mail*.contoso.com"));
    }
}
