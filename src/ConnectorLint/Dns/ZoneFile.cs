using System.Globalization;
using System.Net;
using System.Text;

namespace ConnectorLint.Dns;

public sealed class ZoneFileException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>
/// Reads RFC 1035 master files, as real zone exports write them: $ORIGIN, $TTL, '@', relative
/// names, omitted owners, TTL and class in either order, parentheses, comments and quoted strings.
/// A, AAAA, MX, TXT, PTR and CNAME are kept; other types only make their owner name exist.
/// </summary>
public static class ZoneFile
{
    public static InMemoryDnsResolver Load(IEnumerable<string> paths, InMemoryDnsResolver? into = null)
    {
        var resolver = into ?? new InMemoryDnsResolver();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = IO.BoundedFile.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ZoneFileException(path, 0, $"cannot read the zone file: {ex.Message}");
            }

            Parse(path, text, resolver);
        }

        return resolver;
    }

    public static InMemoryDnsResolver Parse(string file, string text, InMemoryDnsResolver? into = null)
    {
        var resolver = into ?? new InMemoryDnsResolver();
        string? origin = null;
        string? previousOwner = null;
        foreach (var (line, tokens, startsWithSpace) in LogicalLines(file, text))
        {
            if (tokens.Count == 0)
            {
                continue;
            }

            var first = tokens[0];
            if (!first.Quoted && first.Text.StartsWith('$'))
            {
                switch (first.Text.ToUpperInvariant())
                {
                    case "$ORIGIN" when tokens.Count >= 2:
                        origin = Absolute(tokens[1].Text, origin, file, line);
                        continue;
                    case "$TTL":
                        continue;
                    default:
                        throw new ZoneFileException(file, line, $"unsupported directive {first.Text}");
                }
            }

            var index = 0;
            string owner;
            if (startsWithSpace)
            {
                owner = previousOwner ?? throw new ZoneFileException(file, line, "a record without an owner name before any owner was given");
            }
            else
            {
                owner = first.Text == "@" ? origin ?? throw new ZoneFileException(file, line, "'@' used before $ORIGIN") : Absolute(first.Text, origin, file, line);
                index = 1;
            }

            previousOwner = owner;

            // TTL and class come in either order before the type.
            for (var i = 0; i < 2 && index < tokens.Count; i++)
            {
                var t = tokens[index].Text;
                if (t.Equals("IN", StringComparison.OrdinalIgnoreCase) || t.Equals("CH", StringComparison.OrdinalIgnoreCase)
                    || (t.Length > 0 && char.IsDigit(t[0])))
                {
                    index++;
                }
            }

            if (index >= tokens.Count)
            {
                throw new ZoneFileException(file, line, "a record without a type");
            }

            var type = tokens[index].Text.ToUpperInvariant();
            var data = tokens.Skip(index + 1).ToList();
            resolver.AddName(owner);
            switch (type)
            {
                case "A" or "AAAA":
                {
                    if (data.Count != 1 || !IPAddress.TryParse(data[0].Text, out var address)
                        || (type == "A") != (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
                    {
                        throw new ZoneFileException(file, line, $"{type} record needs one {(type == "A" ? "IPv4" : "IPv6")} address");
                    }

                    resolver.Add(new AddressRecord(owner, address));
                    break;
                }

                case "MX":
                {
                    if (data.Count != 2 || !int.TryParse(data[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var preference))
                    {
                        throw new ZoneFileException(file, line, "MX record needs a preference and a host");
                    }

                    resolver.Add(new MxRecordData(owner, preference, Absolute(data[1].Text, origin, file, line)));
                    break;
                }

                case "TXT":
                    if (data.Count == 0)
                    {
                        throw new ZoneFileException(file, line, "TXT record needs at least one string");
                    }

                    resolver.Add(new TxtRecord(owner, data.Select(d => d.Text).ToList()));
                    break;

                case "PTR" or "CNAME":
                {
                    if (data.Count != 1)
                    {
                        throw new ZoneFileException(file, line, $"{type} record needs one name");
                    }

                    var target = Absolute(data[0].Text, origin, file, line);
                    resolver.Add(type == "PTR" ? new PtrRecord(owner, target) : new CnameRecord(owner, target));
                    break;
                }

                default:
                    // SOA, NS, SPF (type 99, ignored per RFC 7208 3.1) and the rest: the name exists.
                    break;
            }
        }

        return resolver;
    }

    private static string Absolute(string name, string? origin, string file, int line)
    {
        if (name == "@")
        {
            return origin ?? throw new ZoneFileException(file, line, "'@' used before $ORIGIN");
        }

        if (name.EndsWith('.'))
        {
            return DnsName.Normalize(name);
        }

        if (origin is null)
        {
            // Without $ORIGIN, treat names as absolute: zone exports often omit the dot.
            return DnsName.Normalize(name);
        }

        return DnsName.Normalize(name + "." + origin);
    }

    private readonly record struct Token(string Text, bool Quoted);

    private static IEnumerable<(int Line, List<Token> Tokens, bool StartsWithSpace)> LogicalLines(string file, string text)
    {
        var tokens = new List<Token>();
        var depth = 0;
        var line = 1;
        var startLine = 1;
        var startsWithSpace = false;
        var atLineStart = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (atLineStart && depth == 0)
            {
                startsWithSpace = c is ' ' or '\t';
                startLine = line;
                atLineStart = false;
            }

            switch (c)
            {
                case '\n':
                    line++;
                    i++;
                    if (depth == 0)
                    {
                        yield return (startLine, tokens, startsWithSpace);
                        tokens = [];
                        atLineStart = true;
                    }

                    continue;
                case ' ' or '\t' or '\r':
                    i++;
                    continue;
                case ';':
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '(':
                    depth++;
                    i++;
                    continue;
                case ')':
                    if (depth == 0)
                    {
                        throw new ZoneFileException(file, line, "unbalanced ')'");
                    }

                    depth--;
                    i++;
                    continue;
                case '"':
                {
                    i++;
                    var builder = new StringBuilder();
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new ZoneFileException(file, line, "unterminated quoted string");
                        }

                        var q = text[i];
                        if (q == '"')
                        {
                            i++;
                            break;
                        }

                        if (q == '\\' && i + 1 < text.Length)
                        {
                            i = Unescape(text, i, builder);
                            continue;
                        }

                        if (q == '\n')
                        {
                            line++;
                        }

                        builder.Append(q);
                        i++;
                    }

                    tokens.Add(new Token(builder.ToString(), true));
                    continue;
                }

                default:
                {
                    var builder = new StringBuilder();
                    while (i < text.Length && text[i] is not (' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"'))
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            i = Unescape(text, i, builder);
                            continue;
                        }

                        builder.Append(text[i]);
                        i++;
                    }

                    tokens.Add(new Token(builder.ToString(), false));
                    continue;
                }
            }
        }

        if (depth != 0)
        {
            throw new ZoneFileException(file, line, "unbalanced '(' at the end of the file");
        }

        yield return (startLine, tokens, startsWithSpace);
    }

    /// <summary>\DDD (decimal byte) or \X (the character itself).</summary>
    private static int Unescape(string text, int i, StringBuilder builder)
    {
        if (i + 3 < text.Length && char.IsDigit(text[i + 1]) && char.IsDigit(text[i + 2]) && char.IsDigit(text[i + 3]))
        {
            builder.Append((char)int.Parse(text.AsSpan(i + 1, 3), CultureInfo.InvariantCulture));
            return i + 4;
        }

        builder.Append(text[i + 1]);
        return i + 2;
    }
}
