using System.Text;

namespace ConnectorLint.Diagnostics;

/// <summary>
/// Values from files and DNS are echoed in human-readable output. A line break in such a value
/// would start a new output line, and under GitHub Actions a line that starts with '::' is a
/// workflow command; an escape character would drive the terminal; a right-to-left override would
/// make a name read as another (a certificate name that displays as the one the file expects). So
/// every control character, every line or paragraph separator and every bidirectional formatting
/// character is shown as an escape (\n, \r, \u001B, \u202E), never passed through.
/// </summary>
public static class PrintableText
{
    public static string Escape(string text)
    {
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                _ => $"\\u{(int)c:X4}",
            });
        }

        return builder.ToString();
    }

    /// <summary>Tabs stay: they break no line and drive no terminal.</summary>
    private static bool NeedsEscape(char c) => c != '\t' && (char.IsControl(c) || c is '\u2028' or '\u2029' || IsBidiControl(c));

    /// <summary>The characters that reorder text on screen (Unicode Bidirectional Algorithm, UAX #9, 2.1-2.6).</summary>
    public static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
