using ConnectorLint.Reporting;
using ConnectorLint.Rules;

namespace ConnectorLint.Drift;

/// <summary>CL5xx: the desired state against what DNS answers.</summary>
public static class DriftRules
{
    public static readonly RuleDescriptor MxDrift = new("CL501", "The live MX set differs from the desired one", Severity.Error, "drift", "mail delivered where the file does not say");

    public static readonly RuleDescriptor SpfDrift = new("CL502", "The live SPF record differs in meaning from the desired one", Severity.Error, "drift", "SPF results other than the ones reviewed");

    public static readonly RuleDescriptor MultipleSpf = new("CL503", "The domain publishes more than one SPF record", Severity.Error, "drift", "permerror at every receiver (RFC 7208 4.5)");

    public static readonly RuleDescriptor LiveLookupLimit = new("CL504", "The live SPF record needs too many DNS lookups", Severity.Error, "drift", "permerror (RFC 7208 4.6.4)");

    public static readonly RuleDescriptor Unresolvable = new("CL505", "A smart host or MX host does not resolve", Severity.Error, "drift", "mail queues, then bounces");

    public static readonly RuleDescriptor EgressFailsSpf = new("CL506", "An egress address fails check_host against live SPF", Severity.Error, "drift", "SPF fail: the mail is rejected as spoofing");

    public static readonly RuleDescriptor DmarcDrift = new("CL507", "The live DMARC record differs from the desired one", Severity.Error, "drift", "a DMARC policy other than the one reviewed");

    public static readonly RuleDescriptor LookupFailed = new("CL508", "A lookup could not be answered", Severity.Warning, "drift", "reporting a DNS failure as drift");

    public static IReadOnlyList<RuleDescriptor> All { get; } = [MxDrift, SpfDrift, MultipleSpf, LiveLookupLimit, Unresolvable, EgressFailsSpf, DmarcDrift, LookupFailed];

    /// <summary>Is this one of drift's rules (reported by `drift`, never by `lint`)?</summary>
    public static bool Owns(string ruleId) => All.Any(d => d.Id.Equals(ruleId, StringComparison.OrdinalIgnoreCase));
}
