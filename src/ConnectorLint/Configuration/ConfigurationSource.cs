using ConnectorLint.Rules;

namespace ConnectorLint.Configuration;

/// <summary>
/// The settings each file is judged with: the named configuration file when given, else the
/// nearest .connectorlint.yaml, each read once per run. Every check of a run reads it, so a rule
/// turned off is off in lint and drift alike.
/// </summary>
public sealed class ConfigurationSource
{
    private readonly LintSettings defaults;
    private readonly string? explicitConfig;
    private readonly Dictionary<string, LintSettings> byConfig = new(StringComparer.Ordinal);

    /// <exception cref="ConfigurationException">The named configuration file does not exist.</exception>
    public ConfigurationSource(LintSettings defaults, string? explicitConfig)
    {
        if (explicitConfig is not null && !File.Exists(explicitConfig))
        {
            throw new ConfigurationException($"--config '{explicitConfig}' does not exist.");
        }

        this.defaults = defaults;
        this.explicitConfig = explicitConfig is null ? null : Path.GetFullPath(explicitConfig);
    }

    /// <exception cref="ConfigurationException">The configuration file cannot be read or is wrong.</exception>
    public LintSettings For(string file)
    {
        var path = explicitConfig ?? LintConfiguration.Find(file);
        if (path is null)
        {
            return defaults;
        }

        if (!byConfig.TryGetValue(path, out var settings))
        {
            settings = LintConfiguration.Load(path, defaults);
            byConfig[path] = settings;
        }

        return settings;
    }
}
