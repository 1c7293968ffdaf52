namespace ConnectorLint.Model;

/// <summary>
/// The one definition of a line break in the tool. YamlDotNet's scanner ends a line at LF, CR,
/// CR LF, NEL, LS and PS, so every line number it gives counts those; the tool's own line splitting
/// (source excerpts, comments, suppressions, tab checks) must count the same, or positions drift.
/// </summary>
public static class TextLines
{
    public static bool IsBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>The length of the break at <paramref name="index"/>: 2 for CR LF, 1 for any other, 0 for none.</summary>
    public static int BreakLength(string text, int index)
    {
        if (index >= text.Length || !IsBreak(text[index]))
        {
            return 0;
        }

        return text[index] == '\r' && index + 1 < text.Length && text[index + 1] == '\n' ? 2 : 1;
    }

    /// <summary>The lines of the text, without their breaks; a text ending with a break has an empty last line.</summary>
    public static string[] Split(string text)
    {
        var lines = new List<string>();
        foreach (var (start, length) in Ranges(text))
        {
            lines.Add(text.Substring(start, length));
        }

        return [.. lines];
    }

    /// <summary>
    /// The lines of the text, each made into a string only when read: a report keeps every file's
    /// lines for excerpts but reads a few, and a string per line of a large file would be most of its memory.
    /// </summary>
    public static IReadOnlyList<string> Index(string text) => new LineIndex(text);

    private sealed class LineIndex : IReadOnlyList<string>
    {
        private readonly string text;
        private readonly int[] starts;
        private readonly int[] lengths;

        public LineIndex(string text)
        {
            this.text = text;
            var starts = new List<int>();
            var lengths = new List<int>();
            foreach (var (start, length) in Ranges(text))
            {
                starts.Add(start);
                lengths.Add(length);
            }

            this.starts = [.. starts];
            this.lengths = [.. lengths];
        }

        public int Count => starts.Length;

        public string this[int index] => text.Substring(starts[index], lengths[index]);

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < starts.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The start and length of each line, breaks excluded.</summary>
    public static IEnumerable<(int Start, int Length)> Ranges(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var length = BreakLength(text, i);
            if (length == 0)
            {
                continue;
            }

            yield return (start, i - start);
            i += length - 1;
            start = i + 1;
        }

        yield return (start, text.Length - start);
    }
}
