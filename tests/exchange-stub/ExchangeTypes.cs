// Exchange's own types, as far as the mail-flow cmdlets return them, for the stub module
// (ExchangeStub.psm1 compiles this with Add-Type). Type names, property names and types, the text
// each value prints (ToString) and the enumerations' values follow Microsoft's cmdlet reference
// (Get-SendConnector, Get-ReceiveConnector, Get-ExchangeCertificate, Get-InboundConnector, ...) and
// what Export-Clixml writes for them on Exchange 2019: every object carries ExchangeVersion (bytes),
// multi-valued properties are MultiValuedProperty`1 lists, AD links are ADObjectId objects.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Microsoft.Exchange.Data
{
    public struct ExchangeBuild
    {
        public ExchangeBuild(byte major, byte minor, ushort build, ushort buildRevision)
        {
            Major = major; Minor = minor; Build = build; BuildRevision = buildRevision;
        }

        public byte Major { get; }
        public byte Minor { get; }
        public ushort Build { get; }
        public ushort BuildRevision { get; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}.{3}", Major, Minor, Build, BuildRevision);
    }

    /// <summary>The object's version as Exchange stores it: 0.20 (15.0.0.0) on Exchange 2013 and later, 0.1 (8.0.535.0) on objects made by 2007/2010.</summary>
    public sealed class ExchangeObjectVersion
    {
        public ExchangeObjectVersion(byte major, byte minor, ExchangeBuild build)
        {
            Major = major; Minor = minor; ExchangeBuild = build;
        }

        public static readonly ExchangeObjectVersion Exchange2012 = new ExchangeObjectVersion(0, 20, new ExchangeBuild(15, 0, 0, 0));

        public byte Major { get; }
        public byte Minor { get; }
        public ExchangeBuild ExchangeBuild { get; }
        public bool IsOldExchangeVersion => false;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}.{1} ({2})", Major, Minor, ExchangeBuild);
    }

    public abstract class MultiValuedPropertyBase : IList
    {
        protected readonly ArrayList items = new ArrayList();

        public bool IsReadOnly => false;
        public bool IsFixedSize => false;
        public int Count => items.Count;
        public bool IsSynchronized => false;
        public object SyncRoot => items.SyncRoot;
        public bool IsChangesOnlyCopy => false;
        public object this[int index] { get => items[index]; set => items[index] = value; }
        public int Add(object value) => items.Add(value);
        public void Clear() => items.Clear();
        public bool Contains(object value) => items.Contains(value);
        public int IndexOf(object value) => items.IndexOf(value);
        public void Insert(int index, object value) => items.Insert(index, value);
        public void Remove(object value) => items.Remove(value);
        public void RemoveAt(int index) => items.RemoveAt(index);
        public void CopyTo(Array array, int index) => items.CopyTo(array, index);
        public IEnumerator GetEnumerator() => items.GetEnumerator();

        public override string ToString() => string.Join(", ", items.ToArray());
    }

    public class MultiValuedProperty<T> : MultiValuedPropertyBase
    {
        public MultiValuedProperty()
        {
        }

        public MultiValuedProperty(IEnumerable<T> values)
        {
            foreach (var value in values)
            {
                items.Add(value);
            }
        }
    }

    public sealed class SmtpDomain
    {
        public SmtpDomain(string domain) => Domain = domain;

        public string Domain { get; }

        public override string ToString() => Domain;
    }

    /// <summary>A domain that may be *.contoso.com or *: prints as written.</summary>
    public sealed class SmtpDomainWithSubdomains
    {
        public SmtpDomainWithSubdomains(string text)
        {
            IncludeSubDomains = text.StartsWith("*", StringComparison.Ordinal);
            IsStar = text == "*";
            Domain = IsStar ? "" : IncludeSubDomains ? text.Substring(2) : text;
            Address = text;
        }

        public string Domain { get; }
        public bool IncludeSubDomains { get; }
        public bool IsStar { get; }
        public string Address { get; }
        public SmtpDomain SmtpDomain => IsStar ? null : new SmtpDomain(Domain);

        public override string ToString() => Address;
    }

    public sealed class Fqdn
    {
        public Fqdn(string domain) => Domain = domain;

        public string Domain { get; }

        public override string ToString() => Domain;
    }

    /// <summary>A send connector's or inbound connector's address space: SMTP:*.contoso.com;1.</summary>
    public sealed class AddressSpace
    {
        public static AddressSpace Parse(string text)
        {
            var colon = text.IndexOf(':');
            var type = colon > 0 ? text.Substring(0, colon) : "SMTP";
            var rest = colon > 0 ? text.Substring(colon + 1) : text;
            var semicolon = rest.LastIndexOf(';');
            var address = semicolon >= 0 ? rest.Substring(0, semicolon) : rest;
            var cost = semicolon >= 0 ? int.Parse(rest.Substring(semicolon + 1), CultureInfo.InvariantCulture) : 1;
            return new AddressSpace { Type = type, Address = address, Cost = cost };
        }

        public string Address { get; private set; }
        public string Type { get; private set; }
        public int Cost { get; private set; }
        public bool IncludeSubDomains => Address.StartsWith("*", StringComparison.Ordinal);
        public string Domain => Address;
        public bool IsSmtpType => string.Equals(Type, "SMTP", StringComparison.OrdinalIgnoreCase);
        public bool IsX400Type => Type == "X400";
        public object X400Address => null;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}:{1};{2}", Type, Address, Cost);
    }

    public sealed class SmartHost
    {
        public static SmartHost Parse(string text)
        {
            var isAddress = text.StartsWith("[", StringComparison.Ordinal);
            return new SmartHost
            {
                IsIPAddress = isAddress,
                Address = isAddress ? IPAddress.Parse(text.Trim('[', ']')) : IPAddress.Any,
                Domain = isAddress ? null : new Hostname(text),
                text = text,
            };
        }

        private string text;

        public IPAddress Address { get; private set; }
        public bool IsIPAddress { get; private set; }
        public Hostname Domain { get; private set; }

        public override string ToString() => text;
    }

    public sealed class Hostname
    {
        public Hostname(string hostname) => HostnameString = hostname;

        public string HostnameString { get; }

        public override string ToString() => HostnameString;
    }

    /// <summary>A certificate named by issuer and subject: &lt;I&gt;CN=CA&lt;S&gt;CN=mail.contoso.com.</summary>
    public sealed class SmtpX509Identifier
    {
        public static SmtpX509Identifier Parse(string text)
        {
            var s = text.IndexOf("<S>", StringComparison.OrdinalIgnoreCase);
            var issuer = text.StartsWith("<I>", StringComparison.OrdinalIgnoreCase) && s > 0 ? text.Substring(3, s - 3) : null;
            var subject = s >= 0 ? text.Substring(s + 3) : text;
            return new SmtpX509Identifier { CertificateIssuer = issuer, CertificateSubject = subject };
        }

        public string CertificateSubject { get; private set; }
        public string CertificateIssuer { get; private set; }
        public SmtpDomainWithSubdomains SubjectCommonName => null;

        public override string ToString() => CertificateIssuer == null ? "<S>" + CertificateSubject : "<I>" + CertificateIssuer + "<S>" + CertificateSubject;
    }

    /// <summary>An inbound connector's TlsSenderCertificateName: a domain (*.contoso.com) or an issuer and subject.</summary>
    public sealed class TlsCertificate
    {
        public TlsCertificate(string text) => this.text = text;

        private readonly string text;

        public SmtpDomainWithSubdomains TlsCertificateName => text.StartsWith("<", StringComparison.Ordinal) ? null : new SmtpDomainWithSubdomains(text);
        public SmtpX509Identifier TlsCertificateX509Identifier => text.StartsWith("<", StringComparison.Ordinal) ? SmtpX509Identifier.Parse(text) : null;

        public override string ToString() => text;
    }

    public enum IPRangeFormat
    {
        LoHi = 0,
        CIDR = 1,
        SingleAddress = 2,
    }

    /// <summary>10.0.0.0/24, 10.0.0.5-10.0.0.9 or 10.0.0.5: prints as the range was given.</summary>
    public sealed class IPRange
    {
        public static IPRange Parse(string text)
        {
            var range = new IPRange { Expression = text };
            if (text.Contains("/"))
            {
                var parts = text.Split('/');
                range.RangeFormat = IPRangeFormat.CIDR;
                range.LowerBound = IPAddress.Parse(parts[0]);
                range.CIDRLength = short.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (text.Contains("-"))
            {
                var parts = text.Split('-');
                range.RangeFormat = IPRangeFormat.LoHi;
                range.LowerBound = IPAddress.Parse(parts[0]);
                range.UpperBound = IPAddress.Parse(parts[1]);
            }
            else
            {
                range.RangeFormat = IPRangeFormat.SingleAddress;
                range.LowerBound = IPAddress.Parse(text);
                range.UpperBound = range.LowerBound;
            }

            return range;
        }

        public IPAddress LowerBound { get; private set; }
        public IPAddress UpperBound { get; private set; }
        public short CIDRLength { get; private set; } = -1;
        public IPRangeFormat RangeFormat { get; private set; }
        public string Expression { get; private set; }

        public override string ToString() => Expression;
    }

    /// <summary>A receive connector's binding: 0.0.0.0:25, [::]:25.</summary>
    public sealed class IPBinding : IPEndPoint
    {
        private IPBinding(IPAddress address, int port) : base(address, port)
        {
        }

        public static new IPBinding Parse(string text)
        {
            var colon = text.LastIndexOf(':');
            return new IPBinding(IPAddress.Parse(text.Substring(0, colon).Trim('[', ']')), int.Parse(text.Substring(colon + 1), CultureInfo.InvariantCulture));
        }
    }

    public sealed class ByteQuantifiedSize
    {
        public ByteQuantifiedSize(ulong bytes) => Bytes = bytes;

        public ulong Bytes { get; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} MB ({1:N0} bytes)", Bytes / 1048576, Bytes);
    }

    public sealed class SmtpReceiveDomainCapabilities
    {
        public SmtpReceiveDomainCapabilities(string text) => this.text = text;

        private readonly string text;

        public override string ToString() => text;
    }

    public enum TlsAuthLevel
    {
        EncryptionOnly = 1,
        CertificateValidation = 2,
        DomainValidation = 4,
    }

    public enum AcceptedDomainType
    {
        Authoritative = 0,
        ExternalRelay = 1,
        InternalRelay = 2,
    }

    [Flags]
    public enum ServerRole
    {
        None = 0,
        Cafe = 1,
        Mailbox = 2,
        ClientAccess = 4,
        UnifiedMessaging = 16,
        HubTransport = 32,
        Edge = 64,
        FrontendTransport = 16384,
    }

    [Flags]
    public enum PermissionGroups
    {
        None = 0,
        AnonymousUsers = 1,
        ExchangeUsers = 2,
        ExchangeServers = 4,
        ExchangeLegacyServers = 8,
        Partners = 16,
        Custom = 32,
    }

    public abstract class ConfigurableObject
    {
        public Directory.ADObjectId Identity { get; set; }
        public bool IsValid => true;
        public ExchangeObjectVersion ExchangeVersion { get; set; } = ExchangeObjectVersion.Exchange2012;
        public string ObjectState => "Unchanged";
    }
}

