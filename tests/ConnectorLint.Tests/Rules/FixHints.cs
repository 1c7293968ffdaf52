using System.Text.RegularExpressions;
using ConnectorLint.Diagnostics;
using ConnectorLint.Exchange;
using ConnectorLint.Loading;

namespace ConnectorLint.Tests.Rules;

/// <summary>
/// Advice that names a value must be safe to follow: the fix a message names is applied to the file
/// as an admin would type it, and then the finding is gone, no new error appears, and no canonical
/// flow that delivered (or left the file) before bounces after. Judged on every variant a rule test
/// lints (<see cref="RuleFixtureTests.LintAll"/>) and on the shipped examples.
/// </summary>
internal static partial class FixHints
{
    /// <summary>The text with the finding's advice applied, or null when its message names no value to apply.</summary>
    internal static string? Apply(string text, Finding finding)
    {
        var message = finding.Message.Split('\n')[0];
        var lines = text.Split('\n').ToList();
        if (SpfTerm().Match(message) is { Success: true } spf)
        {
            return EditSpf(lines, spf.Groups["domain"].Value, spf.Groups["term"].Value);
        }

        if (SenderAddress().Match(message) is { Success: true } address)
        {
            return AddToList(lines, address.Groups["connector"].Value, "senderIPAddresses", address.Groups["value"].Value);
        }

        if (PointSmartHost().Match(message) is { Success: true } host)
        {
            var line = lines[finding.Span.Line - 1];
            var start = finding.Span.Column - 1;
            var end = start;
            while (end < line.Length && line[end] is not (',' or ']' or ' ' or '"'))
            {
                end++;
            }

            lines[finding.Span.Line - 1] = line[..start] + host.Groups["value"].Value + line[end..];
            return string.Join('\n', lines);
        }

        if (SetValue().Match(message) is { Success: true } set)
        {
            return SetKey(lines, finding.Span.Line - 1, set.Groups["key"].Value, set.Groups["value"].Value);
        }

        return null;
    }

    /// <summary>Every finding at error whose advice names a value, checked as the summary says. Returns how many were applied.</summary>
    internal static int AssertSafe(string text)
    {
        var before = Lint(text);
        if (before.Findings.Any(f => f.RuleId.StartsWith("CL0", StringComparison.Ordinal)))
        {
            return 0;
        }

        var applied = 0;
        foreach (var finding in before.Findings.Where(f => f.Severity == Severity.Error))
        {
            if (Apply(text, finding) is { } fixedText)
            {
                applied++;
                Assert.Null(Unsafe(before, finding, fixedText));
            }
        }

        return applied;
    }

    /// <summary>Why following the advice of <paramref name="finding"/> (giving <paramref name="fixedText"/>) is not safe, or null when it is.</summary>
    internal static string? Unsafe((IReadOnlyList<Finding> Findings, IReadOnlyList<CanonicalFlow> Flows) before, Finding finding, string fixedText)
    {
        var after = Lint(fixedText);
        var what = $"{finding.RuleId} at {finding.Span.Line}:{finding.Span.Column}: {finding.Message}";
        if (after.Findings.Any(f => f.RuleId == finding.RuleId && f.Message == finding.Message))
        {
            return $"following {what} does not fix it";
        }

        var newErrors = after.Findings.Where(f => f.Severity == Severity.Error && f.RuleId != "CL409"
            && !before.Findings.Any(b => b.RuleId == f.RuleId && b.Message == f.Message)).ToList();
        if (newErrors.Count > 0)
        {
            return $"following {what} brings {string.Join("; ", newErrors.Select(e => $"{e.RuleId} {e.Message}"))}";
        }

        foreach (var flow in before.Flows.Where(f => !f.Trace.Outcome.Bounced))
        {
            if (after.Flows.FirstOrDefault(f => f.Name == flow.Name) is { Trace.Outcome.Bounced: true } now)
            {
                return $"following {what} makes '{flow.Name}' bounce: {now.Trace.Outcome.Code} {now.Trace.Outcome.Text}";
            }
        }

        return null;
    }

