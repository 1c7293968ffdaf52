namespace ConnectorLint.Loading;

/// <summary>Turns the paths a user typed into the desired-state files to lint.</summary>
public static class FileDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj", "node_modules" };

    /// <summary>Files named explicitly are linted whatever they hold; folders contribute only files with apiVersion connectorlint/v1.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                result.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Walk(path)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Where(DesiredStateLoader.IsDesiredState)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new FileNotFoundException($"the folder '{path}' holds no desired-state files (*.yaml or *.yml with 'apiVersion: connectorlint/v1').");
                }

                result.AddRange(found);
            }
            else
            {
                throw new FileNotFoundException($"'{path}' does not exist.");
            }
        }

        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Walk(string folder)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
            {
                yield return file;
            }

            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }
        }
    }
}
