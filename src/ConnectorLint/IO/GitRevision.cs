using System.Diagnostics;

namespace ConnectorLint.IO;

/// <summary>git could not answer: not a repository, an unknown revision, no git.</summary>
public sealed class GitException(string message) : Exception(message);

/// <summary>
/// A file as it was at a git revision (`git show REV:./NAME`, run in the file's folder, never
/// through a shell), read with the same size limit as any input.
/// </summary>
public static class GitRevision
{
    /// <returns>The file's bytes at <paramref name="revision"/>, or null when the file did not exist there.</returns>
    /// <exception cref="GitException">git is missing, the folder is not in a repository, or the revision is unknown.</exception>
    public static byte[]? Show(string file, string revision, long limit = BoundedFile.DefaultLimit)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        if (!Verify(folder, revision, out var problem))
        {
            throw new GitException(problem);
        }

        // A link stored in the repository is read as its target by nothing here: git show would print the
        // link's text, and the head of a review is never read through one either (RealPath).
        var (listed, entry, listError) = Git(folder, 65_536, "ls-tree", "-z", revision, "--", "./" + Path.GetFileName(file));
        if (listed != 0)
        {
            throw new GitException($"git ls-tree {revision} {Path.GetFileName(file)}: {listError.Trim()}");
        }

        if (entry.Length == 0)
        {
            return null;
        }

        if (!System.Text.Encoding.UTF8.GetString(entry).StartsWith("100", StringComparison.Ordinal))
        {
            throw new GitException($"'{Path.GetFileName(file)}' is not a regular file at {revision} (a symbolic link or a submodule); review reads only regular files.");
        }

        var (exit, output, error) = Git(folder, limit, "show", $"{revision}:./{Path.GetFileName(file)}");
        if (exit == 0)
        {
            return output;
        }

        // The revision exists (checked above), so a failure here is a path it does not have.
        return error.Contains("does not exist", StringComparison.Ordinal) || error.Contains("exists on disk, but not in", StringComparison.Ordinal)
            ? null
            : throw new GitException($"git show {revision}:{Path.GetFileName(file)}: {error.Trim()}");
    }

    private static bool Verify(string folder, string revision, out string problem)
    {
        if (revision.StartsWith('-'))
        {
            problem = $"'{revision}' is not a git revision.";
            return false;
        }

        var (exit, _, error) = Git(folder, 4096, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        problem = exit == 0 ? ""
            : error.Contains("not a git repository", StringComparison.OrdinalIgnoreCase) && !error.Contains("dubious ownership", StringComparison.OrdinalIgnoreCase)
            ? $"'{folder}' is not in a git repository; give --base a file instead of a revision."
            : error.Trim().Length > 0
            // --quiet silences an unknown revision; anything git does say (dubious ownership, a broken
            // repository) is its own reason, told as git told it.
            ? $"git could not read the repository at '{folder}': {Diagnostics.PrintableText.Escape(error.Trim())}"
            : $"'{revision}' is not a commit of the repository at '{folder}' (a shallow clone may not have it: fetch with depth 0).";
        return exit == 0;
    }

    /// <summary>The top folder of the work tree that holds <paramref name="folder"/>.</summary>
    /// <exception cref="GitException">git could not say.</exception>
    /// <summary>The regular files under <paramref name="folder"/> at <paramref name="revision"/>, relative to it.</summary>
    /// <exception cref="GitException">git is missing, the folder is not in a repository, or the revision is unknown.</exception>
    public static IReadOnlyList<string> ListFiles(string folder, string revision)
    {
        if (!Verify(folder, revision, out var problem))
        {
            throw new GitException(problem);
        }

        var (exit, listing, error) = Git(folder, 16 << 20, "ls-tree", "-r", "-z", revision, "--", ".");
        if (exit != 0)
        {
            throw new GitException($"git ls-tree -r {revision}: {error.Trim()}");
        }

        // Each entry: "<mode> <type> <object>\t<path>"; regular files only (mode 100644 or 100755).
        return [.. System.Text.Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.StartsWith("100", StringComparison.Ordinal) && e.Contains('\t', StringComparison.Ordinal))
            .Select(e => e[(e.IndexOf('\t', StringComparison.Ordinal) + 1)..])];
    }

    public static string WorkTreeRoot(string folder)
    {
        var (exit, output, error) = Git(folder, 65_536, "rev-parse", "--show-toplevel");
        return exit == 0
            ? System.Text.Encoding.UTF8.GetString(output).TrimEnd('\n', '\r')
            : throw new GitException($"git could not read the repository at '{folder}': {Diagnostics.PrintableText.Escape(error.Trim())}");
    }

    private static (int Exit, byte[] Output, string Error) Git(string folder, long limit, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GitException("git did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new GitException("git is not installed (or not on PATH); give --base a file instead of a revision.");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            byte[] output;
            try
            {
                output = BoundedFile.ReadAllBytes(process.StandardOutput.BaseStream, $"git {string.Join(' ', args)}", limit);
            }
            catch (InputTooLargeException)
            {
                process.Kill();
                throw new GitException($"git {string.Join(' ', args)} gives more than {BoundedFile.Describe(limit)}.");
            }

            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }
}
