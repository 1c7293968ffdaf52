using ConnectorLint.Diagnostics;
using ConnectorLint.Model;

namespace ConnectorLint.Rules;

/// <summary>CL003 and CL004: names that must resolve, and names that must be unique.</summary>
public static class ReferenceRules
{
    public static readonly Rule Reference = new(
        new("CL003", "A reference does not resolve", Severity.Error, "file",
            "a connector bound to a certificate or server that does not exist", Suppressible: false),
        CheckReferences);

    public static readonly Rule DuplicateName = new(
        new("CL004", "Two items share a name", Severity.Error, "file",
            "Exchange refuses a second object of the same name; references become ambiguous", Suppressible: false),
        CheckDuplicates);

    private static IEnumerable<Diagnostic> CheckReferences(RuleContext context)
    {
        var state = context.State;
        var servers = string.Join(", ", state.OnPremises?.Servers.Select(s => s.Name.Value) ?? []);
        var certificates = string.Join(", ", state.OnPremises?.Certificates.Select(c => c.Name.Value) ?? []);

        foreach (var connector in state.SendConnectors)
        {
            if (connector.TlsCertificate is { } cert && state.FindCertificate(cert.Value) is null)
            {
                yield return new Diagnostic(cert.Span,
                    $"send connector '{connector.Name.Value}' uses tlsCertificate '{cert.Value}', but onPremises.certificates has no such name{Known(certificates)}.");
            }

            if (connector.TlsCertificate is null && connector.TlsCertificateName is { } identity && state.FindCertificateByIdentity(identity.Value) is null)
            {
                yield return new Diagnostic(identity.Span,
                    $"send connector '{connector.Name.Value}' presents the certificate '{identity.Value}', but no certificate in onPremises.certificates has that issuer and subject{Known(certificates)}. Describe it there, so its names and expiry can be checked.");
            }

            foreach (var server in connector.SourceTransportServers)
            {
                if (state.FindServer(server.Value) is null)
                {
                    yield return new Diagnostic(server.Span,
                        $"send connector '{connector.Name.Value}' lists source transport server '{server.Value}', but onPremises.servers has no such name{Known(servers)}.");
                }
            }
        }

        foreach (var server in state.OnPremises?.Servers ?? [])
        {
            foreach (var held in server.Certificates.IsDefault ? [] : server.Certificates)
            {
                if (state.FindCertificate(held.Value) is null)
                {
                    yield return new Diagnostic(held.Span,
                        $"server '{server.Name.Value}' holds certificate '{held.Value}', but onPremises.certificates has no such name{Known(certificates)}.");
                }
            }
        }

        foreach (var connector in state.ReceiveConnectors)
        {
            if (state.FindServer(connector.Server.Value) is null)
            {
                yield return new Diagnostic(connector.Server.Span,
                    $"receive connector '{connector.Name.Value}' is on server '{connector.Server.Value}', but onPremises.servers has no such name{Known(servers)}.");
            }
        }
    }

    private static string Known(string names) => names.Length == 0 ? " (none are declared)" : $" (declared: {names})";

    private static IEnumerable<Diagnostic> CheckDuplicates(RuleContext context)
    {
        var state = context.State;
        var groups = new (string What, IEnumerable<Located<string>> Names)[]
        {
            ("accepted domain", state.AcceptedDomains.Select(d => d.DomainName with { Value = d.DomainName.Value.TrimEnd('.') })),
            ("server", state.OnPremises?.Servers.Select(s => s.Name) ?? []),
            ("certificate", state.OnPremises?.Certificates.Select(c => c.Name) ?? []),
            ("send connector", state.SendConnectors.Select(c => c.Name)),
            // Receive connector names are unique per server, as in Exchange ("EX01\Scanner relay").
            ("receive connector", state.ReceiveConnectors.Select(c => c.Name with { Value = c.Server.Value + "\\" + c.Name.Value })),
            ("inbound connector", state.InboundConnectors.Select(c => c.Name)),
            ("outbound connector", state.OutboundConnectors.Select(c => c.Name)),
            ("sender", state.Senders.Select(s => s.Name)),
        };

        foreach (var (what, names) in groups)
        {
            var seen = new Dictionary<string, Located<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                if (seen.TryGetValue(name.Value, out var first))
                {
                    yield return new Diagnostic(name.Span,
                        $"{what} '{name.Value}' is declared twice (first at line {first.Span.Line}); names compare case-insensitively. Rename or merge one.");
                }
                else
                {
                    seen.Add(name.Value, name);
                }
            }
        }
    }
}
