using Snapshooter;

namespace ConnectorLint.Tests;

/// <summary>The snapshot name of one scenario of a table: its name, with every character that is not a letter or digit as '-'.</summary>
internal static class ScenarioSnapshot
{
    public static SnapshotNameExtension Named(string scenario) =>
        SnapshotNameExtension.Create(new string([.. scenario.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]));
}