namespace Microsoft.Exchange.Data.Directory
{
    using Microsoft.Exchange.Data;

    /// <summary>A link to an Active Directory object: prints as its name (EX01), or for a site as its canonical path.</summary>
    public sealed class ADObjectId
    {
        public ADObjectId(string name, string distinguishedName, string printed = null)
        {
            Name = name;
            DistinguishedName = distinguishedName;
            var comma = distinguishedName.IndexOf(",CN=", StringComparison.Ordinal);
            Rdn = comma > 0 ? distinguishedName.Substring(0, comma) : distinguishedName;
            Parent = comma > 0 ? distinguishedName.Substring(comma + 4).Split(',')[0] : null;
            Depth = distinguishedName.Split(',').Length;
            ObjectGuid = Guid.NewGuid();
            toStringVal = printed ?? name;
        }

        private readonly string toStringVal;

        public object OrgHierarchyToIgnore => null;
        public bool IsDeleted => false;
        public string Rdn { get; }
        public string Parent { get; }
        public int Depth { get; }
        public string DistinguishedName { get; }
        public bool IsRelativeDn => false;
        public string DomainId => "contoso.local";
        public Guid PartitionGuid => Guid.Empty;
        public string PartitionFQDN => "contoso.local";
        public Guid ObjectGuid { get; }
        public string Name { get; }

