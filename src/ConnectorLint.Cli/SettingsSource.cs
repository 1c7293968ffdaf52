using ConnectorLint.Loading;
using ConnectorLint.Rules;

namespace ConnectorLint.Cli;

/// <summary>
/// The settings each file is judged with: --config when given, else the nearest .connectorlint.yaml,
/// each read once per run. Lint and drift share it, so a rule turned off is off in both.
/// </summary>
internal sealed class SettingsSource
{
    private readonly LintSettings defaults;
    private readonly string? explicitConfig;
    private readonly Dictionary<string, LintSettings> byConfig = new(StringComparer.Ordinal);

    public SettingsSource(LintSettings defaults, FileInfo? explicitConfig)
    {
        if (explicitConfig is not null && !explicitConfig.Exists)
        {
            throw new UsageException($"--config '{explicitConfig}' does not exist.");
        }

        this.defaults = defaults;
        this.explicitConfig = explicitConfig?.FullName;
    }

    public LintSettings For(string file)
    {
        var path = explicitConfig ?? LintConfiguration.Find(file);
        if (path is null)
        {
            return defaults;
        }

        if (!byConfig.TryGetValue(path, out var settings))
        {
            try
            {
                settings = LintConfiguration.Load(path, defaults);
            }
            catch (ConfigurationException ex)
            {
                throw new UsageException(ex.Message);
            }

            byConfig[path] = settings;
        }

        return settings;
    }
}
