using ConnectorLint.Dns;

namespace ConnectorLint.Import;

/// <summary>The tenant and the accepted domains, with the DNS records each one publishes.</summary>
public sealed partial class ExchangeImporter
{
    private sealed record DomainNames(string? Initial, IReadOnlyList<string> All);

    private OutputMapping Tenant(DomainNames domains)
    {
        var entries = new List<OutputEntry>();
        var organization = export.First(ExportKind.OrganizationConfig);
        var initial = domains.Initial
            ?? (organization?.Property("Name")?.Text is { } orgName && orgName.Contains(".onmicrosoft.", StringComparison.OrdinalIgnoreCase) ? orgName : null);
        var coexistence = domains.All.FirstOrDefault(d => d.EndsWith(".mail.onmicrosoft.com", StringComparison.OrdinalIgnoreCase));
        if (initial is not null && initial.IndexOf('.', StringComparison.Ordinal) <= 0)
        {
            throw new ExportFormatException(export.Folder, "", $"the initial domain '{Diagnostics.PrintableText.Escape(initial)}' is not <tenant>.onmicrosoft.com; is the export from Exchange Online's Get-AcceptedDomain?");
        }

        var name = initial is not null ? initial[..initial.IndexOf('.', StringComparison.Ordinal)]
            : coexistence is not null ? coexistence[..coexistence.IndexOf('.', StringComparison.Ordinal)]
            : null;
        if (name is null)
        {
            throw new ExportFormatException(export.Folder, "", $"no export names the tenant: add {ExchangeExport.OnlineFolder}/AcceptedDomain.json (Get-AcceptedDomain in Exchange Online), whose initial domain is <tenant>.onmicrosoft.com.");
        }

        entries.Add(new OutputEntry("name", new OutputScalar(name.ToLowerInvariant())));
        if (initial is not null)
        {
            entries.Add(new OutputEntry("initialDomain", new OutputScalar(initial.ToLowerInvariant())));
        }

        var cloud = (initial ?? coexistence ?? "").ToLowerInvariant() switch
        {
            var d when d.EndsWith(".onmicrosoft.us", StringComparison.Ordinal) => ("gccHigh", "GCC High or DoD: both use onmicrosoft.us; write dod for a DoD tenant."),
            var d when d.EndsWith(".partner.onmschina.cn", StringComparison.Ordinal) => ("china", (string?)null),
            _ => ("commercial", (string?)null),
        };
        entries.Add(new OutputEntry("cloud", new OutputScalar(cloud.Item1), cloud.Item2));
        if (organization?.Property("RejectDirectSend") is { } reject && Bool(reject) is { } rejectValue)
        {
            entries.Add(new OutputEntry("rejectDirectSend", OutputScalar.Of(rejectValue)));
        }

        if (export.First(ExportKind.TransportConfig)?.Property("SmtpClientAuthenticationDisabled") is { } disabled && Bool(disabled) is { } disabledValue)
        {
            entries.Add(new OutputEntry("smtpClientAuthenticationDisabled", OutputScalar.Of(disabledValue)));
        }

        return new OutputMapping(entries);
    }

    private async Task<(IReadOnlyList<OutputNode> Nodes, DomainNames Names)> AcceptedDomainsAsync(CancellationToken cancellationToken)
    {
        // Exchange Online's view wins where both have a domain: it is the tenant's, and only it knows MatchSubDomains.
        var online = export.Objects(ExportKind.OnlineAcceptedDomain).Select(d => (Value: d, Online: true));
        var server = export.Objects(ExportKind.ServerAcceptedDomain).Select(d => (Value: d, Online: false));
        var byName = new Dictionary<string, (PowerShellValue Value, bool Online)>(StringComparer.OrdinalIgnoreCase);
        string? initial = null;
        foreach (var (value, isOnline) in online.Concat(server))
        {
            var name = DomainName(value);
            if (isOnline && Bool(value.Property("InitialDomain")) == true)
            {
                initial = name;
            }

            byName.TryAdd(name, (value, isOnline));
        }

        var nodes = new List<OutputNode>();
        foreach (var (name, (value, isOnline)) in byName.OrderBy(d => d.Key, StringComparer.OrdinalIgnoreCase))
        {
            var domain = new ImportedObject("acceptedDomains", name);
            var entries = new List<OutputEntry> { new("domainName", new OutputScalar(name)) };
            Add(entries, domain, value, "DomainType", "domainType", v => new OutputScalar(Single(ExchangeEnumeration.DomainType, v)));
            if (export.Has(ExportKind.OnlineAcceptedDomain))
            {
                entries.Add(isOnline
                    ? new OutputEntry("verified", OutputScalar.Of(true), "in Exchange Online's accepted domains, which hold verified domains only")
                    : new OutputEntry("verified", OutputScalar.Of(false), "not in Exchange Online's accepted domains: add and verify it in Microsoft 365 if Exchange Online sends or receives for it"));
            }
            else if (options.Keep?.FindDomain(name) is { } keptDomain)
            {
                entries.Add(new OutputEntry("verified", OutputScalar.Of(keptDomain.Verified.Value), "kept from the current file"));
            }
            else
            {
                entries.Add(new OutputEntry("verified", null, "verified: is the domain verified in Microsoft 365? No Exchange Server export says; export Exchange Online's accepted domains or fill this in."));
            }

            Add(entries, domain, value, "Default", "default", v => Bool(v) is { } b ? OutputScalar.Of(b) : null);
            if (isOnline)
            {
                Add(entries, domain, value, "MatchSubDomains", "matchSubDomains", v => Bool(v) is { } b ? OutputScalar.Of(b) : null);
            }

            entries.AddRange(await DnsRecordsAsync(name, cancellationToken).ConfigureAwait(false));
            nodes.Add(new OutputMapping(entries));
        }

        return (nodes, new DomainNames(initial, [.. byName.Keys]));
    }