        public override string ToString() => toStringVal;
    }

    public abstract class ADObject : ConfigurableObject
    {
        public string Name { get; set; }
        public string DistinguishedName => Identity?.DistinguishedName;
        public Guid Guid { get; } = Guid.NewGuid();
        public DateTime? WhenChanged { get; set; } = new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Local);
        public DateTime? WhenChangedUTC { get; set; } = new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);
        public string OriginatingServer => "dc01.contoso.local";

        public override string ToString() => Identity?.ToString() ?? Name;
    }

    public abstract class ADConfigurationObject : ADObject
    {
    }
}

namespace Microsoft.Exchange.Data.Directory.SystemConfiguration
{
    using Microsoft.Exchange.Data;
    using Microsoft.Exchange.Data.Directory;

    public abstract class ADLegacyVersionableObject : ADConfigurationObject
    {
    }

    public abstract class SendConnector : ADLegacyVersionableObject
    {
        public MultiValuedProperty<AddressSpace> AddressSpaces { get; set; } = new MultiValuedProperty<AddressSpace>();
        public ADObjectId SourceRoutingGroup { get; set; }
        public bool IsScopedConnector { get; set; }
        public bool IsSmtpConnector => true;
        public string Comment { get; set; } = "";
        public bool Enabled { get; set; } = true;
    }

