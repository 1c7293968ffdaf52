using ConnectorLint.Drift;
using ConnectorLint.Model;
using ConnectorLint.Plan;

namespace ConnectorLint;

/// <summary>A plan: the desired-state file, and the export of what Exchange has now.</summary>
public sealed record PlanRequest(string File, string ExportFolder)
{
    /// <summary>Keep the file's order, without simulation: only to show what the ordering prevents.</summary>
    public bool InFileOrder { get; init; }

    /// <summary>Where DNS answers come from: with it, the MX, SPF and DMARC changes are steps for the DNS provider.</summary>
    public Dns.IDnsResolver? Dns { get; init; }
}

public static class PlanEngine
{
    /// <exception cref="InputException">A file or an export that cannot be read (exit 2).</exception>
    public static async Task<PlanReport> RunAsync(PlanRequest request, DesiredState desired, CancellationToken cancellationToken = default)
    {
        // What no export holds (egress addresses behind NAT, the senders) is the file's on both sides.
        var imported = await ImportEngine.RunAsync(new ImportRequest(request.ExportFolder) { KeepFile = request.File }, cancellationToken).ConfigureAwait(false);
        var checker = new ConfigDriftChecker(imported.State, imported.Result, request.ExportFolder);
        checker.Check(desired);
        var dns = request.Dns is { } resolver ? (await new DriftChecker(resolver).CheckAsync(desired, cancellationToken).ConfigureAwait(false)).Domains : null;
        var plan = ChangePlanner.Plan(desired, imported.State, checker.Changes, request.InFileOrder, dns);
        return new PlanReport(plan, desired, imported.State, request.File, request.ExportFolder);
    }
}
