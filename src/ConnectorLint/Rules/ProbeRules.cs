using ConnectorLint.Diagnostics;
using ConnectorLint.Probe;

namespace ConnectorLint.Rules;

/// <summary>CL7xx: the desired state against what the SMTP servers it names present. Each reports one of probe's checks.</summary>
public static class ProbeRules
{
    public static readonly Rule CertificateDiffers = Reporting(ProbeCheck.CertificateDiffers,
        new("CL701", "A server presents another certificate than the file says", Severity.Error, "probe", "linting a certificate that is not installed; 5.7.64 after a renewal"));

    public static readonly Rule NameNotAttributed = Reporting(ProbeCheck.NameNotAttributed,
        new("CL702", "The presented certificate does not satisfy the inbound connector's TlsSenderCertificateName", Severity.Error, "probe", "550 5.7.64 TenantAttribution; Relay Access Denied"));

    public static readonly Rule Expiry = new(
        new("CL703", "A presented certificate has expired or expires soon", Severity.Error, "probe", "TLS failures and 5.7.64 on the day it expires"),
        RuleInput.Probe,
        context => context.Probe.Where(o => o.Check == ProbeCheck.Expiry)
            .Select(o => new Diagnostic(o.Span, o.Message, o.Expired ? null : Severity.Warning, o.Details)));

    public static readonly Rule ChainInvalid = Reporting(ProbeCheck.ChainInvalid,
        new("CL704", "A presented certificate does not validate for the name its peer checks", Severity.Error, "probe", "TLS failures where the certificate is validated", SecuritySeverity: "5.0"));

    public static readonly Rule NoStartTls = Reporting(ProbeCheck.NoStartTls,
        new("CL705", "A server does not offer STARTTLS where TLS is required", Severity.Error, "probe", "mail deferred, then returned; or sent in clear text", SecuritySeverity: "6.0"));

    public static readonly Rule NoModernTls = Reporting(ProbeCheck.NoModernTls,
        new("CL706", "A server negotiates no TLS 1.2 or later", Severity.Error, "probe", "Exchange Online refusing the connection", SecuritySeverity: "5.0"));

    public static readonly Rule Unreachable = Reporting(ProbeCheck.Unreachable,
        new("CL707", "An SMTP endpoint could not be asked", Severity.Warning, "probe", "reporting an unreachable server as a difference"));

    private static Rule Reporting(ProbeCheck check, RuleDescriptor descriptor) => new(descriptor, RuleInput.Probe, context =>
        context.Probe.Where(o => o.Check == check).Select(o => new Diagnostic(o.Span, o.Message, Details: o.Details)));
}
