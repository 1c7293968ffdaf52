using ConnectorLint.Exchange;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Tests.Exchange;

/// <summary>
/// TenantAttribution.Attribute's decision on its own: which connector applies, and when none does,
/// the nearest one, the reason an admin reads and the place in the file that failed.
/// </summary>
public class AttributionDecisionTests
{
    private static readonly DesiredState State = DesiredStateLoader.Load("t.yaml", TestPaths.ExampleText("contoso-hybrid.yaml")).State!;

    private static InboundConnector FromOnPremises => State.InboundConnectors.Single(c => c.Name.Value == "From on-premises");

    private static Certificate Smtp2026 => State.OnPremises!.Certificates.Single();

    private static readonly IpRange Egress = IpRange.Parse("203.0.113.25");

    private static readonly IpRange Elsewhere = IpRange.Parse("198.51.100.9");

    [Fact]
    public void TheRightCertificateAndAddressAttributeByCertificate()
    {
        var decision = TenantAttribution.Attribute([FromOnPremises], Egress, Smtp2026);
        Assert.Same(FromOnPremises, decision.Connector);
        Assert.True(decision.ByCertificate);
        Assert.Equal("", decision.Reason);
    }

    [Fact]
    public void AConnectorByAddressOnlyIsNotByCertificate()
    {
        var byAddress = FromOnPremises with { TlsSenderCertificateName = null };
        var decision = TenantAttribution.Attribute([byAddress], Egress, null);
        Assert.Same(byAddress, decision.Connector);
        Assert.False(decision.ByCertificate);
    }

    [Fact]
    public void NoCandidateSaysThereIsNone()
    {
        var decision = TenantAttribution.Attribute([], Egress, Smtp2026);
        Assert.Null(decision.Connector);
        Assert.Null(decision.Nearest);
        Assert.False(decision.ByCertificate);
        Assert.Equal("no enabled inbound connector of type onPremises", decision.Reason);
    }

    [Fact]
    public void TheSourceMayLieInAnyOfTheConnectorsRanges()
    {
        var twoRanges = FromOnPremises with { SenderIPAddresses = [new(IpRange.Parse("192.0.2.0/24"), FromOnPremises.Span), new(Egress, FromOnPremises.Span)] };
        Assert.Same(twoRanges, TenantAttribution.Attribute([twoRanges], Egress, Smtp2026).Connector);
    }

    [Fact]
    public void AWrongAddressNamesEveryRangeOfTheConnector()
    {
        var twoRanges = FromOnPremises with { SenderIPAddresses = [new(IpRange.Parse("192.0.2.0/24"), FromOnPremises.Span), new(Egress, FromOnPremises.Span)] };
        var decision = TenantAttribution.Attribute([twoRanges], Elsewhere, Smtp2026);
        Assert.Null(decision.Connector);
        Assert.False(decision.ByCertificate);
        Assert.Equal("it expects mail from 192.0.2.0/24, 203.0.113.25, the mail comes from 198.51.100.9", decision.Reason);
    }

    [Fact]
    public void TheNearestConnectorIsTheOneWithMoreCriteriaMet()
    {
        // Neither criterion met, then one: the second is nearer, whichever criterion it meets.
        var neither = FromOnPremises with { Name = FromOnPremises.Name with { Value = "Neither" }, TlsSenderCertificateName = FromOnPremises.TlsSenderCertificateName!.Value with { Value = "other.contoso.com" }, SenderIPAddresses = [new(IpRange.Parse("192.0.2.1"), FromOnPremises.Span)] };
        var certificateOnly = FromOnPremises with { Name = FromOnPremises.Name with { Value = "Certificate" } };
        Assert.Same(certificateOnly, TenantAttribution.Attribute([neither, certificateOnly], Elsewhere, Smtp2026).Nearest);

        var addressOnly = FromOnPremises with { Name = FromOnPremises.Name with { Value = "Address" } };
        Assert.Same(addressOnly, TenantAttribution.Attribute([neither, addressOnly], Egress, null).Nearest);
    }

