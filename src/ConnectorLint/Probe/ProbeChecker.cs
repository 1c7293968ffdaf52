using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using ConnectorLint.Dns;
using ConnectorLint.Exchange;
using ConnectorLint.Model;
using ConnectorLint.Net;

namespace ConnectorLint.Probe;

/// <summary>
/// Connects to every SMTP endpoint a desired state names (<see cref="SmtpEndpoints"/>) and compares
/// what each presents with what the file expects of it. A server that cannot be reached is unknown,
/// never a difference. Connections are shared between documents of one run by host and port.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A SemaphoreSlim holds an operating-system handle only once its AvailableWaitHandle is read, which nothing does.")]
public sealed class ProbeChecker(IDnsResolver dns, ProbeOptions options)
{
    private readonly ConcurrentDictionary<(string Host, int Port), Task<(string Where, ProbeResult Result)>> probes = new();
    private readonly SemaphoreSlim slots = new(options.Concurrency);
    private int endpoints;
    private int answered;

    /// <summary>Every endpoint probed so far in this run, and how many answered SMTP.</summary>
    public ProbeSummary Summary => new(endpoints, answered);

    public async Task<IReadOnlyList<ProbeObservation>> CheckAsync(MailFlowSimulator simulator, DateOnly today, int expiryWarningDays, CancellationToken cancellationToken = default)
    {
        var targets = SmtpEndpoints.Of(simulator)
            .Where(e => options.Only.Count == 0 || options.Only.Contains(e.Host))
            .ToList();
        var results = await Task.WhenAll(targets.Select(e => probes.GetOrAdd((e.Host, e.Port), key => ProbeOnceAsync(key.Host, key.Port, cancellationToken)))).ConfigureAwait(false);
        var observations = new List<ProbeObservation>();
        for (var i = 0; i < targets.Count; i++)
        {
            observations.AddRange(Compare(targets[i], results[i].Where, results[i].Result, today, expiryWarningDays));
        }

        return observations;
    }

    private async Task<(string Where, ProbeResult Result)> ProbeOnceAsync(string host, int port, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref endpoints);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (address, failure) = await ResolveAsync(host, port, cancellationToken).ConfigureAwait(false);
            var where = address is null || (address.Address.ToString() == host && address.Port == port) ? $"{host}:{port}" : $"{host}:{port} ({address})";
            if (address is null)
            {
                return (where, new ProbeResult(ProbeStatus.Unreachable, failure));
            }

            var result = await TlsProbe.ProbeAsync(host, address, options.Timeout, cancellationToken).ConfigureAwait(false);
            if (result.Status is not (ProbeStatus.Unreachable or ProbeStatus.NoSmtp))
            {
                Interlocked.Increment(ref answered);
            }

            return (where, result);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>--host first, then an address literal, then DNS (A, then AAAA). A failed lookup is a reason, never an address.</summary>
    private async Task<(IPEndPoint? Address, string? Failure)> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (options.Hosts.TryGetValue(host, out var given))
        {
            return (given.Port == 0 ? new IPEndPoint(given.Address, port) : given, null);
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return (new IPEndPoint(literal, port), null);
        }

        string? failure = null;
        foreach (var type in new[] { DnsRecordType.A, DnsRecordType.AAAA })
        {
            var response = await dns.QueryAsync(host, type, cancellationToken).ConfigureAwait(false);
            var address = response.Records.OfType<AddressRecord>()
                .FirstOrDefault(r => r.Type == type && CertificateName.Normalize(r.Name) == host)?.Address;
            if (address is not null)
            {
                return (new IPEndPoint(address, port), null);
            }

            failure ??= response.Status switch
            {
                DnsStatus.NxDomain => $"'{host}' does not exist in DNS",
                DnsStatus.Ok or DnsStatus.NoData => null,
                _ => $"DNS did not answer for '{host}' ({response.Status})",
            };
        }

