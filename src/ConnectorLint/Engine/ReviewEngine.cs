using ConnectorLint.Configuration;
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
        var discovery = LintEngine.Discover(request.Paths);

        var files = discovery.Files.Where(f => f.Kind.Name != FileKindName.Foreign && f.Path != FileDiscovery.StandardInput).ToList();
        var baseIsFile = File.Exists(request.Base);
        if (baseIsFile && files.Count != 1)
        {
            throw new InputException($"--base '{request.Base}' is a file; compare it with exactly one desired-state file (the paths hold {files.Count}).");
        }

        var configuration = LintEngine.Configure(() => new ConfigurationSource(request.Settings, request.ConfigFile));

        var reviews = new List<FileReview>();
        foreach (var (path, _, _) in files)
        {
            LoadedDocument head;
            LoadedDocument? before;
            Rules.LintSettings settings;
            try
            {
                if (!baseIsFile)
                {
                    var root = GitRevision.WorkTreeRoot(Path.GetDirectoryName(Path.GetFullPath(path))!);
                    if (!RealPath.IsInside(path, root))
                    {
                        throw new InputException($"'{path}' leads outside the repository through a symbolic link ({RealPath.Of(path)}); review reads only files inside it.", Model.SourceSpan.At(path, 1, 1));
                    }
                }

                head = DesiredStateLoader.LoadFile(path, request.Load);
                var bytes = baseIsFile ? BoundedFile.ReadAllBytes(request.Base, request.Load.MaxFileBytes) : GitRevision.Show(path, request.Base, request.Load.MaxFileBytes);
                before = bytes is null ? null : DesiredStateLoader.Load(path, bytes);
                settings = configuration.For(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot read '{path}': {ex.Message}", Model.SourceSpan.At(path, 1, 1));
            }
            catch (GitException ex)
            {
                throw new InputException(ex.Message);
            }
            catch (ConfigurationException ex)
            {
                throw new InputException(ex.Message, ex.Span, ex.Reason);
            }

            var baseFindings = before is null ? [] : Linter.Run(before, settings, Checks.Rules);
            var review = ChangeReview.Compare(before, head, baseFindings, Linter.Run(head, settings, Checks.Rules));
            if (request.ExchangeExport is { } export && head.State is { } desired)
            {
                // Without DNS the import is synchronous work; nothing here waits on the network.
                review = review with { Plan = PlanEngine.RunAsync(new PlanRequest(path, export), desired).GetAwaiter().GetResult() };
            }

            reviews.Add(review);
        }

        return new ReviewReport(reviews, request.Base);
    }
}
