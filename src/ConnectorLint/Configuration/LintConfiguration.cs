using ConnectorLint.Diagnostics;
using System.Globalization;
using ConnectorLint.Loading;
using ConnectorLint.Model;
using ConnectorLint.Rules;

namespace ConnectorLint.Configuration;

/// <summary>The configuration cannot be used; <see cref="Span"/> is where, when the file was read that far.</summary>
public sealed class ConfigurationException(string message, SourceSpan? span = null) : Exception(span is { } at ? $"{at}: {message}" : message)
{
    /// <summary>What is wrong, without the position (for annotations that carry it apart).</summary>
    public string Reason { get; } = message;

    public SourceSpan? Span { get; } = span;
}

/// <summary>
/// .connectorlint.yaml: turns rules off, changes their severity, tunes certificate expiry.
///   rules:
///     CL206: off          # or error | warning | note
///   certificateExpiryWarningDays: 45
/// Found next to the linted file or in a parent folder; --config names one explicitly.
/// </summary>
public static class LintConfiguration
{
    public const string FileName = ".connectorlint.yaml";

    /// <summary>The other spelling YAML tools accept; read the same, never silently passed over.</summary>
    public const string ShortFileName = ".connectorlint.yml";

    /// <exception cref="ConfigurationException">A folder holding both spellings: which one applies would be a guess.</exception>
    public static string? Find(string lintedFile)
    {
        var directory = new FileInfo(lintedFile).Directory;
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            var shortCandidate = Path.Combine(directory.FullName, ShortFileName);
            if (File.Exists(candidate) && File.Exists(shortCandidate))
            {
                throw new ConfigurationException($"both {FileName} and {ShortFileName} are here; keep one of them.", SourceSpan.At(shortCandidate, 1, 1));
            }

            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(shortCandidate))
            {
                return shortCandidate;
            }

            directory = directory.Parent;
        }

        return null;
    }

    public static LintSettings Load(string path, LintSettings defaults)
    {
        string text;
        try
        {
            text = IO.BoundedFile.ReadAllText(path, 1024 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the configuration: {ex.Message}", SourceSpan.At(path, 1, 1));
        }

        return Parse(path, text, defaults);
    }

    public static LintSettings Parse(string path, string text, LintSettings defaults)
    {
        var read = YamlTreeReader.Read(path, text);
        if (read.Error is { } error)
        {
            throw new ConfigurationException(error.Message, error.Span);
        }

        if (read.Root is null)
        {
            return defaults with { Source = path };
        }

        if (read.Root is not YamlMapping root)
        {
            throw new ConfigurationException($"the configuration must be a mapping with 'rules' and 'certificateExpiryWarningDays'.", read.Root.Span);
        }

        var disabled = new HashSet<string>(defaults.DisabledRules, StringComparer.OrdinalIgnoreCase);
        var severities = new Dictionary<string, Severity>(defaults.SeverityOverrides, StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, SourceSpan>(defaults.Origins, StringComparer.OrdinalIgnoreCase);
        var settings = defaults;
        foreach (var entry in root.Entries)
        {
            switch (entry.Key.Value)
            {
                case "rules":
                    if (entry.Value is not YamlMapping rules)
                    {
                        throw new ConfigurationException($"'rules' must map rule IDs to off, error, warning or note.", entry.Value.Span);
                    }

                    foreach (var rule in rules.Entries)
                    {
                        var id = rule.Key.Value.ToUpperInvariant();
                        var descriptor = RuleCatalog.Find(id)?.Descriptor
                            ?? throw new ConfigurationException($"'{rule.Key.Value}' is not a rule; 'connectorlint rules' lists them.", rule.Key.Span);
                        if (!descriptor.Suppressible)
                        {
                            throw new ConfigurationException($"{descriptor.Id} is about the file itself and cannot be configured.", rule.Key.Span);
                        }

                        var value = (rule.Value as YamlScalar)?.Value.ToLowerInvariant();
                        origins[descriptor.Id] = rule.Key.Span;
                        if (value is "off" or "false")
                        {
                            disabled.Add(descriptor.Id);
                        }
                        else if (SeverityNames.TryParse(value, out var severity))
                        {
                            disabled.Remove(descriptor.Id);
                            severities[descriptor.Id] = severity;
                        }
                        else
                        {
                            throw new ConfigurationException($"'{(rule.Value as YamlScalar)?.Value}' is not off, error, warning or note.", rule.Value.Span);
                        }
                    }

                    break;

                case "certificateExpiryWarningDays":
                    if (entry.Value is not YamlScalar { Kind: ScalarKind.Integer } days
                        || !int.TryParse(days.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 3650)
                    {
                        throw new ConfigurationException($"certificateExpiryWarningDays must be a whole number of days from 0 to 3650.", entry.Value.Span);
                    }

                    settings = settings with { CertificateExpiryWarningDays = n };
                    origins["certificateExpiryWarningDays"] = entry.Key.Span;
                    break;

                default:
                    var suggestion = DesiredStateSchema.Suggest(entry.Key.Value, ["rules", "certificateExpiryWarningDays"]);
                    throw new ConfigurationException($"unknown key '{entry.Key.Value}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (known: rules, certificateExpiryWarningDays).", entry.Key.Span);
            }
        }

        return settings with { DisabledRules = disabled, SeverityOverrides = severities, Source = path, Origins = origins };
    }
}
