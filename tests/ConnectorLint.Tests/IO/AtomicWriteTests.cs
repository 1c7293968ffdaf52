using System.Diagnostics;
using ConnectorLint.IO;
using ConnectorLint.Tests.Cli;
using ConnectorLint.Tests.Import;

namespace ConnectorLint.Tests.IO;

/// <summary>
/// Every file the tool writes (import's output, report files, SARIF) is written whole or not at all:
/// a failure leaves the file that was there, byte for byte, and no temporary file beside it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AtomicWriteTests
{
    private const string AdminsFile = "apiVersion: connectorlint/v1\n# filled in by hand: egress addresses, senders\n";

    private static string Fixture(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "ConnectorLint.Tests", "Import", "Fixtures", name);

    [Fact]
    public void A_writer_that_fails_halfway_leaves_the_old_file_and_nothing_else()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "contoso.yaml");
        File.WriteAllText(path, AdminsFile);

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, writer =>
        {
            writer.Write(new string('x', 100_000));
            throw new IOException("No space left on device");
        }));

        Assert.Equal(AdminsFile, File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
        Assert.Equal("No space left on device; the file is unchanged", error.Message);
    }

    [Fact]
    public void A_cancelled_write_leaves_the_old_file()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "report.sarif");
        File.WriteAllText(path, AdminsFile);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => AtomicFile.WriteAllText(path, "new", cancelled.Token));

        Assert.Equal(AdminsFile, File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_replaced_file_keeps_its_permissions_and_gets_the_whole_text()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "contoso.yaml");
        File.WriteAllText(path, AdminsFile);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AtomicFile.WriteAllText(path, "apiVersion: connectorlint/v1\n");

        Assert.Equal("apiVersion: connectorlint/v1\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    /// <summary>
    /// The reproducer of the issue, on a real full disk: a 16 kB tmpfs with one page left to the
    /// admin's file. Writing in place truncated the file and left it holding the first 4 kB of the
    /// new import; now the import fails with exit 2 and the admin's file is as it was.
    /// </summary>
    [Fact]
    public void Import_over_the_admins_file_on_a_full_disk_exits_2_and_leaves_it_untouched()
    {
        using var folder = new TemporaryFolder();
        var disk = Path.Combine(folder.Path, "disk");
        Directory.CreateDirectory(disk);
        Mount(disk);
        try
        {
            var admins = Path.Combine(disk, "contoso.yaml");
            File.WriteAllText(admins, AdminsFile);
            File.WriteAllBytes(Path.Combine(disk, "filler"), new byte[12_288]);

            var result = CliRunner.Run("import", Fixture("classic-hybrid"), "--zone-file", Fixture("classic-hybrid.zone"), "-o", admins, "--force");
            var sarif = CliRunner.Run("lint", TestPaths.Example("open-relay.yaml"), "--format", "sarif=" + admins);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"cannot write '{admins}': No space left on device; the file is unchanged", result.Stderr, StringComparison.Ordinal);
            Assert.Equal(2, sarif.ExitCode);
            Assert.Equal(AdminsFile, File.ReadAllText(admins));
            Assert.Equal(["contoso.yaml", "filler"], Directory.GetFiles(disk).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Run("umount", disk);
        }
    }

    private static void Mount(string folder)
    {
        // tests/run.sh runs as root in CI; a tmpfs is the one full disk a test can make for itself.
        var (exit, error) = Run("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", folder);
        Assert.True(exit == 0, $"this test mounts a 16 kB tmpfs (as root, as CI runs it): mount said {error}");
    }

    private static (int Exit, string Error) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
