using Microsoft.Extensions.FileSystemGlobbing;

namespace ConnectorLint.Loading;

/// <summary>A file discovery found: where, what it is, and whether the user named it.</summary>
public sealed record DiscoveredFile(string Path, FileKind Kind, bool Named);

/// <summary>The files to read, and how many other YAML files the folders held.</summary>
public sealed record Discovery(IReadOnlyList<DiscoveredFile> Files, int OtherYamlFiles);

/// <summary>Turns the paths a user typed into the desired-state files to lint.</summary>
public static class FileDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj", "node_modules" };

    /// <summary>
    /// Files named explicitly are taken whatever they hold (their kind says how to report them);
    /// folders contribute their desired-state files and near misses, and count the other YAML files.
    /// </summary>
    public static Discovery Expand(IEnumerable<string> paths)
    {
        var result = new List<DiscoveredFile>();
        var others = 0;
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                result.Add(new DiscoveredFile(path, FileKind.Of(path), Named: true));
            }
            else if (Directory.Exists(path))
            {
                others += TakeYaml(Walk(path), $"the folder '{path}' holds", result);
            }
            else if (path == StandardInput)
            {
                result.Add(new DiscoveredFile(path, new FileKind(FileKindName.DesiredState), Named: true));
            }
            else if (IsGlob(path))
            {
                others += TakeYaml(Glob(path), $"the pattern '{path}' matches", result);
            }
            else
            {
                throw new FileNotFoundException($"'{path}' does not exist.");
            }
        }

        return new Discovery(result.DistinctBy(f => f.Path, StringComparer.Ordinal).ToList(), others);
    }

    /// <summary>
    /// Of the files a folder or pattern gave, takes the desired-state files and near misses (in
    /// order) and returns how many other YAML files there were; none taken is an error.
    /// </summary>
    private static int TakeYaml(IEnumerable<string> files, string source, List<DiscoveredFile> result)
    {
        var found = files
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => new DiscoveredFile(f, FileKind.Of(f), Named: false))
            .ToList();
        var taken = found.Where(f => f.Kind.Name != FileKindName.Foreign).ToList();
        if (taken.Count == 0)
        {
            throw new FileNotFoundException($"{source} no desired-state files (*.yaml or *.yml with 'apiVersion: connectorlint/v1').");
        }

        result.AddRange(taken);
        return found.Count - taken.Count;
    }

    /// <summary>The path that means "read the desired state from standard input".</summary>
    public const string StandardInput = "-";

    /// <summary>A path with *, ? or [ is a pattern the tool expands itself: PowerShell does not expand globs for native programs.</summary>
    public static bool IsGlob(string path) => path.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>
    /// The files a pattern matches ('**' is any number of folders), walked from the longest folder
    /// prefix without wildcards, through the same link-safe walk as folders.
    /// </summary>
    private static IEnumerable<string> Glob(string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        var parts = normalized.Split('/');
        var fixedParts = parts.TakeWhile(p => !IsGlob(p)).ToList();
        var baseDir = fixedParts.Count == 0 ? "." : string.Join('/', fixedParts);
        if (fixedParts.Count == 1 && fixedParts[0].Length == 0)
        {
            baseDir = "/";
        }

        if (!Directory.Exists(baseDir))
        {
            return [];
        }

        var matcher = new Matcher(OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', parts.Skip(fixedParts.Count)));
        var root = Path.GetFullPath(baseDir);
        var files = Walk(baseDir).Select(Path.GetFullPath).ToList();
        return matcher.Match(root, files).Files
            .Select(m => Path.Combine(baseDir, m.Path.Replace('/', Path.DirectorySeparatorChar)))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// Every real directory is entered once, however many links lead to it: two links to '.' would
    /// otherwise make the walk exponential, and a link to an ancestor would make it endless.
    /// </summary>
    private static IEnumerable<string> Walk(string folder)
    {
        var visited = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var pending = new Stack<(string Path, string Real)>();
        pending.Push((folder, RealPath(folder)));
        while (pending.Count > 0)
        {
            var (current, real) = pending.Pop();
            if (!visited.Add(real))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(current))
            {
                yield return file;
            }

            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(sub);
                if (SkippedFolders.Contains(name))
                {
                    continue;
                }

                var link = new DirectoryInfo(sub).LinkTarget;
                string subReal;
                try
                {
                    subReal = link is null ? Path.Combine(real, name) : RealPath(sub);
                }
                catch (IOException)
                {
                    continue; // a dangling or endless chain of links leads to no files
                }

                pending.Push((sub, subReal));
            }
        }
    }

    /// <summary>The path with every symbolic link along it resolved.</summary>
    internal static string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new DirectoryInfo(next).LinkTarget is { } target)
            {
                if (hops >= MaxLinkHops)
                {
                    throw new IOException($"'{path}': too many levels of symbolic links");
                }

                next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), hops + 1);
            }

            current = next;
        }

        return current;
    }

    /// <summary>As Linux's ELOOP limit.</summary>
    private const int MaxLinkHops = 40;
}