    /// <summary>A DomainName as text ("contoso.com", "*.contoso.com") or as the SmtpDomainWithSubdomains object CliXml keeps.</summary>
    private static string DomainName(PowerShellValue domain)
    {
        var value = domain.Property("DomainName") ?? throw new ExportFormatException(domain.File, domain.Path, "an accepted domain without DomainName.");
        var text = value.Kind == PowerShellValueKind.Object ? value.Property("Domain")?.Text ?? value.Text : value.Text;
        return string.IsNullOrWhiteSpace(text)
            ? throw new ExportFormatException(value.File, value.Path, "an empty DomainName.")
            : RejectFlattened(value, text).TrimEnd('.').ToLowerInvariant();
    }

    private async Task<IReadOnlyList<OutputEntry>> DnsRecordsAsync(string domain, CancellationToken cancellationToken)
    {
        if (options.Dns is not { } dns)
        {
            return options.Keep?.FindDomain(domain) is { } kept
                ? KeptDnsRecords(kept)
                : [new OutputEntry("mx", null, "mx, spf, dmarc: no export holds DNS; import with --zone-file or --dns-server to fill them in.")];
        }

        var entries = new List<OutputEntry>();
        var mx = await dns.QueryAsync(domain, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
        if (mx.IsFailure)
        {
            entries.Add(new OutputEntry("mx", null, $"mx: unknown ({mx.FailureReason}); fill it in."));
        }
        else if (!mx.Of<MxRecordData>().Any() && Exchange.ExchangeOnlineEndpoints.IsMicrosoftManaged(domain))
        {
            var cloud = domain.EndsWith(".onmicrosoft.us", StringComparison.OrdinalIgnoreCase) ? Model.Cloud.GccHigh
                : domain.EndsWith(".partner.onmschina.cn", StringComparison.OrdinalIgnoreCase) ? Model.Cloud.China
                : Model.Cloud.Commercial;
            var host = $"{Exchange.ExchangeOnlineEndpoints.ManagedToken(domain)}.{Exchange.ExchangeOnlineEndpoints.MxSuffix(cloud)}";
            entries.Add(new OutputEntry("mx", new OutputSequence([new OutputMapping([new("exchange", new OutputScalar(host)), new("preference", OutputScalar.Of(0))])]),
                "Microsoft publishes this domain's MX"));
        }
        else if (mx.Of<MxRecordData>().Any())
        {
            entries.Add(new OutputEntry("mx", new OutputSequence([.. mx.Of<MxRecordData>()
                .OrderBy(r => r.Preference).ThenBy(r => r.Exchange, StringComparer.OrdinalIgnoreCase)
                .Select(r => new OutputMapping([new("exchange", new OutputScalar(DnsName.Normalize(r.Exchange))), new("preference", OutputScalar.Of(r.Preference))]))])));
        }

        var txt = await dns.QueryAsync(domain, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
        var spf = txt.Of<TxtRecord>().Select(t => t.Text).Where(IsSpf).ToList();
        if (txt.IsFailure)
        {
            entries.Add(new OutputEntry("spf", null, $"spf: unknown ({txt.FailureReason}); fill it in."));
        }
        else if (spf.Count == 1)
        {
            entries.Add(new OutputEntry("spf", new OutputScalar(spf[0])));
        }
        else if (spf.Count > 1)
        {
            entries.Add(new OutputEntry("spf", null, $"spf: the domain publishes {spf.Count} SPF records, which fails SPF everywhere; write the one it should publish."));
        }

        var dmarcAnswer = await dns.QueryAsync("_dmarc." + domain, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
        var dmarc = dmarcAnswer.Of<TxtRecord>().Select(t => t.Text).Where(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)).ToList();
        if (dmarcAnswer.IsFailure)
        {
            entries.Add(new OutputEntry("dmarc", null, $"dmarc: unknown ({dmarcAnswer.FailureReason}); fill it in."));
        }
        else if (dmarc.Count == 1)
        {
            entries.Add(new OutputEntry("dmarc", new OutputScalar(dmarc[0])));
        }

        return entries;
    }

    private static List<OutputEntry> KeptDnsRecords(Model.AcceptedDomain domain)
    {
        var entries = new List<OutputEntry>();
        if (!domain.Mx.IsEmpty)
        {
            entries.Add(new OutputEntry("mx", new OutputSequence([.. domain.Mx.Select(m =>
                new OutputMapping([new("exchange", new OutputScalar(m.Exchange.Value)), new("preference", OutputScalar.Of(m.Preference.Value))]))]), "kept from the current file"));
        }

        if (domain.Spf is { } spf)
        {
            entries.Add(new OutputEntry("spf", new OutputScalar(spf.Value)));
        }

        if (domain.Dmarc is { } dmarc)
        {
            entries.Add(new OutputEntry("dmarc", new OutputScalar(dmarc.Value)));
        }

        return entries;
    }

    private static bool IsSpf(string text) =>
        text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');
}