    public abstract class MailGateway : SendConnector
    {
    }

    public sealed class SmtpSendConnectorConfig : MailGateway
    {
        [Flags]
        public enum AuthMechanisms
        {
            None = 0,
            BasicAuth = 2,
            BasicAuthRequireTLS = 4,
            ExchangeServer = 8,
            ExternalAuthoritative = 16,
        }

        public bool DNSRoutingEnabled { get; set; }
        public SmtpDomainWithSubdomains TlsDomain { get; set; }
        public TlsAuthLevel? TlsAuthLevel { get; set; }
        public MultiValuedProperty<SmartHost> SmartHosts { get; set; } = new MultiValuedProperty<SmartHost>();
        public int Port { get; set; } = 25;
        public bool ForceHELO { get; set; }
        public bool FrontendProxyEnabled { get; set; }
        public bool IgnoreSTARTTLS { get; set; }
        public bool CloudServicesMailEnabled { get; set; }
        public Fqdn Fqdn { get; set; }
        public SmtpX509Identifier TlsCertificateName { get; set; }
        public bool RequireTLS { get; set; }
        public bool RequireOorg { get; set; }
        public AuthMechanisms SmartHostAuthMechanism { get; set; }
        public object AuthenticationCredential => null;
        public bool UseExternalDNSServersEnabled { get; set; }
        public bool DomainSecureEnabled { get; set; }
        public IPAddress SourceIPAddress { get; set; } = IPAddress.Any;
        public int SmtpMaxMessagesPerConnection { get; set; } = 20;
        public string SmartHostsString => string.Join(",", SmartHosts);
        public MultiValuedProperty<ADObjectId> SourceTransportServers { get; set; } = new MultiValuedProperty<ADObjectId>();
        public ByteQuantifiedSize MaxMessageSize { get; set; } = new ByteQuantifiedSize(36700160);
    }

