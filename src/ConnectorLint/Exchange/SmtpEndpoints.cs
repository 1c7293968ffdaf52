using System.Collections.Immutable;
using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Exchange;

/// <summary>Something the file says about what the server at an SMTP endpoint presents, and where it says it.</summary>
public abstract record EndpointExpectation(SourceSpan Span);

/// <summary>The server presents this certificate of the file (on port 25, to Exchange Online and the internet).</summary>
public sealed record PresentsCertificate(Certificate Certificate) : EndpointExpectation(Certificate.Span);

/// <summary>
/// The certificate the server presents is also the one its send connector to Exchange Online
/// presents, so EOP matches it against this inbound connector's TlsSenderCertificateName.
/// </summary>
public sealed record AttributedBy(InboundConnector Connector, Located<string> TlsSenderCertificateName) : EndpointExpectation(TlsSenderCertificateName.Span);

/// <summary>
/// A peer validates the certificate's chain, and its name when <see cref="PeerName"/> is set
/// (domain validation); <see cref="Peer"/> names who does, <see cref="WhenInvalid"/> what follows when it fails.
/// </summary>
public sealed record ValidatedBy(string Peer, string? PeerName, SourceSpan Where, string WhenInvalid = ValidatedBy.TlsFails) : EndpointExpectation(Where)
{
    public const string TlsFails = "TLS to it fails, and mail waits in the queue until it is returned to the sender";
}

/// <summary>A peer requires TLS on this connection; <see cref="Peer"/> names who does.</summary>
public sealed record RequiresTls(string Peer, SourceSpan Where) : EndpointExpectation(Where);

/// <summary>One host and port the file names as an SMTP server, with everything the file expects of it.</summary>
public sealed record SmtpEndpoint(string Host, int Port, string Description, SourceSpan Span, ImmutableArray<EndpointExpectation> Expectations);

/// <summary>
/// The SMTP endpoints a desired state names: the on-premises servers (their port 25, as Exchange
/// Online and the internet reach them), the smart hosts of send connectors, and the smart hosts of
/// Exchange Online's outbound connectors; with what the file expects each to present. Read by
/// `probe`, which connects to them.
/// </summary>
public static class SmtpEndpoints
{
    public const int SmtpPort = 25;

