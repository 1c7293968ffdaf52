namespace ConnectorLint.Rules;

/// <summary>Every rule the engine runs, and every descriptor the tool knows (for docs, SARIF, `rules`).</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> Rules { get; } =
    [
        ReferenceRules.Reference,
        ReferenceRules.DuplicateName,
        DomainRules.NoMx,
        DomainRules.SecondMx,
        DomainRules.WrongMx,
        DomainRules.RetiredEndpoint,
        DomainRules.UnacceptedSenderDomain,
        DomainRules.RelayDomain,
        DomainRules.PartnerDomainAccepted,
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
        RelayRules.OpenRelay,
        SenderRules.RelayDenied,
        SenderRules.ClientSubmission,
        SenderRules.AuthenticatedOnPort25,
        SenderRules.DirectSend,
        SenderRules.BouncesDownstream,
        RelayRules.ClearTextAuth,
        RelayRules.CloudMailWithoutRelayRight,
    ];

    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        FileRules.All
            .Concat([Suppressions.Descriptor, RelayRules.Secret])
            .Concat(Drift.DriftRules.All)
            .Concat(Rules.Select(r => r.Descriptor))
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    public static RuleDescriptor? Find(string id) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
}