    public sealed class ReceiveConnector : ADConfigurationObject
    {
        [Flags]
        public enum AuthMechanisms
        {
            None = 0,
            Tls = 1,
            Integrated = 2,
            BasicAuth = 4,
            BasicAuthRequireTLS = 8,
            ExchangeServer = 16,
            ExternalAuthoritative = 32,
        }

        public AuthMechanisms AuthMechanism { get; set; }
        public MultiValuedProperty<IPBinding> Bindings { get; set; } = new MultiValuedProperty<IPBinding>();
        public MultiValuedProperty<IPRange> RemoteIPRanges { get; set; } = new MultiValuedProperty<IPRange>();
        public PermissionGroups PermissionGroups { get; set; }
        public ServerRole TransportRole { get; set; }
        public ADObjectId Server { get; set; }
        public bool RequireTLS { get; set; }
        public bool Enabled { get; set; } = true;
        public Fqdn Fqdn { get; set; }
        public SmtpX509Identifier TlsCertificateName { get; set; }
        public MultiValuedProperty<SmtpReceiveDomainCapabilities> TlsDomainCapabilities { get; set; } = new MultiValuedProperty<SmtpReceiveDomainCapabilities>();
        public ByteQuantifiedSize MaxMessageSize { get; set; } = new ByteQuantifiedSize(37748736);
        public bool ProtocolLoggingLevelVerbose { get; set; }
    }

    public sealed class AcceptedDomain : ADConfigurationObject
    {
        public SmtpDomainWithSubdomains DomainName { get; set; }
        public AcceptedDomainType DomainType { get; set; }
        public bool Default { get; set; }
        public bool MatchSubDomains { get; set; }
        public bool AddressBookEnabled { get; set; } = true;
        public bool InitialDomain { get; set; }
    }

    public enum TenantConnectorType
    {
        OnPremises = 1,
        Partner = 2,
    }

    public enum TenantConnectorSource
    {
        Default = 0,
        HybridWizard = 1,
        Migrated = 2,
        AdminUI = 3,
    }

    public sealed class TenantInboundConnector : ADConfigurationObject
    {
        public bool Enabled { get; set; } = true;
        public TenantConnectorType ConnectorType { get; set; }
        public TenantConnectorSource ConnectorSource { get; set; }
        public string Comment { get; set; } = "";
        public MultiValuedProperty<IPRange> SenderIPAddresses { get; set; } = new MultiValuedProperty<IPRange>();
        public MultiValuedProperty<AddressSpace> SenderDomains { get; set; } = new MultiValuedProperty<AddressSpace>();
        public MultiValuedProperty<string> TrustedOrganizations { get; set; } = new MultiValuedProperty<string>();
        public MultiValuedProperty<string> AssociatedAcceptedDomains { get; set; } = new MultiValuedProperty<string>();
        public bool RequireTls { get; set; }
        public bool RestrictDomainsToIPAddresses { get; set; }
        public bool RestrictDomainsToCertificate { get; set; }
        public bool CloudServicesMailEnabled { get; set; }
        public bool TreatMessagesAsInternal { get; set; }
        public TlsCertificate TlsSenderCertificateName { get; set; }
        public MultiValuedProperty<IPRange> EFSkipIPs { get; set; } = new MultiValuedProperty<IPRange>();
        public bool EFSkipLastIP { get; set; }
        public MultiValuedProperty<string> EFUsers { get; set; } = new MultiValuedProperty<string>();
        public bool EFTestMode { get; set; }
        public MultiValuedProperty<string> ScanAndDropRecipients { get; set; } = new MultiValuedProperty<string>();
    }

