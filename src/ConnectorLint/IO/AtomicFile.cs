using System.Text;

namespace ConnectorLint.IO;

/// <summary>
/// Writes a file whole or not at all: into a temporary file in the same folder, flushed to disk, then
/// renamed over the target. A full disk, a failing writer or a cancellation leaves the old file as it
/// was (an admin's hand-filled desired state is often the file being replaced).
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Temporary files being written now, removed by <see cref="AbandonAll"/> when the process must end at once.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> InProgress = new(StringComparer.Ordinal);

    /// <exception cref="IOException">The file could not be written; the target is untouched.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the target may not be written.</exception>
    public static void Write(string path, Action<TextWriter> write, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target) ?? throw new IOException($"'{path}' names no file");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        InProgress[temporary] = 0;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using (var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" })
                {
                    write(writer);
                }

                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!OperatingSystem.IsWindows() && File.Exists(target))
            {
                // The replacement keeps the permissions the admin gave the file.
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            File.Move(temporary, target, overwrite: true);
            InProgress.TryRemove(temporary, out _);
        }
        catch (IOException ex)
        {
            TryDelete(temporary);
            InProgress.TryRemove(temporary, out _);
            // The temporary name means nothing to the admin; the file they named is what is unchanged.
            throw new IOException($"{ex.Message.Replace($" : '{temporary}'", "", StringComparison.Ordinal)}; the file is unchanged", ex);
        }
        catch
        {
            TryDelete(temporary);
            InProgress.TryRemove(temporary, out _);
            throw;
        }
    }

    /// <summary>Removes every temporary file still being written: the process is about to end (a signal), and the targets stay as they were.</summary>
    public static void AbandonAll()
    {
        foreach (var temporary in InProgress.Keys)
        {
            TryDelete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> whole or not at all.</summary>
    public static void WriteAllText(string path, string text, CancellationToken cancellationToken = default) =>
        Write(path, writer => writer.Write(text), cancellationToken);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file is named for what it is; the target is what matters.
        }
    }
}
