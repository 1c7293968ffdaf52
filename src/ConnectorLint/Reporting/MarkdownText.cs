using System.Text;
using ConnectorLint.Diagnostics;

namespace ConnectorLint.Reporting;

/// <summary>
/// The one escaping of every value that reaches markdown (the step summary, the review, the pull-request
/// comment). A value is text, never markup: no line break or control character (a carriage return
/// ends a line in CommonMark and starts a heading), no HTML, no link, image or emphasis syntax, no
/// live @mention or #reference, no autolink, no pipe that would end a table cell.
/// </summary>
public static class MarkdownText
{
    /// <summary>Zero-width space as an entity: it breaks mentions and autolinks and renders as nothing.</summary>
    private const string Break = "&#8203;";

    /// <summary>Prose and table cells.</summary>
    public static string Inline(string value)
    {
        var text = PrintableText.Escape(value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' '));
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '@':
                    // @team, @user and user@example.com: never a mention, a notification or a mailto autolink.
                    builder.Append('@').Append(Break);
                    break;
                case ':' when i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/':
                    // https://evil.example: never an autolink.
                    builder.Append(Break).Append(':');
                    break;
                case '#':
                    // #123 and #heading: never a reference to an issue or a heading.
                    builder.Append('#').Append(Break);
                    break;
                case '.' when i >= 3 && string.CompareOrdinal(text, i - 3, "www", 0, 3) == 0:
                    builder.Append(Break).Append('.');
                    break;
                case '\\' or '`' or '*' or '_' or ']' or '|' or '~' or '+' or '-' or '=' or '>' when NeedsBackslash(c, text, i):
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The text of a code span (between single backticks): markdown is not read inside it, so only what
    /// would end the span, the table cell or the line is replaced.
    /// </summary>
    public static string Code(string value) =>
        PrintableText.Escape(value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' '))
            .Replace('`', '\'')
            .Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>
    /// Punctuation that is markup wherever it stands is always escaped; ']' only where it would close a
    /// link or an image's text (before '(', '[' or ':'), so servers[0] stays readable; '-', '+', '=',
    /// '>' only where they could start a list, a heading underline or a quote (the value's first character).
    /// </summary>
    private static bool NeedsBackslash(char c, string text, int i) => c switch
    {
        ']' => i + 1 < text.Length && text[i + 1] is '(' or '[' or ':',
        '-' or '+' or '=' or '>' => i == 0,
        _ => true,
    };
}
