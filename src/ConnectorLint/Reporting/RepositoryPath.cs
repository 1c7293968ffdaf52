namespace ConnectorLint.Reporting;

/// <summary>Paths as code scanning and annotations want them: relative to the repository root, with '/'.</summary>
public static class RepositoryPath
{
    /// <summary>The workspace GitHub names when there is one, else the nearest folder above the working directory holding .git, else the working directory.</summary>
    public static string Root(string? workspace = null)
    {
        if (!string.IsNullOrEmpty(workspace) && Directory.Exists(workspace))
        {
            return Path.GetFullPath(workspace);
        }

        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        for (var d = directory; d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git")))
            {
                return d.FullName;
            }
        }

        return directory.FullName;
    }

    public static string Relative(string path, string root)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return full.Replace('\\', '/');
        }

        return relative.Replace('\\', '/');
    }
}
