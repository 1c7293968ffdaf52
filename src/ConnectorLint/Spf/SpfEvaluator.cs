using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConnectorLint.Dns;

namespace ConnectorLint.Spf;

public enum SpfResult { None, Neutral, Pass, Fail, SoftFail, TempError, PermError }

/// <summary>One step of an evaluation, for the "chain of terms that decided it".</summary>
public sealed record SpfStep(int Depth, string Domain, string Term, string Outcome);

public sealed record SpfEvaluation(
    SpfResult Result,
    string? Explanation,
    string? Problem,
    IReadOnlyList<SpfStep> Chain,
    int Lookups,
    int VoidLookups)
{
    public string ResultName => Result.ToString().ToLowerInvariant();
}

public sealed record SpfEvaluatorOptions
{
    /// <summary>RFC 7208 4.6.4: at most 10 terms that query DNS.</summary>
    public int MaxDnsLookups { get; init; } = SpfLimits.DnsLookups;

    /// <summary>RFC 7208 4.6.4: at most 2 void lookups (a default; the RFC allows configuring it).</summary>
    public int MaxVoidLookups { get; init; } = SpfLimits.VoidLookups;

    /// <summary>The receiving host's name, for %{r} in explanations.</summary>
    public string ReceivingDomain { get; init; } = "unknown";

    /// <summary>The time %{t} expands to.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    public string DefaultExplanation { get; init; } = "%{o} does not designate %{i} as a permitted sender";
}

/// <summary>
/// check_host() of RFC 7208 sections 4 and 5: lookup and void-lookup limits, include and redirect,
/// macros, and exp explanations. One synchronous core, over answers at hand (<see cref="CheckHost"/>)
/// or replayed over an <see cref="IDnsResolver"/> (<see cref="CheckHostAsync"/>).
/// </summary>
public sealed class SpfEvaluator(IDnsResolver resolver, SpfEvaluatorOptions? options = null)
{
    private readonly SpfEvaluatorOptions options = options ?? new SpfEvaluatorOptions();
    private readonly IDnsResolver resolver = resolver;

    /// <summary>
    /// Evaluates the MAIL FROM identity; an empty <paramref name="sender"/> evaluates the HELO identity
    /// as postmaster@helo (RFC 7208 2.4).
    /// </summary>
    public Task<SpfEvaluation> CheckMailFromAsync(IPAddress ip, string sender, string helo, CancellationToken cancellationToken = default)
    {
        var (domain, mailFrom) = MailFromIdentity(sender, helo);
        return CheckHostAsync(ip, domain, mailFrom, helo, cancellationToken);
    }

    /// <summary>The MAIL FROM evaluation of <see cref="CheckMailFromAsync"/> over DNS whose answers are at hand.</summary>
    public static SpfEvaluation CheckMailFrom(IDnsAnswers dns, IPAddress ip, string sender, string helo, SpfEvaluatorOptions? options = null)
    {
        var (domain, mailFrom) = MailFromIdentity(sender, helo);
        return CheckHost(dns, ip, domain, mailFrom, helo, options);
    }

    /// <summary>The domain check_host() starts at and the sender it expands macros with (RFC 7208 2.4, 4.3).</summary>
    private static (string Domain, string Sender) MailFromIdentity(string sender, string helo)
    {
        if (string.IsNullOrEmpty(sender))
        {
            return (helo, "postmaster@" + helo);
        }

        var at = sender.LastIndexOf('@');
        var domain = at < 0 ? sender : sender[(at + 1)..];
        return (domain, at == 0 ? "postmaster" + sender : at < 0 ? "postmaster@" + sender : sender);
    }

    /// <summary>check_host() over live DNS: the synchronous core, replayed as answers arrive.</summary>
    public Task<SpfEvaluation> CheckHostAsync(IPAddress ip, string domain, string sender, string helo, CancellationToken cancellationToken = default) =>
        Replay.RunAsync<(string Name, DnsRecordType Type), DnsResponse, SpfEvaluation>(
            ask => Evaluate(ask, options, ip, domain, sender, helo),
            (question, token) => resolver.QueryAsync(question.Name, question.Type, token),
            cancellationToken);

