using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Exchange;

/// <summary>Which inbound connector EOP applies to a connection, and why none did.</summary>
/// <param name="Nearest">The connector that came closest (the attributing one, when there is one).</param>
/// <param name="FailedOn">Where the nearest connector's check failed: its certificate name or its addresses.</param>
public sealed record AttributionDecision(InboundConnector? Connector, bool ByCertificate, InboundConnector? Nearest, string Reason, SourceSpan? FailedOn = null);

/// <summary>
/// One connection from the organization's servers to Exchange Online: a send connector to EOP, the
/// server it leaves from, the address EOP sees (null when the file does not give a public one), the
/// certificate it presents, and the connector EOP attributes it to. Computed once per document
/// (<see cref="MailFlowTopology.EopConnections"/>); rules and trace read the same decision.
/// </summary>
public sealed record EopConnection(SendConnector Connector, Server? Server, Located<IpRange>? Egress, Certificate? Certificate, AttributionDecision Decision);

/// <summary>
/// How Exchange Online Protection attributes a connection from the organization's own servers to
/// the tenant: from the connection itself, never from a label in the file. An enabled onPremises
/// inbound connector applies when every criterion it sets holds: the certificate the sender presents
/// satisfies its TlsSenderCertificateName, and the source address lies in its SenderIPAddresses.
/// One definition, read by trace and by the rules (CL302, CL305, CL306), so they cannot disagree.
/// </summary>
public static class TenantAttribution
{
    /// <summary>
    /// Does a certificate name satisfy a connector's TlsSenderCertificateName? Microsoft documents a
    /// wildcard value (*.contoso.com) as covering the domain and all its subdomains; a specific value
    /// (mail.contoso.com) needs that very name, and a wildcard certificate (CN=*.contoso.com) does not
    /// carry it: the 5.7.64 example of "550 5.7.64 TenantAttribution when sending mail externally".
    /// </summary>
    public static bool NameSatisfies(string expected, string presented)
    {
        var want = CertificateName.Normalize(expected);
        var have = CertificateName.Normalize(presented);
        if (want == have)
        {
            return true;
        }

        if (!CertificateName.IsWildcard(want))
        {
            return false;
        }

        // A wildcard certificate under the domain (*.eu.contoso.com) ends with it as well as its names do.
        var domain = want[2..];
        return have == domain || have.EndsWith("." + domain, StringComparison.Ordinal);
    }

    public static bool CertificateSatisfies(string expected, Certificate certificate) =>
        certificate.Names.Any(n => NameSatisfies(expected, n));

    /// <summary>The enabled onPremises inbound connectors: the only ones that attribute relayed mail to the tenant.</summary>
    public static IEnumerable<InboundConnector> Candidates(DesiredState state) =>
        state.InboundConnectors.Where(c => c.Enabled.Value && c.ConnectorType.Value == ConnectorType.OnPremises);

    /// <summary>
    /// The connector a connection from <paramref name="source"/> presenting <paramref name="certificate"/>
    /// matches. A connector with associatedAcceptedDomains applies only to mail from those domains.
    /// EOP picks one among all the enabled onPremises connectors (one per forest, one per relaying
    /// application); when none matches, the nearest is the one that fails on fewest criteria, and
    /// among equals the one whose certificate name the sender claims as its own
    /// (<paramref name="claimedName"/>: the send connector's FQDN), so that a finding names the
    /// connector that is really involved, never a second forest's or an application's.
    /// </summary>
    public static AttributionDecision Attribute(IReadOnlyList<InboundConnector> candidates, IpRange? source, Certificate? certificate, string? senderDomain = null, string? claimedName = null)
    {
        if (senderDomain is not null)
        {
            var scoped = candidates.Where(c => c.AssociatedAcceptedDomains.IsDefaultOrEmpty
                || c.AssociatedAcceptedDomains.Any(d => DomainPattern.Parse(d.Value).Covers(senderDomain))).ToList();
            if (scoped.Count == 0 && candidates.Count > 0)
            {
                var connector = candidates[0];
                return new AttributionDecision(null, false, connector,
                    $"its associatedAcceptedDomains ({string.Join(", ", connector.AssociatedAcceptedDomains.Select(d => d.Value))}) do not hold {senderDomain}",
                    connector.Name.Span);
            }

            candidates = scoped;
        }

        if (candidates.Count == 0)
        {
            return new AttributionDecision(null, false, null, "no enabled inbound connector of type onPremises");
        }

        InboundConnector? nearest = null;
        string? reason = null;
        SourceSpan? failedOn = null;
        var nearestScore = -1;
        foreach (var connector in candidates)
        {
            var certificateOk = connector.TlsSenderCertificateName is not { } name
                || (certificate is not null && CertificateSatisfies(name.Value, certificate));
            var addressOk = connector.SenderIPAddresses.IsEmpty
                || (source is { Text: not null } s && connector.SenderIPAddresses.Any(r => r.Value.Contains(s)));
            var hasCriterion = connector.TlsSenderCertificateName is not null || !connector.SenderIPAddresses.IsEmpty;
            if (certificateOk && addressOk && hasCriterion)
            {
                return new AttributionDecision(connector, connector.TlsSenderCertificateName is not null, connector, "");
            }

            var claimed = claimedName is not null && connector.TlsSenderCertificateName is { } wanted && NameSatisfies(wanted.Value, claimedName);
            var score = (2 * ((certificateOk ? 1 : 0) + (addressOk ? 1 : 0))) + (claimed ? 1 : 0);
            if (score > nearestScore)
            {
                nearestScore = score;
                nearest = connector;
                reason = !hasCriterion ? "it sets neither tlsSenderCertificateName nor senderIPAddresses"
                    : !certificateOk ? $"it expects a certificate named '{connector.TlsSenderCertificateName!.Value.Value}', the connection presents {Describe(certificate)}"
                    : $"it expects mail from {string.Join(", ", connector.SenderIPAddresses.Select(r => r.Value.Text))}, the mail comes from {source?.Text ?? "an address this file does not give"}";
                failedOn = !hasCriterion ? connector.Name.Span
                    : !certificateOk ? connector.TlsSenderCertificateName!.Value.Span
                    : connector.SenderIPAddressesSpan ?? connector.Name.Span;
            }
        }

        return new AttributionDecision(null, false, nearest, reason!, failedOn);
    }

    private static string Describe(Certificate? certificate) =>
        certificate is null ? "none" : $"'{certificate.Name.Value}' ({string.Join(", ", certificate.Names)})";
}