    internal static (IReadOnlyList<Finding> Findings, IReadOnlyList<CanonicalFlow> Flows) Lint(string text)
    {
        var loaded = DesiredStateLoader.Load("variant.yaml", text);
        var findings = Linter.Lint(loaded, RuleFixtureTests.Settings);
        return (findings, loaded.State is null ? [] : CanonicalFlows.Of(new MailFlowSimulator(loaded.State)));
    }

    private static string EditSpf(List<string> lines, string domain, string term)
    {
        var at = ItemStart(lines, l => l.TrimStart() == "- domainName: " + domain);
        var spf = FindInItem(lines, at, "spf:");
        Assert.True(spf >= 0, $"no spf for {domain}");
        // A long record is folded over several lines; its 'all' ends the last of them.
        var last = spf;
        while (last + 1 < lines.Count && Indent(lines[last + 1]) > Indent(lines[spf]))
        {
            last++;
        }

        var line = lines[last];
        var all = AllTerm().Match(line);
        lines[last] = all.Success ? line[..all.Index] + " " + term + line[all.Index..] : line.TrimEnd('"') + " " + term + "\"";
        return string.Join('\n', lines);
    }

    private static string AddToList(List<string> lines, string connector, string key, string value)
    {
        var at = ItemStart(lines, l => l.TrimStart() == "- name: " + connector);
        var list = FindInItem(lines, at, key + ":");
        if (list < 0)
        {
            lines.Insert(at + 1, new string(' ', Indent(lines[at]) + 2) + $"{key}: [{value}]");
        }
        else
        {
            var open = lines[list].IndexOf('[', StringComparison.Ordinal);
            Assert.True(open >= 0, $"{key} of {connector} is not a flow list");
            lines[list] = lines[list][..(open + 1)] + value + ", " + lines[list][(open + 1)..];
        }

        return string.Join('\n', lines);
    }

    private static string SetKey(List<string> lines, int line, string key, string value)
    {
        var target = lines[line].TrimStart().TrimStart('-', ' ').StartsWith(key + ":", StringComparison.Ordinal) ? line : -1;
        if (target < 0)
        {
            var item = line;
            while (item > 0 && !lines[item].TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                item--;
            }

            target = FindInItem(lines, item, key + ":");
            if (target < 0)
            {
                lines.Insert(item + 1, new string(' ', Indent(lines[item]) + 2) + $"{key}: {value}");
                return string.Join('\n', lines);
            }
        }

        var colon = lines[target].IndexOf(key + ":", StringComparison.Ordinal) + key.Length + 1;
        lines[target] = lines[target][..colon] + " " + value;
        return string.Join('\n', lines);
    }

    private static int ItemStart(List<string> lines, Func<string, bool> isItem)
    {
        var at = lines.FindIndex(l => isItem(l));
        Assert.True(at >= 0, "the object the advice names is not in the file");
        return at;
    }

    /// <summary>The line of <paramref name="key"/> among the keys of the list item that starts at <paramref name="item"/>, or -1.</summary>
    private static int FindInItem(List<string> lines, int item, string key)
    {
        var indent = Indent(lines[item]);
        if (lines[item].TrimStart().TrimStart('-', ' ').StartsWith(key, StringComparison.Ordinal))
        {
            return item;
        }

        for (var i = item + 1; i < lines.Count && (lines[i].Trim().Length == 0 || Indent(lines[i]) > indent); i++)
        {
            if (Indent(lines[i]) == indent + 2 && lines[i].TrimStart().StartsWith(key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"the spf of '(?<domain>[^']+)'.*Add (?<term>(?:ip4|ip6|include):[^\s]+?) (?:to the record|before the 'all')")]
    private static partial Regex SpfTerm();

    [GeneratedRegex(@"senderIPAddresses of inbound connector '(?<connector>[^']+)'.*Add (?<value>[0-9a-fA-F.:/]+) to senderIPAddresses\.")]
    private static partial Regex SenderAddress();

    [GeneratedRegex(@"Point the smart host at [^,]*, (?<value>[a-z0-9.-]+[a-z0-9])\.$")]
    private static partial Regex PointSmartHost();

    [GeneratedRegex(@"\bSet (?<key>[a-zA-Z]+): (?<value>[^\s,]+?)[.,](?:\s|$)")]
    private static partial Regex SetValue();

    [GeneratedRegex(@" [-~?+]?all""")]
    private static partial Regex AllTerm();
}
