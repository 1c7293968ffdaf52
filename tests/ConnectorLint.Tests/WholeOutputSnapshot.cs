using Snapshooter;
using Snapshooter.Xunit;

namespace ConnectorLint.Tests;

/// <summary>
/// A whole output (a report, a trace, a plan, an imported file) pinned as a change detector. Every
/// pin goes through here, so that:
/// <list type="bullet">
/// <item>mutation testing can tell a mutant an assertion kills from one only a pinned output kills:
/// with CONNECTORLINT_SNAPSHOTS=off nothing is compared (tests/mutation.sh runs the kills again so);</item>
/// <item>CI can find snapshot files no test reads any more: with CONNECTORLINT_SNAPSHOT_LOG=FILE each
/// pin appends the snapshot file it compares with (tests/snapshots/orphans.sh).</item>
/// </list>
/// </summary>
internal static class WholeOutputSnapshot
{
    private static readonly bool Off = Environment.GetEnvironmentVariable("CONNECTORLINT_SNAPSHOTS") == "off";
    private static readonly string? Log = Environment.GetEnvironmentVariable("CONNECTORLINT_SNAPSHOT_LOG");
    private static readonly Lock LogLock = new();

    public static void Match(object value, SnapshotNameExtension? name = null)
    {
        Record(name);
        if (Off)
        {
            return;
        }

        if (name is null)
        {
            Snapshot.Match(value);
        }
        else
        {
            Snapshot.Match(value, name);
        }
    }

    /// <summary>
    /// A snapshot that is the expected output of one fixture (a rule's message beside its fixture, as
    /// actionlint's .out files): compared in every run, since it is the test's expectation, and logged
    /// for the orphan check.
    /// </summary>
    public static void MatchExpected(object value, SnapshotNameExtension name)
    {
        Record(name);
        Snapshot.Match(value, name);
    }

    private static void Record(SnapshotNameExtension? name)
    {
        if (string.IsNullOrEmpty(Log))
        {
            return;
        }

        var full = name is null ? Snapshot.FullName() : Snapshot.FullName(name);
        lock (LogLock)
        {
            File.AppendAllText(Log, Path.Combine(full.FolderPath, "__snapshots__", full.Filename) + "\n");
        }
    }
}
