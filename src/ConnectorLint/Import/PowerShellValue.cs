using System.Collections.Immutable;

namespace ConnectorLint.Import;

public enum PowerShellValueKind { Null, Text, Number, Boolean, Date, Bytes, List, Object }

/// <summary>
/// One value of an exported PowerShell object, whichever way it was saved (ConvertTo-Json from
/// Windows PowerShell 5.1 or PowerShell 7, Export-Clixml). <see cref="Path"/> says where it sits in
/// its file ($[0].AddressSpaces[1]), for messages.
/// </summary>
/// <param name="Text">The text of a scalar; for an object, what PowerShell printed for it (CliXml's ToString).</param>
/// <param name="Number">A number; for an enumeration saved by CliXml, its integer beside the text.</param>
public sealed record PowerShellValue(
    PowerShellValueKind Kind,
    string File,
    string Path,
    string? Text = null,
    long? Number = null,
    ImmutableArray<PowerShellValue> Items = default,
    ImmutableDictionary<string, PowerShellValue>? Properties = null,
    ImmutableArray<string> TypeNames = default,
    ImmutableArray<byte> Bytes = default)
{
    public bool IsNull => Kind == PowerShellValueKind.Null;

    /// <summary>A property of an object by name (PowerShell's names are case-insensitive); null when the object has no such property.</summary>
    public PowerShellValue? Property(string name) =>
        Properties is { } props && props.TryGetValue(name, out var value) ? value : null;

    /// <summary>The items of a list; a single value is a list of one, as PowerShell unrolls them.</summary>
    public IEnumerable<PowerShellValue> AsList() => Kind switch
    {
        PowerShellValueKind.Null => [],
        PowerShellValueKind.List => Items,
        _ => [this],
    };

    public override string ToString() => $"{File}: {Path}";
}
