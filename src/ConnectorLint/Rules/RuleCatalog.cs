namespace ConnectorLint.Rules;

/// <summary>Every rule the engine runs, and every descriptor the tool knows (for docs, SARIF, `rules`).</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> Rules { get; } =
    [
        ReferenceRules.Reference,
        ReferenceRules.DuplicateName,
    ];

    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        FileRules.All
            .Concat([Suppressions.Descriptor])
            .Concat(Rules.Select(r => r.Descriptor))
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    public static RuleDescriptor? Find(string id) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
}