    public sealed class TenantOutboundConnector : ADConfigurationObject
    {
        public bool Enabled { get; set; } = true;
        public bool UseMXRecord { get; set; }
        public string Comment { get; set; } = "";
        public TenantConnectorType ConnectorType { get; set; }
        public TenantConnectorSource ConnectorSource { get; set; }
        public MultiValuedProperty<SmtpDomainWithSubdomains> RecipientDomains { get; set; } = new MultiValuedProperty<SmtpDomainWithSubdomains>();
        public MultiValuedProperty<SmartHost> SmartHosts { get; set; } = new MultiValuedProperty<SmartHost>();
        public SmtpDomainWithSubdomains TlsDomain { get; set; }
        public TlsAuthLevel? TlsSettings { get; set; }
        public bool IsTransportRuleScoped { get; set; }
        public bool RouteAllMessagesViaOnPremises { get; set; }
        public bool CloudServicesMailEnabled { get; set; }
        public bool AllAcceptedDomains { get; set; }
        public bool SenderRewritingEnabled { get; set; }
        public bool TestMode { get; set; }
        public MultiValuedProperty<string> ValidationRecipients { get; set; } = new MultiValuedProperty<string>();
        public bool IsValidated { get; set; }
    }

    public sealed class TransportConfigContainer : ADConfigurationObject
    {
        public bool SmtpClientAuthenticationDisabled { get; set; }
        public ByteQuantifiedSize MaxSendSize { get; set; } = new ByteQuantifiedSize(36700160);
    }
}

namespace Microsoft.Exchange.Data.Directory.Management
{
    using Microsoft.Exchange.Data;
    using Microsoft.Exchange.Data.Directory;

    public sealed class OrganizationConfig : ADConfigurationObject
    {
        public bool RejectDirectSend { get; set; }
        public bool IsDehydrated { get; set; }
    }

    public sealed class ServerVersion
    {
        public ServerVersion(int major, int minor, int build, int revision)
        {
            Major = major; Minor = minor; Build = build; Revision = revision;
        }

        public int Major { get; }
        public int Minor { get; }
        public int Build { get; }
        public int Revision { get; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "Version {0}.{1} (Build {2}.{3})", Major, Minor, Build, Revision);
    }

    public sealed class ExchangeServer : ADConfigurationObject
    {
        public string Fqdn { get; set; }
        public ServerRole ServerRole { get; set; }
        public bool IsEdgeServer => (ServerRole & ServerRole.Edge) != 0;
        public bool IsHubTransportServer => (ServerRole & ServerRole.HubTransport) != 0;
        public bool IsMailboxServer => (ServerRole & ServerRole.Mailbox) != 0;
        public ADObjectId Site { get; set; }
        public ServerVersion AdminDisplayVersion { get; set; }
        public string Edition => "Standard";
    }
}

namespace Microsoft.Exchange.Management.SystemConfigurationTasks
{
    using Microsoft.Exchange.Data;

    [Flags]
    public enum AllowedServices
    {
        None = 0,
        IMAP = 1,
        POP = 2,
        UM = 4,
        IIS = 8,
        SMTP = 16,
        Federation = 32,
        UMCallRouter = 64,
    }

    /// <summary>Get-ExchangeCertificate's object; through remote PowerShell often RawData and Thumbprint alone are usable.</summary>
    public sealed class ExchangeCertificate
    {
        public ExchangeCertificate(byte[] rawData, string thumbprint)
        {
            RawData = rawData;
            using (var x509 = X509CertificateLoader.LoadCertificate(rawData))
            {
                Subject = x509.Subject;
                Issuer = x509.Issuer;
                NotAfter = x509.NotAfter;
                NotBefore = x509.NotBefore;
                SerialNumber = x509.SerialNumber;
                IsSelfSigned = x509.Subject == x509.Issuer;
            }

            Thumbprint = thumbprint;
        }

