using ConnectorLint.Diagnostics;
using ConnectorLint.Drift;

namespace ConnectorLint.Rules;

/// <summary>CL5xx: the desired state against what DNS answers. Each reports one of drift's checks.</summary>
public static class DriftRules
{
    public static readonly Rule MxDrift = Reporting(DriftCheck.MxDrift,
        new("CL501", "The live MX set differs from the desired one", Severity.Error, "drift", "mail delivered where the file does not say"));

    public static readonly Rule SpfDrift = Reporting(DriftCheck.SpfDrift,
        new("CL502", "The live SPF record differs in meaning from the desired one", Severity.Error, "drift", "SPF results other than the ones reviewed"));

    public static readonly Rule MultipleSpf = Reporting(DriftCheck.MultipleSpf,
        new("CL503", "The domain publishes more than one SPF record", Severity.Error, "drift", "permerror at every receiver (RFC 7208 4.5)"));

    public static readonly Rule LiveLookupLimit = Reporting(DriftCheck.LiveLookupLimit,
        new("CL504", "The live SPF record needs too many DNS lookups", Severity.Error, "drift", "permerror (RFC 7208 4.6.4)"));

    public static readonly Rule Unresolvable = Reporting(DriftCheck.Unresolvable,
        new("CL505", "A smart host or MX host does not resolve", Severity.Error, "drift", "mail queues, then bounces"));

    public static readonly Rule EgressFailsSpf = Reporting(DriftCheck.EgressFailsSpf,
        new("CL506", "An egress address fails check_host against live SPF", Severity.Error, "drift", "SPF fail: the mail is rejected as spoofing"));

    public static readonly Rule DmarcDrift = Reporting(DriftCheck.DmarcDrift,
        new("CL507", "The live DMARC record differs from the desired one", Severity.Error, "drift", "a DMARC policy other than the one reviewed"));

    public static readonly Rule LookupFailed = Reporting(DriftCheck.LookupFailed,
        new("CL508", "A lookup could not be answered", Severity.Warning, "drift", "reporting a DNS failure as drift"));

    private static Rule Reporting(DriftCheck check, RuleDescriptor descriptor) => new(descriptor, RuleInput.Dns, context =>
        context.Drift.Where(o => o.Check == check).Select(o => new Diagnostic(o.Span, o.Message, Details: o.Details)));
}
