using ConnectorLint.Diagnostics;
using System.Text.RegularExpressions;
using ConnectorLint.Loading;

namespace ConnectorLint.Rules;

/// <summary>CL401, CL406, CL407: relay receive connectors and secrets.</summary>
public static partial class RelayRules
{
    public static readonly Rule OpenRelay = new(
        new("CL401", "Anonymous relay is granted to a wide or public range", Severity.Error, "receiveConnectors", "an open relay", SecuritySeverity: "9.0"),
        CheckOpenRelay);

    public static readonly Rule ClearTextAuth = new(
        new("CL406", "Basic authentication without TLS on a connector reachable from outside", Severity.Error, "receiveConnectors", "credentials sent in clear text", SecuritySeverity: "8.0"),
        CheckClearTextAuth);

    public static readonly Rule CloudMailWithoutRelayRight = new(
        new("CL408", "Exchange Online's mail gets no relay right on premises under centralized mail transport", Severity.Error, "receiveConnectors", "550 5.7.54 Unable to relay (5.7.1 on Exchange 2010)"),
        CheckCloudMailRelayRight);

    /// <summary>CL407 reads the YAML tree, not the model: a secret under an unknown key must still be found.</summary>
    public static readonly Rule Secret = new(
        new("CL407", "The file holds a secret", Severity.Error, "secrets", "leaked credentials in the repository", SecuritySeverity: "9.0"),
        RuleInput.Tree,
        context => FindSecrets(context.Document.Root));

    private static IEnumerable<Diagnostic> CheckOpenRelay(RuleContext context)
    {
        foreach (var connector in context.State.ReceiveConnectors.Where(c => c.Enabled.Value && c.AnonymousRelay is { Value: true }))
        {
            foreach (var range in connector.RemoteIPRanges)
            {
                var value = range.Value;
                var limit = value.IsIPv4 ? 24 : 64;
                string? problem = value.EffectivePrefixLength == 0 ? "is the whole internet"
                    : !value.IsEntirelyPrivate ? "holds public addresses"
                    : value.EffectivePrefixLength < limit ? $"is wider than /{limit} ({value.Size} addresses)"
                    : null;
                if (problem is not null)
                {
                    yield return new Diagnostic(range.Span,
                        $"receive connector '{connector.Name.Value}' on {connector.Server.Value} grants anonymous relay to '{value.Text}', which {problem}: anyone there can send anywhere as anyone (an open relay). List only the devices that must relay, e.g. the scanner's own address.");
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckCloudMailRelayRight(RuleContext context)
    {
        var tlsDomain = Exchange.ExchangeOnlineEndpoints.TlsDomain(context.Topology.Cloud);
        foreach (var outbound in context.State.OutboundConnectors.Where(c => c.Enabled.Value && c.RouteAllMessagesViaOnPremises is { Value: true }))
        {
            if (context.Simulator.OnPremisesTarget(outbound) is not { } server)
            {
                continue;
            }

            var (receive, grants) = context.Simulator.HybridReceiveOn(server);
            if (!grants)
            {
                var where = receive is null ? $"no receive connector of the file on {server.Name.Value}:25 (Exchange's default takes it)" : $"receive connector '{receive.Name.Value}' on {server.Name.Value}";
                yield return new Diagnostic(receive?.Name.Span ?? server.Name.Span,
                    $"outbound connector '{outbound.Name.Value}' routes all of Exchange Online's mail via on-premises (routeAllMessagesViaOnPremises), but {where} grants it no relay right; cloud mailboxes' internet mail ends in 550 5.7.54 Unable to relay (5.7.1 on Exchange 2010). Add tlsDomainCapabilities: [\"{tlsDomain}:AcceptCloudServicesMail\"] (rerun the Hybrid Configuration Wizard).");
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckClearTextAuth(RuleContext context)
    {
        foreach (var connector in context.State.ReceiveConnectors.Where(c => c.Enabled.Value))
        {
            var mechanisms = connector.AuthMechanism.Select(a => a.Value).ToHashSet(StringComparer.Ordinal);
            if (!mechanisms.Contains("basicAuth") || mechanisms.Contains("basicAuthRequireTls") || mechanisms.Contains("tls"))
            {
                continue;
            }

            var outside = connector.RemoteIPRanges.FirstOrDefault(r => !r.Value.IsEntirelyPrivate);
            if (outside.Value.Text is null)
            {
                continue;
            }

            var basic = connector.AuthMechanism.First(a => a.Value == "basicAuth");
            yield return new Diagnostic(basic.Span,
                $"receive connector '{connector.Name.Value}' accepts basicAuth without TLS and is reachable from '{outside.Value.Text}', outside the LAN; passwords cross the network in clear text. Use basicAuthRequireTls (and tls).");
        }
    }

    private static readonly string[] SecretKeyWords = ["password", "passwd", "pwd", "secret", "apikey", "api_key", "clientsecret", "client_secret", "token", "privatekey", "private_key", "connectionstring"];

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b|\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+|(?i:\b(password|pwd|secret)\s*[=:]\s*[^\s;]{4,})|[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@|\b[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{31,34}\b", RegexOptions.NonBacktracking)]
    private static partial Regex SecretValue();

    /// <summary>
    /// What every alternative of <see cref="SecretValue"/> needs: only a value that holds one of these is
    /// matched, so a file without them never builds the automaton (most of lint's start-up otherwise).
    /// </summary>
    private static bool MayHoldSecret(string value) =>
        value.Contains("PRIVATE KEY", StringComparison.Ordinal) || value.Contains("AKIA", StringComparison.Ordinal)
        || value.Contains("eyJ", StringComparison.Ordinal) || value.Contains("://", StringComparison.Ordinal)
        || value.Contains("8Q~", StringComparison.Ordinal) || value.Contains("password", StringComparison.OrdinalIgnoreCase)
        || value.Contains("pwd", StringComparison.OrdinalIgnoreCase) || value.Contains("secret", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keys named like a secret, and values shaped like one (private keys, tokens, credentials in URLs).</summary>
    private static IEnumerable<Diagnostic> FindSecrets(YamlNode? root)
    {
        if (root is null)
        {
            yield break;
        }

        var pending = new Stack<YamlNode>();
        pending.Push(root);
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node))
            {
                continue;
            }

            switch (node)
            {
                case YamlMapping mapping:
                    foreach (var entry in mapping.Entries)
                    {
                        var key = entry.Key.Value.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal);
                        if (SecretKeyWords.Any(w => key == w || key.EndsWith(w, StringComparison.Ordinal)) && entry.Value is YamlScalar { Kind: not ScalarKind.Null, Value.Length: > 0 })
                        {
                            yield return new Diagnostic(entry.Key.Span,
                                $"the key '{entry.Key.Value}' holds a secret; anyone who can read the repository can use it. Remove it, rotate it, and keep it in a secret store.");
                        }
                        else
                        {
                            pending.Push(entry.Value);
                        }
                    }

                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        pending.Push(item);
                    }

                    break;
                case YamlScalar scalar when scalar.Kind == ScalarKind.String && MayHoldSecret(scalar.Value) && SecretValue().IsMatch(scalar.Value):
                    yield return new Diagnostic(scalar.Span,
                        "this value looks like a secret (a private key, a token, or a credential); anyone who can read the repository can use it. Remove it, rotate it, and keep it in a secret store.");
                    break;
            }
        }
    }
}
