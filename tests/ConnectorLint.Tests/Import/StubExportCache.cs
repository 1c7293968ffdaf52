using System.Security.Cryptography;
using System.Text;

namespace ConnectorLint.Tests.Import;

/// <summary>
/// Only for mutation testing (tests/mutation.sh sets CONNECTORLINT_STUB_EXPORT_CACHE): the exports
/// PowerShell writes from a stub organization, kept by the hash of everything that decides them (the
/// stub module, the export script, PowerShell's version, each job and every file of its state folder,
/// which the engine under test writes). A mutant that changes the state changes the hash and runs
/// PowerShell again; one that does not reads the same files PowerShell wrote, without a process per
/// mutant. Plan scripts, which change the organization, are never kept.
/// </summary>
internal static class StubExportCache
{
    public static IReadOnlyList<string?> Run(string folder, IReadOnlyList<StubJob> jobs, Func<IReadOnlyList<string?>> run)
    {
        var entry = Path.Combine(folder, Key(jobs));
        var errorsFile = Path.Combine(entry, "errors.txt");
        if (File.Exists(errorsFile))
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                Restore(Path.Combine(entry, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), jobs[i].Path);
            }

            return [.. File.ReadAllLines(errorsFile).Select(line => line.Length == 0 ? null : line[1..].Replace("\\n", "\n", StringComparison.Ordinal))];
        }

        var errors = run();
        var staging = entry + "." + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        for (var i = 0; i < jobs.Count; i++)
        {
            Keep(jobs[i].Path, Path.Combine(staging, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        File.WriteAllLines(Path.Combine(staging, "errors.txt"), errors.Select(e => e is null ? "" : "!" + e.Replace("\n", "\\n", StringComparison.Ordinal)));
        try
        {
            Directory.Move(staging, entry);
        }
        catch (IOException)
        {
            // Another test process kept the same exports first.
            Directory.Delete(staging, recursive: true);
        }

        return errors;
    }

    private static string Key(IReadOnlyList<StubJob> jobs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "tests", "exchange-stub")).Order(StringComparer.Ordinal)
            .Append(Path.Combine(TestPaths.RepositoryRoot, "tools", "Export-MailFlowState.ps1"))
            .Append(Path.Combine(TestPaths.RepositoryRoot, "dotnet-tools.json")))
        {
            Add(Path.GetFileName(file));
            Add(File.ReadAllText(file));
        }

        foreach (var job in jobs)
        {
            Add($"{job.Side}|{job.Format}|{job.Forest}|{string.Join(",", job.Without ?? [])}|{job.Failing}|{job.Raw}|{job.WhatIf}|{job.From}|{job.To}|{job.Path is null}");
            foreach (var file in Directory.GetFiles(job.State, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(Path.GetRelativePath(job.State, file));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static void Keep(string? path, string kept)
    {
        if (path is not null && Directory.Exists(path))
        {
            Copy(path, kept);
        }
    }

    private static void Restore(string kept, string? path)
    {
        if (path is not null && Directory.Exists(kept))
        {
            Copy(kept, path);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
