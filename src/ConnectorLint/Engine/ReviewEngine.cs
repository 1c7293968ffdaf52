using ConnectorLint.Configuration;
using ConnectorLint.Exchange;
using ConnectorLint.IO;
using ConnectorLint.Loading;
using ConnectorLint.Review;

namespace ConnectorLint;

/// <summary>A pre-change review: the desired-state files of the head, each against its version at <see cref="Base"/>.</summary>
/// <param name="Base">A git revision (HEAD~1, a branch, a SHA), or a file to compare the one path with.</param>
public sealed record ReviewRequest(IReadOnlyList<string> Paths, string Base)
{
    public Rules.LintSettings Settings { get; init; } = new();

    public string? ConfigFile { get; init; }

    public LoadOptions Load { get; init; } = new();

    /// <summary>The folder tools/Export-MailFlowState.ps1 wrote: with it, each file's review carries its plan.</summary>
    public string? ExchangeExport { get; init; }
}

/// <summary>The review's front door: files found and loaded as lint finds them, the base read from git or a file.</summary>
public static class ReviewEngine
{
    /// <exception cref="InputException">The run could not do its job (exit 2).</exception>
    public static ReviewReport Run(ReviewRequest request)
    {
        // A folder whose last desired-state file the change deleted holds none now: that is news for
        // the review (the deleted file is reported below), not a reason to stop.
        var emptyFolders = new List<(string Folder, InputException Error)>();
        var discovered = new List<DiscoveredFile>();
        foreach (var path in request.Paths)
        {
            try
            {
                discovered.AddRange(Workspace.Discover([path]).Files);
            }
            catch (InputException ex) when (Directory.Exists(path))
            {
                emptyFolders.Add((Path.GetFullPath(path), ex));
            }
        }

        var files = discovered.DistinctBy(f => f.Path, StringComparer.Ordinal)
            .Where(f => f.Kind.Name != FileKindName.Foreign && f.Path != FileDiscovery.StandardInput).ToList();
        var baseIsFile = File.Exists(request.Base);
        if (baseIsFile && files.Count != 1)
        {
            throw new InputException($"--base '{request.Base}' is a file; compare it with exactly one desired-state file (the paths hold {files.Count}).");
        }

        var configuration = Workspace.Configure(() => new ConfigurationSource(request.Settings, request.ConfigFile));

        var reviews = new List<FileReview>();
        foreach (var (path, _, _) in files)
        {
            LoadedDocument head;
            LoadedDocument? before;
            try
            {
                if (!baseIsFile)
                {
                    var root = Workspace.Read(path, () => GitRevision.WorkTreeRoot(Path.GetDirectoryName(Path.GetFullPath(path))!));
                    if (!RealPath.IsInside(path, root))
                    {
                        throw new InputException($"'{path}' leads outside the repository through a symbolic link ({RealPath.Of(path)}); review reads only files inside it.", Model.SourceSpan.At(path, 1, 1));
                    }
                }

                head = Workspace.Load(path, request.Load);
                var bytes = baseIsFile
                    ? Workspace.Read(request.Base, () => BoundedFile.ReadAllBytes(request.Base, request.Load.MaxFileBytes))
                    : Workspace.Read(path, () => GitRevision.Show(path, request.Base, request.Load.MaxFileBytes));
                before = bytes is null ? null : DesiredStateLoader.Load(path, bytes);
            }
            catch (GitException ex)
            {
                throw new InputException(ex.Message);
            }

            var settings = Workspace.Configure(() => configuration.For(path));

            var baseFindings = before is null ? [] : Linter.Run(before, settings, Checks.Rules);
            var review = ChangeReview.Compare(before, head, baseFindings, Linter.Run(head, settings, Checks.Rules));
            if (request.ExchangeExport is { } export && head.State is { } desired)
            {
                // Without DNS the import is synchronous work; nothing here waits on the network.
                review = review with { Plan = PlanEngine.RunAsync(new PlanRequest(path, export), desired).GetAwaiter().GetResult() };
            }

            reviews.Add(review);
        }

        if (!baseIsFile)
        {
            reviews.AddRange(DeletedFiles(request, files.Select(f => Path.GetFullPath(f.Path)).ToHashSet(StringComparer.Ordinal)));
        }

        // A folder that holds no desired-state file and lost none is still the error it was.
        foreach (var (folder, error) in emptyFolders)
        {
            if (!reviews.Any(r => r.Deleted && Path.GetFullPath(r.File).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                throw error;
            }
        }

        return new ReviewReport(reviews, request.Base);
    }

    /// <summary>
    /// Desired-state files the base has under the folders reviewed and the head no longer has: said,
    /// never passed over as "no flow changes".
    /// </summary>
    private static List<FileReview> DeletedFiles(ReviewRequest request, HashSet<string> reviewed)
    {
        var deleted = new List<FileReview>();
        foreach (var folder in request.Paths.Where(Directory.Exists).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            IReadOnlyList<string> listed;
            try
            {
                listed = GitRevision.ListFiles(folder, request.Base);
            }
            catch (GitException ex)
            {
                throw new InputException(ex.Message);
            }

            foreach (var relative in listed.Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
            {
                var path = Path.GetFullPath(Path.Combine(folder, relative));
                if (reviewed.Contains(path) || File.Exists(path))
                {
                    continue;
                }

                byte[]? bytes;
                try
                {
                    bytes = GitRevision.Show(path, request.Base, request.Load.MaxFileBytes);
                }
                catch (GitException)
                {
                    // Its folder is gone too: git cannot be asked from there; nothing to say about a file we cannot read.
                    continue;
                }

                if (bytes is null)
                {
                    continue;
                }

                var before = DesiredStateLoader.Load(Path.GetRelativePath(Environment.CurrentDirectory, path), bytes);
                if (before.State is null)
                {
                    continue;
                }

                reviewed.Add(path);
                var flows = MailFlowSimulator.Of(before.State).CanonicalFlows.Count;
                deleted.Add(new FileReview(before.File, false, new FindingChanges([], [], []), [], 0, [], []) { Deleted = true, BaseFlowCount = flows });
            }
        }

        return deleted;
    }
}
