using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ConnectorLint.Configuration;
using ConnectorLint.Diagnostics;
using ConnectorLint.Model;
using ConnectorLint.Rules;

namespace ConnectorLint.Cli;

/// <summary>`connectorlint config`: the configuration a file is linted with, and where each setting came from.</summary>
internal static class ConfigCommand
{
    private const string ExpiryKey = "certificateExpiryWarningDays";

    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string>("path")
        {
            Description = "A desired-state file, or a folder for the files in it. Default: the current folder.",
            DefaultValueFactory = _ => ".",
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "The configuration file to use instead of the nearest .connectorlint.yaml (as lint --config).",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("config", "Print the configuration in effect for a file or folder, and where each setting came from.") { path, config, format };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(path)!;
            // A folder is asked about as the files in it are: the search starts in the folder itself.
            var file = Directory.Exists(target) ? Path.Combine(Path.GetFullPath(target), "file.yaml") : Path.GetFullPath(target);
            var explicitConfig = parse.GetValue(config)?.FullName;
            LintSettings settings;
            try
            {
                settings = new ConfigurationSource(new LintSettings(), explicitConfig).For(file);
            }
            catch (ConfigurationException ex)
            {
                throw new UsageException(ex.Message);
            }

            var how = settings.Source is null ? "none" : explicitConfig is not null ? "--config" : "nearest";
            if (parse.GetValue(format) == "json")
            {
                WriteJson(stdout, settings, how);
            }
            else
            {
                WriteText(stdout, settings, how, target);
            }

            return CommandLineApp.Clean;
        });
        return command;
    }

    private static string Shown(string path) => PrintableText.Escape(Path.GetRelativePath(Environment.CurrentDirectory, path));

    private static string Where(SourceSpan span) => $"{Shown(span.File)}:{span.Line}";

    /// <summary>Every configured rule, in ID order, with what it is set to.</summary>
    private static IEnumerable<(string Id, string Value)> ConfiguredRules(LintSettings settings) =>
        settings.DisabledRules.Select(id => (id, "off"))
            .Concat(settings.SeverityOverrides.Where(o => !settings.DisabledRules.Contains(o.Key)).Select(o => (o.Key, o.Value.ToName())))
            .OrderBy(r => r.Item1, StringComparer.Ordinal);

    private static void WriteText(TextWriter output, LintSettings settings, string how, string target)
    {
        output.WriteLine(how switch
        {
            "none" => $"configuration: none found for {PrintableText.Escape(target)} (no {LintConfiguration.FileName} or {LintConfiguration.ShortFileName} here or above); the defaults apply",
            "--config" => $"configuration: {Shown(settings.Source!)} (given by --config)",
            _ => $"configuration: {Shown(settings.Source!)} (the nearest to {PrintableText.Escape(target)})",
        });
        var expiryFrom = settings.Origins.TryGetValue(ExpiryKey, out var expirySpan) ? Where(expirySpan) : "default";
        output.WriteLine($"{ExpiryKey}: {settings.CertificateExpiryWarningDays.ToString(CultureInfo.InvariantCulture)}   ({expiryFrom})");
        output.WriteLine("rules:");
        var configured = ConfiguredRules(settings).ToList();
        foreach (var (id, value) in configured)
        {
            var from = settings.Origins.TryGetValue(id, out var span) ? Where(span) : "default";
            output.WriteLine($"  {id}: {value}   ({from})");
        }

        output.WriteLine($"  {(configured.Count == 0 ? "every rule" : "every other rule")}: its default severity ('connectorlint rules' lists them)");
    }

    private static void WriteJson(TextWriter output, LintSettings settings, string how)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (settings.Source is null)
            {
                json.WriteNull("source");
            }
            else
            {
                json.WriteString("source", settings.Source);
            }

            json.WriteString("found", how);
            json.WriteStartObject(ExpiryKey);
            json.WriteNumber("value", settings.CertificateExpiryWarningDays);
            WriteOrigin(json, settings, ExpiryKey);
            json.WriteEndObject();
            json.WriteStartObject("rules");
            foreach (var (id, value) in ConfiguredRules(settings))
            {
                json.WriteStartObject(id);
                json.WriteString("value", value);
                WriteOrigin(json, settings, id);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteOrigin(Utf8JsonWriter json, LintSettings settings, string key)
    {
        if (settings.Origins.TryGetValue(key, out var span))
        {
            json.WriteStartObject("from");
            json.WriteString("file", span.File);
            json.WriteNumber("line", span.Line);
            json.WriteNumber("column", span.Column);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("from", "default");
        }
    }
}
