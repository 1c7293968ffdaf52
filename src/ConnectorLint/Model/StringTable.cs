using System.Runtime.InteropServices;

namespace ConnectorLint.Model;

/// <summary>
/// One instance of each distinct short text read from a file (a YAML key, an enumeration, a domain
/// that is both Name and DomainName of an export), so what is built from it shares them rather than
/// each keeping a copy: a file of 100,000 domains repeats its keys 800,000 times. One table per read.
/// </summary>
internal sealed class StringTable
{
    /// <summary>Longer texts (certificates' data, descriptions) are rarely repeated; they are kept as read.</summary>
    private const int MaxSharedLength = 128;

    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);

    public string Share(string text)
    {
        if (text.Length > MaxSharedLength)
        {
            return text;
        }

        ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, text, out _);
        return kept ??= text;
    }
}