    [Fact]
    public void AConnectorForOtherDomainsSaysWhichItHolds()
    {
        var scoped = FromOnPremises with { AssociatedAcceptedDomains = [new("contoso.net", FromOnPremises.Span), new("contoso.org", FromOnPremises.Span)] };
        var decision = TenantAttribution.Attribute([scoped], Egress, Smtp2026, "contoso.com");
        Assert.Null(decision.Connector);
        Assert.False(decision.ByCertificate);
        Assert.Same(scoped, decision.Nearest);
        Assert.Equal("its associatedAcceptedDomains (contoso.net, contoso.org) do not hold contoso.com", decision.Reason);
        Assert.Same(scoped, TenantAttribution.Attribute([scoped], Egress, Smtp2026, "contoso.org").Connector);
    }

    [Fact]
    public void AWrongCertificateFailsAtTlsSenderCertificateName()
    {
        var decision = TenantAttribution.Attribute([FromOnPremises], Egress, null);
        Assert.Null(decision.Connector);
        Assert.Same(FromOnPremises, decision.Nearest);
        Assert.Equal("it expects a certificate named 'mail.contoso.com', the connection presents none", decision.Reason);
        Assert.Equal(FromOnPremises.TlsSenderCertificateName!.Value.Span, decision.FailedOn);
    }

    [Fact]
    public void AWrongAddressFailsAtSenderIPAddresses()
    {
        var decision = TenantAttribution.Attribute([FromOnPremises], Elsewhere, Smtp2026);
        Assert.Null(decision.Connector);
        Assert.Equal("it expects mail from 203.0.113.25, the mail comes from 198.51.100.9", decision.Reason);
        Assert.Equal(FromOnPremises.SenderIPAddressesSpan, decision.FailedOn);

        var unknown = TenantAttribution.Attribute([FromOnPremises], null, Smtp2026);
        Assert.Equal("it expects mail from 203.0.113.25, the mail comes from an address this file does not give", unknown.Reason);
    }

    [Fact]
    public void AConnectorWithNoCriterionAttributesNothing()
    {
        var open = FromOnPremises with { TlsSenderCertificateName = null, SenderIPAddresses = [] };
        var decision = TenantAttribution.Attribute([open], Egress, Smtp2026);
        Assert.Null(decision.Connector);
        Assert.Equal("it sets neither tlsSenderCertificateName nor senderIPAddresses", decision.Reason);
        Assert.Equal(open.Name.Span, decision.FailedOn);
    }

    [Fact]
    public void TheNearestIsTheOneThatMetMoreCriteriaAndTheFirstAmongEquals()
    {
        var neither = FromOnPremises with { Name = FromOnPremises.Name with { Value = "Neither" }, TlsSenderCertificateName = FromOnPremises.TlsSenderCertificateName!.Value with { Value = "other.contoso.com" }, SenderIPAddresses = [new Located<IpRange>(IpRange.Parse("192.0.2.1"), FromOnPremises.Span)] };
        var addressOnly = FromOnPremises with { Name = FromOnPremises.Name with { Value = "Address only" }, TlsSenderCertificateName = FromOnPremises.TlsSenderCertificateName!.Value with { Value = "other.contoso.com" } };
        var decision = TenantAttribution.Attribute([neither, addressOnly], Egress, Smtp2026);
        Assert.Equal("Address only", decision.Nearest!.Name.Value);
        Assert.StartsWith("it expects a certificate named 'other.contoso.com', the connection presents 'smtp-2026' (mail.contoso.com, autodiscover.contoso.com)", decision.Reason, StringComparison.Ordinal);

        var twice = TenantAttribution.Attribute([addressOnly, addressOnly with { Name = addressOnly.Name with { Value = "Second" } }], Egress, Smtp2026);
        Assert.Equal("Address only", twice.Nearest!.Name.Value);
    }

