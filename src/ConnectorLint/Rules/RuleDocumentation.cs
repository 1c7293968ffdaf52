namespace ConnectorLint.Rules;

/// <summary>The docs/rules/&lt;ID&gt;.md pages, embedded so that `explain` works from any folder.</summary>
public static class RuleDocumentation
{
    public static string? Page(string ruleId)
    {
        using var stream = typeof(RuleDocumentation).Assembly.GetManifestResourceStream($"ConnectorLint.rules.{ruleId}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