        return (null, failure ?? $"'{host}' has no address in DNS");
    }

    private IEnumerable<ProbeObservation> Compare(SmtpEndpoint endpoint, string where, ProbeResult result, DateOnly today, int expiryWarningDays)
    {
        var named = $"{where}, the {endpoint.Description}";
        switch (result.Status)
        {
            case ProbeStatus.Unreachable or ProbeStatus.NoSmtp:
                yield return new ProbeObservation(ProbeCheck.Unreachable, endpoint.Span,
                    $"{named}, could not be asked: {result.Failure}. What it presents is unknown.", []);
                yield break;
            case ProbeStatus.NoStartTls:
                var requiring = endpoint.Expectations.OfType<RequiresTls>().ToList();
                foreach (var requirement in requiring)
                {
                    yield return new ProbeObservation(ProbeCheck.NoStartTls, requirement.Span,
                        $"{named}, does not offer STARTTLS, but {requirement.Peer} requires TLS: mail over it is deferred, then returned to the sender.", []);
                }

                if (requiring.Count == 0 && endpoint.Expectations.OfType<PresentsCertificate>().FirstOrDefault() is { } expected)
                {
                    yield return new ProbeObservation(ProbeCheck.NoStartTls, endpoint.Span,
                        $"{named}, does not offer STARTTLS, so it presents no certificate, though the file says it presents '{expected.Certificate.Name.Value}'.", []);
                }

                yield break;
            case ProbeStatus.HandshakeFailed:
                yield return new ProbeObservation(ProbeCheck.NoModernTls, endpoint.Span,
                    $"{named}, offers STARTTLS, but no TLS 1.2 or later handshake completed: {result.Failure}. Exchange Online accepts only TLS 1.2 and later.", []);
                yield break;
        }

        if (result.Certificate is not { } presented)
        {
            yield break;
        }

        var names = PresentedNames(presented);
        var shown = $"CN={DistinguishedName.CommonName(presented.Subject) ?? presented.Subject}" + (names.Count > 0 ? $" (names: {string.Join(", ", names)})" : " (no DNS names)");
        var fileCertificate = endpoint.Expectations.OfType<PresentsCertificate>().FirstOrDefault()?.Certificate;
        if (fileCertificate is not null && Differences(fileCertificate, presented) is { Count: > 0 } differences)
        {
            yield return new ProbeObservation(ProbeCheck.CertificateDiffers, fileCertificate.Span,
                $"{named}, presents {shown}, not the file's certificate '{fileCertificate.Name.Value}': {string.Join(", ", differences.Select(d => d.Field))} differ. Update the file to what is installed, or install the certificate the file names.",
                [.. differences.SelectMany(d => new[] { $"- {d.Field}: {d.Presented}", $"+ {d.Field}: {d.File}" })]);
        }

        var notAfter = DateOnly.FromDateTime(presented.NotAfter.ToUniversalTime());
        var state = CertificateExpiry.Judge(notAfter, today, expiryWarningDays);
        if (state != ExpiryState.Valid)
        {
            var expired = state == ExpiryState.Expired;
            yield return new ProbeObservation(ProbeCheck.Expiry, fileCertificate?.NotAfter.Span ?? endpoint.Span,
                expired
                    ? $"{named}, presents {shown}, which expired on {notAfter:yyyy-MM-dd}: TLS to it fails where the certificate is validated."
                    : $"{named}, presents {shown}, which expires on {notAfter:yyyy-MM-dd}, within {expiryWarningDays} days. Renew it, then update the connectors that name it.",
                [], expired);
        }

        foreach (var attribution in endpoint.Expectations.OfType<AttributedBy>())
        {
            var expected = attribution.TlsSenderCertificateName.Value;
            if (!names.Append(DistinguishedName.CommonName(presented.Subject)).OfType<string>().Any(n => TenantAttribution.NameSatisfies(expected, n)))
            {
                yield return new ProbeObservation(ProbeCheck.NameNotAttributed, attribution.Span,
                    $"{named}, presents {shown}; the file says a send connector to Exchange Online presents this certificate too, and no name of it satisfies tlsSenderCertificateName '{expected}' of inbound connector '{attribution.Connector.Name.Value}'. Exchange Online rejects its mail with 550 5.7.64 TenantAttribution; Relay Access Denied.",
                    []);
            }
        }

        foreach (var validation in endpoint.Expectations.OfType<ValidatedBy>().DistinctBy(v => (v.Span, v.PeerName)))
        {
            if (ChainProblem(presented, result.Chain ?? [], validation.PeerName) is { } problem)
            {
                var forName = validation.PeerName is null ? "" : $" for '{validation.PeerName}'";
                yield return new ProbeObservation(ProbeCheck.ChainInvalid, validation.Span,
                    $"{named}, presents {shown}, which does not validate{forName}: {problem}. {Capitalize(validation.Peer)} validates it; {validation.WhenInvalid}.",
                    []);
            }
        }
    }

    /// <summary>The DNS names of the certificate's subjectAltName extension.</summary>
    private static List<string> PresentedNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(DnsNames)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// A server can present any bytes: a dNSName that is not ASCII (which IA5String forbids) makes
    /// .NET's reader throw. Such a name is read octet by octet and shown escaped; it matches nothing,
    /// as it would for a peer that validates it.
    /// </summary>
    private static IEnumerable<string> DnsNames(X509SubjectAlternativeNameExtension extension)
    {
        try
        {
            return [.. extension.EnumerateDnsNames()];
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            var names = new List<string>();
            try
            {
                var sequence = new System.Formats.Asn1.AsnReader(extension.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
                var dnsName = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 2);
                while (sequence.HasData)
                {
                    if (sequence.PeekTag().HasSameClassAndValue(dnsName))
                    {
                        var octets = sequence.ReadOctetString(dnsName);
                        names.Add(string.Concat(octets.Select(o => o is >= 0x21 and < 0x7F ? ((char)o).ToString() : $"\\x{o:X2}")));
                    }
                    else
                    {
                        sequence.ReadEncodedValue();
                    }
                }
            }
            catch (System.Formats.Asn1.AsnContentException)
            {
                // What could be read is kept; the rest of a malformed extension names nothing.
            }

            return names;
        }
    }

    private static List<(string Field, string Presented, string File)> Differences(Certificate file, X509Certificate2 presented)
    {
        var found = new List<(string, string, string)>();
        if (file.Thumbprint is { } thumbprint && !string.Equals(Hex(thumbprint.Value), presented.Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            found.Add(("thumbprint", presented.Thumbprint, Hex(thumbprint.Value)));
        }

        if (!DistinguishedName.SameName(file.Subject.Value, presented.Subject))
        {
            found.Add(("subject", presented.Subject, file.Subject.Value));
        }

        if (!file.SubjectAlternativeNames.IsDefaultOrEmpty)
        {
            var want = file.SubjectAlternativeNames.Select(s => CertificateName.Normalize(s.Value)).Order(StringComparer.Ordinal).ToList();
            var have = PresentedNames(presented).Select(CertificateName.Normalize).Order(StringComparer.Ordinal).ToList();
            if (!want.SequenceEqual(have))
            {
                found.Add(("subjectAlternativeNames", have.Count == 0 ? "(none)" : string.Join(", ", have), string.Join(", ", want)));
            }
        }

        if (file.Issuer is { } issuer && !DistinguishedName.SameName(issuer.Value, presented.Issuer))
        {
            found.Add(("issuer", presented.Issuer, issuer.Value));
        }

        var notAfter = DateOnly.FromDateTime(presented.NotAfter.ToUniversalTime());
        if (notAfter != file.NotAfter.Value)
        {
            found.Add(("notAfter", notAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), file.NotAfter.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        return found;
    }

    /// <summary>
    /// Why the certificate does not validate (for <paramref name="peerName"/> when given), or null.
    /// Validity dates are the expiry check's business; revocation is not checked (it would reach
    /// the internet). The name is matched in the subjectAltName only, as RFC 6125 clients do.
    /// </summary>
    private string? ChainProblem(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> intermediates, string? peerName)
    {
        string? Build(X509ChainTrustMode mode)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
            chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
            chain.ChainPolicy.TrustMode = mode;
            if (mode == X509ChainTrustMode.CustomRootTrust)
            {
                chain.ChainPolicy.CustomTrustStore.AddRange(options.TrustedRoots);
            }

            if (chain.Build(certificate))
            {
                return null;
            }

            var statuses = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).ToHashSet();
            return certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? "it is self-signed"
                : statuses.Contains(X509ChainStatusFlags.PartialChain) ? $"no chain leads from it to a trusted root (issuer {certificate.Issuer}; is an intermediate certificate missing on the server?)"
                : statuses.Contains(X509ChainStatusFlags.UntrustedRoot) ? $"its root is not trusted (issuer {certificate.Issuer})"
                : "its chain does not validate (" + string.Join(", ", statuses) + ")";
        }

        var problem = Build(X509ChainTrustMode.System);
        if (problem is not null && options.TrustedRoots.Count > 0)
        {
            problem = Build(X509ChainTrustMode.CustomRootTrust);
        }

        if (problem is null && peerName is not null && !certificate.MatchesHostname(peerName, allowWildcards: true, allowCommonName: false))
        {
            problem = PresentedNames(certificate).Count == 0
                ? "it has no subjectAltName, and TLS clients that follow RFC 6125 do not match the subject's CN"
                : $"none of its names matches '{peerName}'";
        }

        return problem;
    }

    /// <summary>A thumbprint as Exchange prints it, without the spaces or colons some tools put in.</summary>
    private static string Hex(string thumbprint) => new([.. thumbprint.Where(char.IsAsciiHexDigit)]);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