    [Fact]
    public void AssociatedAcceptedDomainsScopeTheConnector()
    {
        var scoped = FromOnPremises with { AssociatedAcceptedDomains = [new Located<string>("contoso.net", FromOnPremises.Span)] };
        Assert.Same(scoped, TenantAttribution.Attribute([scoped], Egress, Smtp2026, "contoso.net").Connector);
        var outside = TenantAttribution.Attribute([scoped], Egress, Smtp2026, "contoso.com");
        Assert.Null(outside.Connector);
        Assert.Same(scoped, outside.Nearest);
        Assert.Equal("its associatedAcceptedDomains (contoso.net) do not hold contoso.com", outside.Reason);
        Assert.Equal(scoped.Name.Span, outside.FailedOn);
        Assert.Equal("no enabled inbound connector of type onPremises", TenantAttribution.Attribute([], Egress, Smtp2026, "contoso.com").Reason);
    }

    [Theory]
    [InlineData("*.contoso.com", "*.contoso.com", true)]
    [InlineData("*.contoso.com", "*.mail.contoso.com", true)]
    [InlineData("*.contoso.com", "*.fabrikam.com", false)]
    [InlineData("contoso.com", "*.contoso.com", false)]
    public void WildcardAgainstWildcard(string expected, string presented, bool satisfies) =>
        Assert.Equal(satisfies, TenantAttribution.NameSatisfies(expected, presented));
}

/// <summary>Exchange Online's endpoints in every cloud, and the names that are not endpoints.</summary>
public class ExchangeOnlineEndpointTests
{
    [Theory]
    [InlineData(Cloud.Commercial, "mail.protection.outlook.com", "spf.protection.outlook.com", "commercial")]
    [InlineData(Cloud.GccHigh, "mail.protection.office365.us", "spf.protection.office365.us", "gccHigh")]
    [InlineData(Cloud.Dod, "mail.protection.office365.us", "spf.protection.office365.us", "dod")]
    [InlineData(Cloud.China, "mail.protection.partner.outlook.cn", "spf.protection.partner.outlook.cn", "china")]
    public void EachCloudsEndpoints(Cloud cloud, string mx, string spf, string name)
    {
        Assert.Equal(mx, ExchangeOnlineEndpoints.MxSuffix(cloud));
        Assert.Equal(spf, ExchangeOnlineEndpoints.SpfInclude(cloud));
        Assert.Equal(name, ExchangeOnlineEndpoints.Name(cloud));
        // GCC High and DoD share their endpoints: the host names a cloud with the same endpoints.
        Assert.True(ExchangeOnlineEndpoints.SameCloudEndpoints(cloud, ExchangeOnlineEndpoints.Parse("contoso-com." + mx)!.Cloud));
    }

    [Theory]
    [InlineData("mail.protection.outlook.com")]
    [InlineData(".mail.protection.outlook.com")]
    [InlineData("a.b.mail.protection.outlook.com")]
    [InlineData("mail.contoso.com")]
    public void NamesThatAreNotATenantEndpoint(string host) => Assert.Null(ExchangeOnlineEndpoints.Parse(host));

    [Fact]
    public void TheDnssecEndpointIsCommercial()
    {
        var host = ExchangeOnlineEndpoints.Parse("contoso-com.o-v1.mx.microsoft")!;
        Assert.Equal(("contoso-com", Cloud.Commercial, true), (host.Token, host.Cloud, host.Dnssec));
        Assert.False(ExchangeOnlineEndpoints.Parse("contoso-com.mail.protection.outlook.com")!.Dnssec);
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com", true)]
    [InlineData("contoso.mail.onmicrosoft.com", true)]
    [InlineData("onmicrosoft.com", false)]
    [InlineData(".onmicrosoft.com", false)]
    [InlineData("contoso.com", false)]
    public void MicrosoftManagedDomains(string domain, bool managed) => Assert.Equal(managed, ExchangeOnlineEndpoints.IsMicrosoftManaged(domain));

    [Theory]
    [InlineData("mail.global.frontbridge.com", true)]
    [InlineData("contoso-com.mail.eo.outlook.com", true)]
    [InlineData("contoso-com.mail.protection.outlook.com", false)]
    public void RetiredHosts(string host, bool retired) => Assert.Equal(retired, ExchangeOnlineEndpoints.IsRetired(host));
}