    /// <summary>check_host() over DNS whose answers are at hand (the desired state): synchronous, nothing waited on.</summary>
    public static SpfEvaluation CheckHost(IDnsAnswers dns, IPAddress ip, string domain, string sender, string helo, SpfEvaluatorOptions? options = null) =>
        Evaluate(question => dns.Answer(question.Name, question.Type), options ?? new SpfEvaluatorOptions(), ip, domain, sender, helo);

    private static SpfEvaluation Evaluate(Func<(string Name, DnsRecordType Type), DnsResponse> ask, SpfEvaluatorOptions options, IPAddress ip, string domain, string sender, string helo)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var run = new Run(options, ask, ip, sender, helo);
        SpfResult result;
        string? explanation = null;
        string? problem = null;
        try
        {
            (result, explanation) = run.CheckHost(domain, 0);
        }
        catch (SpfAbort abort)
        {
            result = abort.Result;
            problem = abort.Message;
        }

        return new SpfEvaluation(result, explanation, problem ?? run.Problem, run.Chain, run.Lookups, run.VoidLookups);
    }

    /// <summary>Ends the whole evaluation with temperror or permerror.</summary>
    private sealed class SpfAbort(SpfResult result, string message) : Exception(message)
    {
        public SpfResult Result { get; } = result;
    }

    private sealed class Run(SpfEvaluatorOptions options, Func<(string Name, DnsRecordType Type), DnsResponse> ask, IPAddress ip, string sender, string helo)
    {
        private string? validatedName;

        public List<SpfStep> Chain { get; } = [];

        public int Lookups { get; private set; }

        public int VoidLookups { get; private set; }

        public string? Problem { get; private set; }

        private bool IsV4 => ip.AddressFamily == AddressFamily.InterNetwork;

        public (SpfResult Result, string? Explanation) CheckHost(string domain, int depth)
        {
            domain = domain.TrimEnd('.');
            if (!IsValidDomain(domain))
            {
                Chain.Add(new SpfStep(depth, domain, "", "not a valid multi-label domain: none"));
                return (SpfResult.None, null);
            }

            var txt = Query(domain, DnsRecordType.TXT);
            if (txt.IsFailure)
            {
                Problem = $"the TXT lookup of {domain} failed ({txt.Status})";
                Chain.Add(new SpfStep(depth, domain, "", Problem));
                return (SpfResult.TempError, null);
            }

            var records = txt.Of<TxtRecord>().Select(r => r.Text).Where(SpfParser.IsSpfRecord).ToList();
            if (records.Count == 0)
            {
                Chain.Add(new SpfStep(depth, domain, "", "no SPF record: none"));
                return (SpfResult.None, null);
            }

            if (records.Count > 1)
            {
                throw new SpfAbort(SpfResult.PermError, $"{domain} publishes {records.Count} SPF records; RFC 7208 4.5 allows one");
            }

            if (!SpfParser.TryParse(records[0], out var record, out var error))
            {
                throw new SpfAbort(SpfResult.PermError, $"the SPF record of {domain} is invalid at column {error.Column} ('{error.Term}'): {error.Message}");
            }

            foreach (var mechanism in record.Mechanisms)
            {
                if (Matches(mechanism, domain, depth))
                {
                    var result = mechanism.Qualifier switch
                    {
                        SpfQualifier.Fail => SpfResult.Fail,
                        SpfQualifier.SoftFail => SpfResult.SoftFail,
                        SpfQualifier.Neutral => SpfResult.Neutral,
                        _ => SpfResult.Pass,
                    };
                    Chain.Add(new SpfStep(depth, domain, mechanism.Text, $"matched: {result.ToString().ToLowerInvariant()}"));
                    var explanation = result == SpfResult.Fail ? Explain(record, domain) : null;
                    return (result, explanation);
                }

                Chain.Add(new SpfStep(depth, domain, mechanism.Text, "no match"));
            }

            // RFC 7208 6.1: redirect is ignored when the record has an 'all' mechanism.
            if (record.Redirect is { } redirect && record.All is null)
            {
                CountLookup(redirect.Text);
                var target = ExpandDomain(redirect.Value, domain);
                Chain.Add(new SpfStep(depth, domain, redirect.Text, $"redirect to {target}"));
                if (target is null || !IsValidDomain(target))
                {
                    throw new SpfAbort(SpfResult.PermError, $"redirect={redirect.Value} does not name a valid domain");
                }

                var (result, explanation) = CheckHost(target, depth + 1);
                if (result == SpfResult.None)
                {
                    throw new SpfAbort(SpfResult.PermError, $"redirect target {target} has no SPF record");
                }

                return (result, explanation);
            }

            Chain.Add(new SpfStep(depth, domain, "", "no mechanism matched: neutral"));
            return (SpfResult.Neutral, null);
        }

        private void CountLookup(string term)
        {
            Lookups++;
            if (Lookups > options.MaxDnsLookups)
            {
                throw new SpfAbort(SpfResult.PermError, $"more than {options.MaxDnsLookups} DNS-querying terms (at '{term}'); RFC 7208 4.6.4");
            }
        }

        private void CountVoid(DnsResponse response, string term)
        {
            if (response.Status is DnsStatus.NxDomain or DnsStatus.NoData)
            {
                VoidLookups++;
                if (VoidLookups > options.MaxVoidLookups)
                {
                    throw new SpfAbort(SpfResult.PermError, $"more than {options.MaxVoidLookups} void lookups (at '{term}'); RFC 7208 4.6.4");
                }
            }
        }

        private DnsResponse Query(string name, DnsRecordType type) => ask((name, type));

        private static void ThrowOnFailure(DnsResponse response, string name, string term)
        {
            if (response.IsFailure)
            {
                throw new SpfAbort(SpfResult.TempError, $"the lookup of {name} for '{term}' failed ({response.Status})");
            }
        }

        private bool Matches(SpfMechanism mechanism, string domain, int depth)
        {
            if (mechanism.QueriesDns)
            {
                CountLookup(mechanism.Text);
            }

            switch (mechanism.Kind)
            {
                case SpfMechanismKind.All:
                    return true;

                case SpfMechanismKind.Ip4 or SpfMechanismKind.Ip6:
                    return mechanism.Network is { } network && network.Contains(ip);

                case SpfMechanismKind.Include:
                {
                    var target = ExpandDomain(mechanism.DomainSpec!, domain);
                    if (target is null || !IsValidDomain(target))
                    {
                        throw new SpfAbort(SpfResult.PermError, $"'{mechanism.Text}' does not name a valid domain");
                    }

                    Chain.Add(new SpfStep(depth, domain, mechanism.Text, $"checking {target}"));
                    var (result, _) = CheckHost(target, depth + 1);
                    return result switch
                    {
                        SpfResult.Pass => true,
                        SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral => false,
                        SpfResult.TempError => throw new SpfAbort(SpfResult.TempError, $"'{mechanism.Text}': temperror in {target}"),
                        SpfResult.None => throw new SpfAbort(SpfResult.PermError, $"'{mechanism.Text}': {target} has no SPF record (RFC 7208 5.2)"),
                        _ => throw new SpfAbort(SpfResult.PermError, $"'{mechanism.Text}': permerror in {target}"),
                    };
                }

                case SpfMechanismKind.A:
                {
                    var target = TargetName(mechanism, domain);
                    if (target is null)
                    {
                        return false;
                    }

                    var response = Query(target, IsV4 ? DnsRecordType.A : DnsRecordType.AAAA);
                    ThrowOnFailure(response, target, mechanism.Text);
                    CountVoid(response, mechanism.Text);
                    return response.Of<AddressRecord>().Any(a => InCidr(a.Address, mechanism));
                }

                case SpfMechanismKind.Mx:
                {
                    var target = TargetName(mechanism, domain);
                    if (target is null)
                    {
                        return false;
                    }

                    var response = Query(target, DnsRecordType.MX);
                    ThrowOnFailure(response, target, mechanism.Text);
                    CountVoid(response, mechanism.Text);
                    var hosts = response.Of<MxRecordData>().ToList();
                    if (hosts.Count > SpfLimits.MxHosts)
                    {
                        throw new SpfAbort(SpfResult.PermError, $"'{mechanism.Text}': {target} has {hosts.Count} MX records; RFC 7208 4.6.4 allows {SpfLimits.MxHosts} address lookups");
                    }

                    foreach (var host in hosts)
                    {
                        var addresses = Query(host.Exchange, IsV4 ? DnsRecordType.A : DnsRecordType.AAAA);
                        ThrowOnFailure(addresses, host.Exchange, mechanism.Text);
                        if (addresses.Of<AddressRecord>().Any(a => InCidr(a.Address, mechanism)))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                case SpfMechanismKind.Ptr:
                {
                    var target = TargetName(mechanism, domain);
                    if (target is null)
                    {
                        return false;
                    }

                    var names = ValidatedNames(mechanism.Text);
                    return names.Any(n => n.Equals(target, StringComparison.OrdinalIgnoreCase) || n.EndsWith("." + target, StringComparison.OrdinalIgnoreCase));
                }

                case SpfMechanismKind.Exists:
                {
                    var target = ExpandDomain(mechanism.DomainSpec!, domain);
                    if (target is null || !IsValidTarget(target))
                    {
                        return false;
                    }

                    var response = Query(target, DnsRecordType.A);
                    ThrowOnFailure(response, target, mechanism.Text);
                    CountVoid(response, mechanism.Text);
                    return response.Of<AddressRecord>().Any();
                }

                default:
                    return false;
            }
        }

        private string? TargetName(SpfMechanism mechanism, string domain)
        {
            if (mechanism.DomainSpec is null)
            {
                return domain;
            }

            var target = ExpandDomain(mechanism.DomainSpec, domain);
            return target is not null && IsValidTarget(target) ? target : null;
        }

        private bool InCidr(IPAddress address, SpfMechanism mechanism)
        {
            var prefix = IsV4 ? mechanism.Cidr4 ?? 32 : mechanism.Cidr6 ?? 128;
            if (address.AddressFamily != ip.AddressFamily)
            {
                return false;
            }

            return Net.IpRange.Parse($"{address}/{prefix}").Contains(ip);
        }

        /// <summary>RFC 7208 5.5: PTR names whose forward lookup returns the client address, at most 10 tried.</summary>
        private List<string> ValidatedNames(string term)
        {
            var result = new List<string>();
            var ptr = Query(DnsName.ReverseName(ip), DnsRecordType.PTR);
            if (ptr.IsFailure)
            {
                return result;
            }

            CountVoid(ptr, term);
            foreach (var name in ptr.Of<PtrRecord>().Take(SpfLimits.PtrNames).Select(p => p.Target))
            {
                var forward = Query(name, IsV4 ? DnsRecordType.A : DnsRecordType.AAAA);
                if (forward.Of<AddressRecord>().Any(a => a.Address.Equals(ip)))
                {
                    result.Add(name.TrimEnd('.'));
                }
            }

            return result;
        }

        private string? Explain(SpfRecord record, string domain)
        {
            var fallback = MacroParser.TryParse(options.DefaultExplanation, "exp", 1, out var standard, out _, explanation: true)
                ? ExpandText(standard, domain)
                : null;
            if (record.Explanation is not { } exp)
            {
                return fallback;
            }

            var target = ExpandDomain(exp.Value, domain);
            if (target is null || !IsValidTarget(target))
            {
                return fallback;
            }

            // RFC 7208 6.2: exp lookups do not count towards the limits; any trouble means the default.
            var txt = Query(target, DnsRecordType.TXT);
            var texts = txt.Of<TxtRecord>().ToList();
            if (txt.Status != DnsStatus.Ok || texts.Count != 1)
            {
                return fallback;
            }

            var text = texts[0].Text;
            if (text.Any(c => c > 0x7E) || !MacroParser.TryParse(text, "exp", 1, out var explanation, out _, explanation: true))
            {
                return fallback;
            }

            return ExpandText(explanation, domain);
        }

        /// <summary>Expands a domain-spec and shortens it to 253 characters by dropping left labels (RFC 7208 7.3).</summary>
        private string? ExpandDomain(MacroString spec, string domain)
        {
            var expanded = ExpandText(spec, domain);
            expanded = expanded.TrimEnd('.');
            while (expanded.Length > 253)
            {
                var dot = expanded.IndexOf('.');
                if (dot < 0)
                {
                    return null;
                }

                expanded = expanded[(dot + 1)..];
            }

            return expanded;
        }

        private string ExpandText(MacroString macro, string domain)
        {
            var builder = new StringBuilder();
            foreach (var part in macro.Parts)
            {
                switch (part)
                {
                    case MacroLiteral literal:
                        builder.Append(literal.Text);
                        break;
                    case MacroExpand expand:
                        builder.Append(Expand(expand, domain));
                        break;
                }
            }

            return builder.ToString();
        }

        private string Expand(MacroExpand macro, string domain)
        {
            var at = sender.LastIndexOf('@');
            var value = macro.Letter switch
            {
                's' => sender,
                'l' => at <= 0 ? "postmaster" : sender[..at],
                'o' => at < 0 ? sender : sender[(at + 1)..],
                'd' => domain,
                'i' => DottedAddress(),
                'p' => ValidatedNameForMacro(domain),
                'v' => IsV4 ? "in-addr" : "ip6",
                'h' => helo,
                'c' => ip.ToString(),
                'r' => options.ReceivingDomain,
                't' => options.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                _ => "",
            };

            var parts = value.Split(macro.Delimiters.ToCharArray());
            if (macro.Reverse)
            {
                Array.Reverse(parts);
            }

            if (macro.Digits is { } keep && keep < parts.Length)
            {
                parts = parts[^keep..];
            }

            var joined = string.Join('.', parts);
            return macro.UrlEscape ? UrlEscape(joined) : joined;
        }

        private string DottedAddress()
        {
            if (IsV4)
            {
                return ip.ToString();
            }

            var bytes = ip.GetAddressBytes();
            var nibbles = new List<string>(32);
            // Upper-case nibbles, as the RFC 7208 test suite expects in explanations; DNS ignores case.
            foreach (var b in bytes)
            {
                nibbles.Add((b >> 4).ToString("X", CultureInfo.InvariantCulture));
                nibbles.Add((b & 0xF).ToString("X", CultureInfo.InvariantCulture));
            }

            return string.Join('.', nibbles);
        }

        /// <summary>%{p}: a validated name, preferring one in the current domain; "unknown" if none.</summary>
        private string ValidatedNameForMacro(string domain)
        {
            if (validatedName is not null)
            {
                return validatedName;
            }

            var ptr = Query(DnsName.ReverseName(ip), DnsRecordType.PTR);
            var names = new List<string>();
            foreach (var name in ptr.Of<PtrRecord>().Take(SpfLimits.PtrNames).Select(p => p.Target.TrimEnd('.')))
            {
                var forward = Query(name, IsV4 ? DnsRecordType.A : DnsRecordType.AAAA);
                if (forward.Of<AddressRecord>().Any(a => a.Address.Equals(ip)))
                {
                    names.Add(name);
                }
            }

            validatedName = names.FirstOrDefault(n => n.Equals(domain, StringComparison.OrdinalIgnoreCase))
                ?? names.FirstOrDefault(n => n.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
                ?? names.FirstOrDefault()
                ?? "unknown";
            return validatedName;
        }

        private static string UrlEscape(string value)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }
    }

    /// <summary>
    /// A name a mechanism may look up: labels of 1 to 63 characters, at most 253 in all. Unlike
    /// check_host's own domain (RFC 7208 4.3), one label is enough: `exists:%{l}` with the local part
    /// 'single' asks for the name 'single'.
    /// </summary>
    public static bool IsValidTarget(string target)
    {
        var name = target.EndsWith('.') ? target[..^1] : target;
        return name.Length is > 0 and <= 253 && !name.StartsWith('[') && name.Split('.').All(l => l.Length is > 0 and <= 63);
    }

    /// <summary>RFC 7208 4.3: a multi-label name, labels of 1 to 63 characters, at most 253 in all.</summary>
    public static bool IsValidDomain(string domain)
    {
        var name = domain.EndsWith('.') ? domain[..^1] : domain;
        if (name.Length == 0 || name.Length > 253 || name.StartsWith('['))
        {
            return false;
        }

        var labels = name.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63);
    }
}
