using System.Collections.Immutable;
using System.Text;

namespace ConnectorLint.Import;

public enum PowerShellValueKind { Null, Text, Number, Boolean, Date, Bytes, List, Object }

/// <summary>
/// One value of an exported PowerShell object, whichever way it was saved (ConvertTo-Json from
/// Windows PowerShell 5.1 or PowerShell 7, Export-Clixml). <see cref="Path"/> says where it sits in
/// its file ($[0].AddressSpaces[1]), for messages.
/// </summary>
/// <param name="Where">Where the value sits; made into text (<see cref="Path"/>) only for a message.</param>
/// <param name="Text">The text of a scalar; for an object, what PowerShell printed for it (CliXml's ToString).</param>
/// <param name="Number">A number; for an enumeration saved by CliXml, its integer beside the text.</param>
public sealed record PowerShellValue(
    PowerShellValueKind Kind,
    string File,
    ValuePath Where,
    string? Text = null,
    long? Number = null,
    ImmutableArray<PowerShellValue> Items = default,
    PowerShellProperties? Properties = null,
    ImmutableArray<string> TypeNames = default,
    ImmutableArray<byte> Bytes = default)
{
    public bool IsNull => Kind == PowerShellValueKind.Null;

    /// <summary>Where the value sits in its file, as a message says it: $[0].AddressSpaces[1].</summary>
    public string Path => Where.ToString();

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

/// <summary>
/// Where a value sits in its export: a link to its parent and its own step. An export of 100,000
/// accepted domains holds over a million values, and a path string each would be a tenth of the
/// import's memory; the text is made only when a message needs it.
/// </summary>
public sealed class ValuePath
{
    private readonly ValuePath? parent;
    private readonly string? name;
    private readonly int index;

    private ValuePath(ValuePath? parent, string? name, int index) => (this.parent, this.name, this.index) = (parent, name, index);

    /// <summary>The file's top level: $.</summary>
    public static ValuePath Root { get; } = new(null, null, -1);

    /// <summary>A property of the value here: $[0].Name.</summary>
    public ValuePath Property(string property) => new(this, property, -1);

    /// <summary>An item of the list here: $[0].</summary>
    public ValuePath Item(int item) => new(this, null, item);

    public override string ToString()
    {
        var steps = new Stack<ValuePath>();
        for (var step = this; step.parent is not null; step = step.parent)
        {
            steps.Push(step);
        }

        var text = new StringBuilder("$");
        foreach (var step in steps)
        {
            if (step.name is null)
            {
                text.Append('[').Append(step.index).Append(']');
            }
            else
            {
                text.Append('.').Append(step.name);
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// An object's properties by name, case-insensitive as PowerShell's, in one array sorted by name:
/// an export holds a few properties on each of very many objects, where a hash table each would
/// cost several times the values.
/// </summary>
public sealed class PowerShellProperties
{
    private readonly KeyValuePair<string, PowerShellValue>[] sorted;

    private PowerShellProperties(KeyValuePair<string, PowerShellValue>[] sorted) => this.sorted = sorted;

    public int Count => sorted.Length;

    /// <summary>The properties in the order read; of two with one name (in any case), the later one counts, as an assignment would.</summary>
    public static PowerShellProperties From(List<KeyValuePair<string, PowerShellValue>> read)
    {
        var order = new int[read.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => StringComparer.OrdinalIgnoreCase.Compare(read[a].Key, read[b].Key) is var byName and not 0 ? byName : a.CompareTo(b));
        var kept = new List<KeyValuePair<string, PowerShellValue>>(order.Length);
        for (var i = 0; i < order.Length; i++)
        {
            var isLastOfItsName = i + 1 == order.Length || !StringComparer.OrdinalIgnoreCase.Equals(read[order[i]].Key, read[order[i + 1]].Key);
            if (isLastOfItsName)
            {
                kept.Add(read[order[i]]);
            }
        }

        return new PowerShellProperties([.. kept]);
    }

    public bool TryGetValue(string name, out PowerShellValue value)
    {
        var (low, high) = (0, sorted.Length - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = StringComparer.OrdinalIgnoreCase.Compare(sorted[middle].Key, name);
            if (comparison == 0)
            {
                value = sorted[middle].Value;
                return true;
            }

            (low, high) = comparison < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        value = null!;
        return false;
    }
}