        public byte[] RawData { get; }
        public string Subject { get; }
        public string Issuer { get; }
        public DateTime NotAfter { get; }
        public DateTime NotBefore { get; }
        public string SerialNumber { get; }
        public string Thumbprint { get; }
        public bool IsSelfSigned { get; }
        public string FriendlyName { get; set; } = "";
        public AllowedServices Services { get; set; }
        public MultiValuedProperty<SmtpDomainWithSubdomains> DnsNameList { get; set; } = new MultiValuedProperty<SmtpDomainWithSubdomains>();
        public string Status => "Valid";
        public bool HasPrivateKey => true;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "[Subject]\r\n  {0}\r\n\r\n[Issuer]\r\n  {1}\r\n\r\n[Thumbprint]\r\n  {2}", Subject, Issuer, Thumbprint);

        /// <summary>A certificate with this subject, issuer, names and expiry, issued by a CA of that name (self-signed when the issuer is the subject).</summary>
        public static byte[] Create(string subject, string issuer, string[] names, DateTime notAfter)
        {
            using (var key = RSA.Create(2048))
            {
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                if (names.Length > 0)
                {
                    var sans = new SubjectAlternativeNameBuilder();
                    foreach (var name in names)
                    {
                        sans.AddDnsName(name);
                    }

                    request.CertificateExtensions.Add(sans.Build());
                }

                var notBefore = notAfter.AddYears(-1);
                if (string.IsNullOrEmpty(issuer) || new X500DistinguishedName(issuer).Name == new X500DistinguishedName(subject).Name)
                {
                    using (var self = request.CreateSelfSigned(notBefore, notAfter))
                    {
                        return self.RawData;
                    }
                }

                using (var caKey = RSA.Create(2048))
                {
                    var caRequest = new CertificateRequest(issuer, caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                    using (var ca = caRequest.CreateSelfSigned(notBefore.AddYears(-1), notAfter.AddYears(1)))
                    using (var issued = request.Create(ca, notBefore, notAfter, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }))
                    {
                        return issued.RawData;
                    }
                }
            }
        }
    }
}

namespace Microsoft.Exchange.Management.RecipientTasks
{
    using Microsoft.Exchange.Data.Directory;

    public sealed class SecurityPrincipalIdParameter
    {
        public SecurityPrincipalIdParameter(string name) => this.name = name;

        private readonly string name;

        public override string ToString() => name;
    }

    public sealed class ExtendedRightIdParameter
    {
        public ExtendedRightIdParameter(string name) => this.name = name;

        private readonly string name;

        public override string ToString() => name;
    }

    /// <summary>One access control entry as Get-ADPermission returns it.</summary>
    public sealed class ADAcePresentationObject
    {
        public ADObjectId Identity { get; set; }
        public SecurityPrincipalIdParameter User { get; set; }
        public ExtendedRightIdParameter[] ExtendedRights { get; set; }
        public string[] AccessRights => new[] { "ExtendedRight" };
        public bool Deny { get; set; }
        public bool IsInherited { get; set; }
        public string InheritanceType => "All";
    }
}

namespace Microsoft.Exchange.Management.Hybrid
{
    using Microsoft.Exchange.Data;

    public enum HybridFeature
    {
        FreeBusy = 0,
        MoveMailbox = 1,
        Mailtips = 2,
        MessageTracking = 3,
        OwaRedirection = 4,
        OnlineArchive = 5,
        SecureMail = 6,
        CentralizedTransport = 7,
        Photos = 8,
    }

    public sealed class HybridConfiguration : Microsoft.Exchange.Data.Directory.ADConfigurationObject
    {
        public MultiValuedProperty<SmtpDomain> Domains { get; set; } = new MultiValuedProperty<SmtpDomain>();
        public SmtpDomain OnPremisesSmartHost { get; set; }
        public SmtpX509Identifier TlsCertificateName { get; set; }
        public MultiValuedProperty<HybridFeature> Features { get; set; } = new MultiValuedProperty<HybridFeature>();
    }
}
