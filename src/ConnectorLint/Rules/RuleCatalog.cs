using ConnectorLint.Diagnostics;

namespace ConnectorLint.Rules;

/// <summary>Every rule the tool has, in the order they run; docs, SARIF and `rules` read their descriptors from here.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> Rules { get; } =
    [
        FileRules.Parse,
        FileRules.Schema,
        FileRules.NearMiss,
        FileRules.Foreign,
        ReferenceRules.Reference,
        ReferenceRules.DuplicateName,
        DomainRules.NoMx,
        DomainRules.SecondMx,
        DomainRules.WrongMx,
        DomainRules.RetiredEndpoint,
        DomainRules.UnacceptedSenderDomain,
        DomainRules.RelayDomain,
        DomainRules.PartnerDomainAccepted,
        DomainRules.SharedNamespaceAuthoritative,
        DomainRules.NoSpf,
        DomainRules.SpfSyntax,
        DomainRules.SpfLookupLimit,
        DomainRules.SpfMissingExchangeOnline,
        DomainRules.SpfMissingEgress,
        DomainRules.SpfAll,
        DomainRules.SpfPtr,
        SendConnectorRules.DnsRouted,
        SendConnectorRules.WrongSmartHost,
        SendConnectorRules.NoTls,
        SendConnectorRules.TlsDomain,
        SendConnectorRules.NoCertificate,
        SendConnectorRules.PortOrAuth,
        SendConnectorRules.CertificateExpiry,
        SendConnectorRules.NoSourceServers,
        SendConnectorRules.EdgeSubscriptionWithoutEdge,
        InboundConnectorRules.Missing,
        InboundConnectorRules.DisabledOrPartner,
        InboundConnectorRules.NoForceTls,
        InboundConnectorRules.NoAttribution,
        InboundConnectorRules.CertificateNameMismatch,
        InboundConnectorRules.EgressNotListed,
        InboundConnectorRules.SenderDomainsNotCovered,
        InboundConnectorRules.SenderAddressRange,
        InboundConnectorRules.TreatAsInternal,
        InboundConnectorRules.RestrictedPartnerBehindEopMx,
        InboundConnectorRules.OutboundTlsDomain,
        InboundConnectorRules.SharedAttribution,
        InboundConnectorRules.OnPremisesWithoutServers,
        RelayRules.OpenRelay,
        SenderRules.RelayDenied,
        SenderRules.ClientSubmission,
        SenderRules.AuthenticatedOnPort25,
        SenderRules.DirectSend,
        SenderRules.BouncesDownstream,
        RelayRules.ClearTextAuth,
        RelayRules.Secret,
        RelayRules.CloudMailWithoutRelayRight,
        DriftRules.MxDrift,
        DriftRules.SpfDrift,
        DriftRules.MultipleSpf,
        DriftRules.LiveLookupLimit,
        DriftRules.Unresolvable,
        DriftRules.EgressFailsSpf,
        DriftRules.DmarcDrift,
        DriftRules.LookupFailed,
        ConfigDriftRules.PropertyDrift,
        ConfigDriftRules.OnlyInExchange,
        ConfigDriftRules.OnlyInFile,
        ConfigDriftRules.NotExported,
        ProbeRules.CertificateDiffers,
        ProbeRules.NameNotAttributed,
        ProbeRules.Expiry,
        ProbeRules.ChainInvalid,
        ProbeRules.NoStartTls,
        ProbeRules.NoModernTls,
        ProbeRules.Unreachable,
        Suppressions.Rule,
    ];

    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        Rules.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public static Rule? Find(string id) =>
        Rules.FirstOrDefault(r => string.Equals(r.Descriptor.Id, id, StringComparison.OrdinalIgnoreCase));
}
