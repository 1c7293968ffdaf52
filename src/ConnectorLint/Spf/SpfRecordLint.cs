using ConnectorLint.Diagnostics;

namespace ConnectorLint.Spf;

/// <summary>What can be wrong with an SPF record without asking DNS.</summary>
public enum SpfProblem
{
    /// <summary>The record breaks the RFC 7208 grammar.</summary>
    Syntax,

    /// <summary>More terms query DNS than RFC 7208 4.6.4 allows.</summary>
    LookupTerms,

    /// <summary>'+all', '?all', or no 'all' and no redirect.</summary>
    All,

    /// <summary>The record uses ptr.</summary>
    Ptr,
}

/// <summary>An offline problem with an SPF record: what kind, where in the record (1-based column), what.</summary>
public sealed record SpfRecordIssue(SpfProblem Problem, Severity Severity, int Column, int Length, string Message);

/// <summary>
/// The checks an SPF record allows without DNS (grammar, lookup terms, 'all', 'ptr'), shared by `lint` and `spf lint`.
/// </summary>
public static class SpfRecordLint
{
    public const int MaxLookupTerms = SpfLimits.DnsLookups;

    public static IReadOnlyList<SpfRecordIssue> Check(string text, out SpfRecord? record)
    {
        var issues = new List<SpfRecordIssue>();
        if (!SpfParser.TryParse(text, out record, out var error))
        {
            issues.Add(new SpfRecordIssue(SpfProblem.Syntax, Severity.Error, error!.Column, Math.Max(1, error.Term.Length),
                $"'{error.Term}': {error.Message}; every receiver returns permerror for this record."));
            return issues;
        }

        var parsed = record!;
        var lookupTerms = parsed.DnsLookupTerms;
        if (lookupTerms.Count > MaxLookupTerms)
        {
            var over = lookupTerms[MaxLookupTerms];
            issues.Add(new SpfRecordIssue(SpfProblem.LookupTerms, Severity.Error, over.Column, over.Text.Length,
                $"the record has {lookupTerms.Count} terms that query DNS ({string.Join(", ", lookupTerms.Select(t => t.Text))}); RFC 7208 4.6.4 allows {MaxLookupTerms}, so '{over.Text}' and everything after it ends in permerror. Flatten includes into ip4:/ip6: terms or drop unused ones."));
        }

        var all = parsed.All;
        if (all is { Qualifier: SpfQualifier.Pass })
        {
            issues.Add(new SpfRecordIssue(SpfProblem.All, Severity.Error, all.Column, all.Text.Length,
                $"'{all.Text}' lets any host on the internet send as this domain; end the record with -all (or ~all while testing)."));
        }
        else if (all is { Qualifier: SpfQualifier.Neutral })
        {
            issues.Add(new SpfRecordIssue(SpfProblem.All, Severity.Warning, all.Column, all.Text.Length,
                $"'{all.Text}' says nothing about hosts not listed, so spoofed mail is not rejected; end the record with -all or ~all."));
        }
        else if (all is null && parsed.Redirect is null)
        {
            issues.Add(new SpfRecordIssue(SpfProblem.All, Severity.Warning, 1, text.Length,
                "the record has no 'all' and no 'redirect', so hosts not listed get neutral; end it with -all or ~all."));
        }

        foreach (var ptr in parsed.Mechanisms.Where(m => m.Kind == SpfMechanismKind.Ptr))
        {
            issues.Add(new SpfRecordIssue(SpfProblem.Ptr, Severity.Warning, ptr.Column, ptr.Text.Length,
                $"'{ptr.Text}': RFC 7208 5.5 says not to use ptr; it is slow, unreliable, and some receivers ignore it. List the addresses with ip4:/ip6: instead."));
        }

        return issues;
    }
}
