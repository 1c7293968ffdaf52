using System.Text;
using System.Text.RegularExpressions;
using ConnectorLint.IO;
using ConnectorLint.Model;

namespace ConnectorLint.Loading;

/// <summary>What a YAML file is, read from its head: a desired-state file, almost one, or something else.</summary>
public enum FileKindName
{
    DesiredState,

    /// <summary>Looks like a desired-state file but would not be read as one (a misspelled apiVersion, another version, the keys without apiVersion).</summary>
    NearMiss,

    /// <summary>Some other file: a GitHub workflow, a DNS zone file, a Kubernetes manifest.</summary>
    Foreign,
}

/// <param name="Span">Where the reason is, for a near miss.</param>
/// <param name="Reason">Why it is a near miss, or what the file looks like instead.</param>
/// <param name="IsZoneFile">A zone file does not parse as YAML; it is still told apart, so the user learns which command takes it.</param>
public sealed partial record FileKind(FileKindName Name, SourceSpan? Span = null, string? Reason = null, bool IsZoneFile = false)
{
    private static readonly string[] FormatKeys = ["tenant", "acceptedDomains", "onPremises", "sendConnectors", "receiveConnectors", "exchangeOnline", "senders", "partners"];

    /// <summary>Only the head is read: a named pipe or a huge one-line file must not stall discovery.</summary>
    public static FileKind Of(string path)
    {
        var lines = new List<string>();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(BoundedFile.Limit(stream, path, 64 * 1024), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            for (var i = 0; i < 200 && reader.ReadLine() is { } line; i++)
            {
                lines.Add(line);
            }
        }
        catch (Exception ex) when (ex is IOException or InputTooLargeException)
        {
            // What can be read decides; an unreadable file is reported when it is loaded, if it is named.
        }

        return Classify(path, lines);
    }

    public static FileKind Classify(string path, IReadOnlyList<string> lines)
    {
        var keys = new List<(string Key, int Line)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var match = TopLevelKey().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value.Split('#')[0].Trim().Trim('"', '\'');
            var valueColumn = match.Groups["value"].Index + 1 + (match.Groups["value"].Value.Length - match.Groups["value"].Value.TrimStart().Length);
            if (key == "apiVersion")
            {
                if (value == "connectorlint/v1")
                {
                    return new FileKind(FileKindName.DesiredState);
                }

                if (value.StartsWith("connectorlint", StringComparison.OrdinalIgnoreCase))
                {
                    return new FileKind(FileKindName.NearMiss, At(path, i + 1, valueColumn, value.Length),
                        $"apiVersion is '{value}'; this version of ConnectorLint reads 'connectorlint/v1' only, so the file was not linted.");
                }

                return new FileKind(FileKindName.Foreign, Reason: $"its apiVersion is '{value}'");
            }

            if (key.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Equals("apiversion", StringComparison.OrdinalIgnoreCase))
            {
                return new FileKind(FileKindName.NearMiss, At(path, i + 1, 1, key.Length),
                    $"the key '{key}' is not 'apiVersion' (keys are case-sensitive), so the file was not linted; write 'apiVersion: connectorlint/v1'.");
            }

            keys.Add((key, i + 1));
        }

        var formatKeys = keys.Where(k => FormatKeys.Contains(k.Key)).ToList();
        if (formatKeys.Count >= 2)
        {
            return new FileKind(FileKindName.NearMiss, At(path, formatKeys[0].Line, 1, formatKeys[0].Key.Length),
                $"the file has the format's keys ({string.Join(", ", formatKeys.Select(k => k.Key))}) but no 'apiVersion: connectorlint/v1', so it was not linted; add that line at the top.");
        }

        if (lines.Any(l => l.StartsWith("$ORIGIN", StringComparison.OrdinalIgnoreCase) || l.StartsWith("$TTL", StringComparison.OrdinalIgnoreCase) || ZoneRecord().IsMatch(l)))
        {
            return new FileKind(FileKindName.Foreign, Reason: "it looks like a DNS zone file; give it to 'connectorlint drift --zone-file'", IsZoneFile: true);
        }

        return new FileKind(FileKindName.Foreign, Reason: Guess(keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>What a foreign YAML file looks like, and where it belongs instead.</summary>
    private static string? Guess(HashSet<string> keys)
    {
        if (keys.Contains("jobs") && (keys.Contains("on") || keys.Contains("\"on\"") || keys.Contains("name")))
        {
            return "it looks like a GitHub Actions workflow";
        }

        if (keys.Contains("rules") || keys.Contains("certificateExpiryWarningDays"))
        {
            return "it looks like a .connectorlint.yaml configuration; pass it with --config";
        }

        return null;
    }

    private static SourceSpan At(string path, int line, int column, int length) => new(path, line, column, line, column + Math.Max(1, length));

    [GeneratedRegex(@"^(?<key>[A-Za-z_""][A-Za-z0-9_""-]*)\s*:(?<value>.*)$", RegexOptions.NonBacktracking)]
    private static partial Regex TopLevelKey();

    [GeneratedRegex(@"\sIN\s+(SOA|MX|TXT|A|AAAA|NS|CNAME)\s", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ZoneRecord();
}
