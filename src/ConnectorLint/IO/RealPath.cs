namespace ConnectorLint.IO;

/// <summary>
/// Where a path really leads once every symbolic link on it is followed, as realpath(3) resolves it.
/// A review reads the head of a pull request from the work tree; a file (or a folder on its way)
/// that the pull request turned into a link must not make it read what lies outside the repository.
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40;

    /// <exception cref="IOException">The links loop or nest deeper than the system would follow.</exception>
    public static string Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.GetFullPath(path);
        }

        var pending = new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            var next = Path.Join(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"'{path}': too many levels of symbolic links");
            }

            foreach (var resolved in Path.GetFullPath(target, current).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(resolved);
            }

            current = "/";
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/>, links followed, is <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsInside(string path, string folder)
    {
        var root = Of(folder).TrimEnd('/') + "/";
        return (Of(path) + "/").StartsWith(root, StringComparison.Ordinal);
    }
}
