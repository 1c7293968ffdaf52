using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ConnectorLint.Spf;

/// <summary>A macro-string of RFC 7208 section 7: literals and %{...} expansions.</summary>
/// <param name="EndsInMacroExpand">
/// The text ends in a macro-expand: %{...}, or one of the escapes %%, %_ and %-, which RFC 7208 7.1
/// also counts as macro-expand, so they may end a domain-spec.
/// </param>
public sealed record MacroString(string Text, IReadOnlyList<MacroPart> Parts, bool EndsInMacroExpand = false)
{
    public bool HasMacros => Parts.Any(p => p is MacroExpand);

    public override string ToString() => Text;
}

public abstract record MacroPart;

public sealed record MacroLiteral(string Text) : MacroPart;

/// <summary>%{letter digits r delimiters}; an upper-case letter means URL-escape the result.</summary>
public sealed record MacroExpand(char Letter, bool UrlEscape, int? Digits, bool Reverse, string Delimiters) : MacroPart;

public static class MacroParser
{
    private const string Letters = "slodiphv";
    private const string ExplanationLetters = "slodiphvcrt";
    private const string DelimiterChars = ".-+,/_=";

    /// <summary>Parses a macro-string; <paramref name="column"/> is where it starts in the record, for errors.</summary>
    public static bool TryParse(string text, string term, int column, [NotNullWhen(true)] out MacroString? macro, [NotNullWhen(false)] out SpfSyntaxError? error, bool explanation = false)
    {
        macro = null;
        var parts = new List<MacroPart>();
        var literal = new StringBuilder();
        var i = 0;
        var endsInExpand = false;
        while (i < text.Length)
        {
            var c = text[i];
            endsInExpand = c == '%';
            if (c != '%')
            {
                if (c < 0x21 || c > 0x7E)
                {
                    if (!(explanation && c == ' '))
                    {
                        error = new SpfSyntaxError($"character 0x{(int)c:X2} is not allowed in '{term}'", term, column + i);
                        return false;
                    }
                }

                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                error = new SpfSyntaxError($"a lone '%' at the end of '{term}'; write '%%' for a percent sign", term, column + i);
                return false;
            }

            var next = text[i + 1];
            switch (next)
            {
                case '%':
                    literal.Append('%');
                    i += 2;
                    continue;
                case '_':
                    literal.Append(' ');
                    i += 2;
                    continue;
                case '-':
                    literal.Append("%20");
                    i += 2;
                    continue;
                case '{':
                    break;
                default:
                    error = new SpfSyntaxError($"'%{next}' is not a macro; use %{{x}}, %%, %_ or %-", term, column + i);
                    return false;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                error = new SpfSyntaxError($"the macro at column {column + i} has no closing '}}'", term, column + i);
                return false;
            }

            var body = text[(i + 2)..close];
            if (body.Length == 0 || !(explanation ? ExplanationLetters : Letters).Contains(char.ToLowerInvariant(body[0]), StringComparison.Ordinal))
            {
                error = new SpfSyntaxError(
                    body.Length == 0 ? "an empty macro %{}" : $"'{body[0]}' is not a macro letter{(explanation ? "" : " here (c, r and t are only for the explanation text that exp= points to)")}",
                    term, column + i);
                return false;
            }

            var j = 1;
            int? digits = null;
            while (j < body.Length && char.IsAsciiDigit(body[j]))
            {
                // RFC 7208 7.3: a number larger than the count of parts keeps them all, so any size is
                // valid; it saturates rather than overflows.
                digits = (int)Math.Min(int.MaxValue, (digits ?? 0) * 10L + (body[j] - '0'));
                j++;
            }

            if (digits == 0)
            {
                error = new SpfSyntaxError($"the macro transformer in '%{{{body}}}' keeps zero labels", term, column + i);
                return false;
            }

            var reverse = false;
            if (j < body.Length && (body[j] == 'r' || body[j] == 'R'))
            {
                reverse = true;
                j++;
            }

            var delimiters = body[j..];
            foreach (var d in delimiters)
            {
                if (!DelimiterChars.Contains(d, StringComparison.Ordinal))
                {
                    error = new SpfSyntaxError($"'{d}' is not a macro delimiter in '%{{{body}}}' (allowed: {DelimiterChars})", term, column + i);
                    return false;
                }
            }

            if (literal.Length > 0)
            {
                parts.Add(new MacroLiteral(literal.ToString()));
                literal.Clear();
            }

            parts.Add(new MacroExpand(char.ToLowerInvariant(body[0]), char.IsUpper(body[0]), digits, reverse, delimiters.Length == 0 ? "." : delimiters));
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new MacroLiteral(literal.ToString()));
        }

        macro = new MacroString(text, parts, endsInExpand);
        error = null;
        return true;
    }
}
