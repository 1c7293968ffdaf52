using System.Globalization;

namespace ConnectorLint.Plan;

/// <summary>
/// Values written as PowerShell arguments in the forms Exchange's cmdlets accept. Every text is a
/// single-quoted literal (nothing in it is expanded or run), its quotes doubled; typographic quotes,
/// which PowerShell also takes as quotes, are doubled the same way.
/// </summary>
public static class PowerShellSyntax
{
    public static string Quote(string text)
    {
        var quoted = new System.Text.StringBuilder("'");
        foreach (var c in text)
        {
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                quoted.Append(c);
            }

            quoted.Append(c);
        }

        return quoted.Append('\'').ToString();
    }

    public static string Bool(bool value) => value ? "$true" : "$false";

    /// <summary>A scalar: booleans and numbers as themselves, the rest quoted.</summary>
    public static string Scalar(string value) =>
        value is "true" or "false" ? Bool(value == "true")
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? value
        : Quote(value);

    /// <summary>A whole list, replacing what the property holds; an empty one clears it.</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Count == 0 ? "$null" : items.Count == 1 ? Quote(items[0]) : string.Join(",", items.Select(Quote));

    /// <summary>Items added to and removed from a multi-valued property, leaving the others: @{Add=...; Remove=...}.</summary>
    public static string AddRemove(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        var parts = new List<string>();
        if (add.Count > 0)
        {
            parts.Add("Add=" + string.Join(",", add.Select(Quote)));
        }

        if (remove.Count > 0)
        {
            parts.Add("Remove=" + string.Join(",", remove.Select(Quote)));
        }

        return "@{" + string.Join("; ", parts) + "}";
    }
}
