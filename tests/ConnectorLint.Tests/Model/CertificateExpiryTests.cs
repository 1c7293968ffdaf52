using ConnectorLint.Model;

namespace ConnectorLint.Tests.Model;

/// <summary>The one expiry window CL207 and CL703 read, at its edges.</summary>
public class CertificateExpiryTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("2026-11-22", ExpiryState.Expired)]
    [InlineData("2026-11-23", ExpiryState.ExpiresSoon)]
    [InlineData("2026-12-23", ExpiryState.ExpiresSoon)]
    [InlineData("2026-12-24", ExpiryState.Valid)]
    public void AtTheEdgesOfAThirtyDayWindow(string notAfter, ExpiryState expected) =>
        Assert.Equal(expected, CertificateExpiry.Judge(DateOnly.Parse(notAfter, System.Globalization.CultureInfo.InvariantCulture), Today, 30));

    [Fact]
    public void TheLastDayHasNoDaysLeftAndIsNotExpired()
    {
        Assert.Equal(0, CertificateExpiry.DaysLeft(Today, Today));
        Assert.Equal(-1, CertificateExpiry.DaysLeft(Today.AddDays(-1), Today));
        Assert.Equal(ExpiryState.ExpiresSoon, CertificateExpiry.Judge(Today, Today, 0));
        Assert.Equal(ExpiryState.Valid, CertificateExpiry.Judge(Today.AddDays(1), Today, 0));
    }
}