    public static IReadOnlyList<SmtpEndpoint> Of(MailFlowSimulator simulator)
    {
        var topology = simulator.Topology;
        var state = topology.State;
        var found = new List<SmtpEndpoint>();
        foreach (var server in state.OnPremises?.Servers ?? [])
        {
            var (receive, _) = simulator.HybridReceiveOn(server);
            var host = receive?.Fqdn ?? server.Fqdn;
            var expectations = ImmutableArray.CreateBuilder<EndpointExpectation>();
            expectations.AddRange(Presenting(simulator.PresentedOnPremises(server), topology));

            if (receive?.RequireTls is { Value: true } requireTls)
            {
                expectations.Add(new RequiresTls($"receive connector '{receive.Name.Value}'", requireTls.Span));
            }

            var description = receive is null ? $"server '{server.Name.Value}'" : $"server '{server.Name.Value}' (receive connector '{receive.Name.Value}')";
            found.Add(new SmtpEndpoint(CertificateName.Normalize(host.Value), SmtpPort, description, host.Span, expectations.ToImmutable()));
        }

        foreach (var connector in state.SendConnectors.Where(c => c.Enabled.Value && !c.UsesDnsRouting))
        {
            var peer = $"send connector '{connector.Name.Value}'";
            foreach (var smartHost in connector.SmartHosts)
            {
                var host = SmartHostName(smartHost.Value);
                var expectations = ImmutableArray.CreateBuilder<EndpointExpectation>();
                if (connector.RequireTls is { Value: true } requireTls)
                {
                    expectations.Add(new RequiresTls(peer, requireTls.Span));
                }

                if (connector.TlsAuthLevel is { } level && level.Value != TlsAuthLevel.EncryptionOnly)
                {
                    var name = level.Value == TlsAuthLevel.DomainValidation ? connector.TlsDomain?.Value ?? host : null;
                    expectations.Add(new ValidatedBy(peer, name, connector.TlsDomain?.Span ?? level.Span));
                }

                found.Add(new SmtpEndpoint(host, connector.Port?.Value ?? SmtpPort, $"smart host of send connector '{connector.Name.Value}'", smartHost.Span, expectations.ToImmutable()));
            }
        }

        foreach (var connector in state.OutboundConnectors.Where(c => c.Enabled.Value && c.UseMxRecord is not { Value: true }))
        {
            var peer = $"Exchange Online's outbound connector '{connector.Name.Value}'";
            foreach (var smartHost in connector.SmartHosts)
            {
                var host = SmartHostName(smartHost.Value);
                var expectations = ImmutableArray.CreateBuilder<EndpointExpectation>();
                if (connector.ConnectorType.Value == ConnectorType.OnPremises)
                {
                    // The server's own certificate, else the one certificate of the file that carries the
                    // smart host's name (mail.contoso.com in front of the servers).
                    var carrying = state.OnPremises?.Certificates.Where(c => c.Names.Any(n => CertificateName.Matches(n, host))).ToList() ?? [];
                    var certificate = (simulator.FindServer(host) is { } server ? simulator.PresentedOnPremises(server) : null)
                        ?? (carrying.Count == 1 ? carrying[0] : null);
                    expectations.AddRange(Presenting(certificate, topology));
                }

                if (connector.TlsSettings is { } settings)
                {
                    // Any TlsSettings makes Exchange Online insist on TLS to the smart host.
                    expectations.Add(new RequiresTls(peer, settings.Span));
                    if (settings.Value != TlsAuthLevel.EncryptionOnly)
                    {
                        var name = settings.Value == TlsAuthLevel.DomainValidation ? connector.TlsDomain?.Value ?? host : null;
                        expectations.Add(new ValidatedBy(peer, name, connector.TlsDomain?.Span ?? settings.Span));
                    }
                }

                found.Add(new SmtpEndpoint(host, SmtpPort, $"smart host of outbound connector '{connector.Name.Value}'", smartHost.Span, expectations.ToImmutable()));
            }
        }

        // One connection per host and port: what every part of the file expects of it is checked on that one.
        return found
            .GroupBy(e => (e.Host, e.Port))
            .Select(g => g.First() with { Expectations = [.. g.SelectMany(e => e.Expectations).Distinct()] })
            .ToList();
    }

    /// <summary>
    /// What a server presenting <paramref name="certificate"/> must satisfy: it is that certificate;
    /// and when a send connector to Exchange Online presents the same certificate, the TlsSenderCertificateName
    /// of the onPremises inbound connector those connections reach (attributed, or nearest) matches it
    /// and its chain validates, as EOP checks. A connector for a relaying application or another forest
    /// expects nothing of this server.
    /// </summary>
    private static IEnumerable<EndpointExpectation> Presenting(Certificate? certificate, MailFlowTopology topology)
    {
        if (certificate is null)
        {
            yield break;
        }

        yield return new PresentsCertificate(certificate);
        if (!topology.ConnectorsToEop.Any(c => topology.State.CertificateOf(c) == certificate))
        {
            yield break;
        }

        var reached = topology.EopConnections.Where(c => c.Certificate == certificate)
            .Select(c => c.Decision.Connector ?? c.Decision.Nearest)
            .OfType<InboundConnector>()
            .Distinct();
        foreach (var inbound in reached.Where(c => c.TlsSenderCertificateName is not null))
        {
            yield return new AttributedBy(inbound, inbound.TlsSenderCertificateName!.Value);
            yield return new ValidatedBy($"Exchange Online's inbound connector '{inbound.Name.Value}'", null, inbound.TlsSenderCertificateName.Value.Span,
                "a certificate that does not validate does not attribute the mail to the tenant: 550 5.7.64 TenantAttribution");
        }
    }

    /// <summary>A smart host as a name to connect to: "[192.0.2.1]" is the address 192.0.2.1.</summary>
    public static string SmartHostName(string smartHost)
    {
        var host = smartHost.Trim();
        return host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : CertificateName.Normalize(host);
    }
}
