using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnectorLint.Import;

/// <summary>The certificates the servers hold: read from the export, decoded, and named for the document.</summary>
public sealed partial class ExchangeImporter
{
    private sealed record ImportedCertificate(string Name, string Subject, string? Issuer, string? Thumbprint, OutputMapping Node, bool ForSmtp)
    {
        public bool Used { get; set; }
    }

    private void ReadCertificates()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var read = new List<(string Subject, string? Issuer, string? Thumbprint, DateOnly NotAfter, IReadOnlyList<string> Names, bool ForSmtp)>();
        foreach (var certificate in export.Objects(ExportKind.ExchangeCertificate))
        {
            var decoded = Decode(certificate);
            var thumbprint = Text(certificate.Property("Thumbprint"))?.ToUpperInvariant() ?? decoded?.Thumbprint;
            if (thumbprint is not null && !seen.Add(thumbprint))
            {
                continue;
            }

            var subject = decoded?.Subject ?? Text(certificate.Property("Subject"))
                ?? throw new ExportFormatException(certificate.File, certificate.Path, "a certificate with neither Subject nor RawData.");
            var issuer = decoded?.Issuer ?? Text(certificate.Property("Issuer"));
            var notAfter = decoded?.NotAfter ?? Date(certificate.Property("NotAfter") ?? throw new ExportFormatException(certificate.File, certificate.Path, "a certificate with neither NotAfter nor RawData."));
            IReadOnlyList<string> names = decoded?.Names
                ?? (certificate.Property("DnsNameList") ?? certificate.Property("CertificateDomains"))?.AsList().Select(ObjectText).ToList() ?? [];
            var services = certificate.Property("Services");
            var forSmtp = services is not null && (services.Number is { } bits ? (bits & 16) != 0 : (services.Text ?? "").Contains("SMTP", StringComparison.OrdinalIgnoreCase));
            read.Add((subject, issuer, thumbprint, notAfter, names, forSmtp));
        }

        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (subject, issuer, thumbprint, notAfter, names, forSmtp) in read.OrderBy(c => c.Subject, StringComparer.Ordinal).ThenBy(c => c.NotAfter))
        {
            var commonName = Model.DistinguishedName.CommonName(subject) ?? "certificate";
            var name = KeptCertificateName(subject, issuer, thumbprint, notAfter) ?? $"{commonName.Replace("*", "wildcard", StringComparison.Ordinal)}-{notAfter.Year}";
            if (!taken.Add(name))
            {
                name = $"{name}-{(thumbprint ?? taken.Count.ToString(CultureInfo.InvariantCulture))[..Math.Min(8, (thumbprint ?? "x").Length)]}";
                taken.Add(name);
            }

            var entries = new List<OutputEntry> { new("name", new OutputScalar(name)), new("subject", new OutputScalar(subject)) };
            if (issuer is not null)
            {
                entries.Add(new OutputEntry("issuer", new OutputScalar(issuer)));
            }

            entries.Add(new OutputEntry("subjectAlternativeNames", new OutputSequence([.. names.Select(n => new OutputScalar(n.ToLowerInvariant()))])));
            entries.Add(new OutputEntry("notAfter", OutputScalar.Of(notAfter)));
            if (thumbprint is not null)
            {
                entries.Add(new OutputEntry("thumbprint", new OutputScalar(thumbprint)));
            }

            certificates.Add(new ImportedCertificate(name, subject, issuer, thumbprint, new OutputMapping(entries), forSmtp));
        }
    }

    /// <summary>The name the current file gives the same certificate: by thumbprint, else by subject, issuer and expiry.</summary>
    private string? KeptCertificateName(string subject, string? issuer, string? thumbprint, DateOnly notAfter) =>
        options.Keep?.OnPremises?.Certificates.FirstOrDefault(c =>
            c.Thumbprint is { } t && thumbprint is not null ? t.Value.Equals(thumbprint, StringComparison.OrdinalIgnoreCase)
            : Model.DistinguishedName.SameName(c.Subject.Value, subject) && c.NotAfter.Value == notAfter
                && (c.Issuer is null || issuer is null || Model.DistinguishedName.SameName(c.Issuer.Value.Value, issuer)))?.Name.Value;

    private ImportedCertificate? FindCertificate(string identity)
    {
        if (Model.DistinguishedName.ParseCertificateIdentity(identity) is not var (issuer, subject))
        {
            return null;
        }

        var matches = certificates.Where(c => Model.DistinguishedName.SameName(c.Subject, subject) && (c.Issuer is null || Model.DistinguishedName.SameName(c.Issuer, issuer))).ToList();
        foreach (var match in matches)
        {
            match.Used = true;
        }

        // Several certificates with one issuer and subject (a renewal beside the old one): the connector names none of them alone.
        return matches.Count == 1 ? matches[0] : null;
    }

    private sealed record DecodedCertificate(string Subject, string Issuer, string Thumbprint, DateOnly NotAfter, IReadOnlyList<string> Names);

    /// <summary>RawData (the DER bytes), which Get-ExchangeCertificate through remoting often returns alone.</summary>
    private static DecodedCertificate? Decode(PowerShellValue certificate)
    {
        var raw = certificate.Property("RawData");
        if (raw is null || raw.IsNull)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = raw.Kind switch
            {
                PowerShellValueKind.Bytes => [.. raw.Bytes],
                PowerShellValueKind.Text => Convert.FromBase64String(raw.Text ?? ""),
                PowerShellValueKind.List => [.. raw.Items.Select(b => b.Number is >= 0 and <= 255 ? (byte)b.Number.Value : throw new FormatException())],
                _ => throw new FormatException(),
            };
        }
        catch (FormatException)
        {
            throw new ExportFormatException(raw.File, raw.Path, "RawData is neither base64 nor a list of bytes.");
        }

        try
        {
            using var x509 = X509CertificateLoader.LoadCertificate(bytes);
            var names = new List<string>();
            foreach (var extension in x509.Extensions)
            {
                if (extension is X509SubjectAlternativeNameExtension san)
                {
                    names.AddRange(san.EnumerateDnsNames());
                }
            }

            return new DecodedCertificate(x509.Subject, x509.Issuer, x509.Thumbprint.ToUpperInvariant(), DateOnly.FromDateTime(x509.NotAfter.ToUniversalTime()), names);
        }
        catch (CryptographicException ex)
        {
            throw new ExportFormatException(raw.File, raw.Path, $"RawData is not a certificate ({ex.Message.TrimEnd('.')}).");
        }
    }
}
