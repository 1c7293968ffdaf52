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
                        origin = Absolute(tokens[1].Name, origin, file, line);
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
                owner = first.Name == "@" ? origin ?? throw new ZoneFileException(file, line, "'@' used before $ORIGIN") : Absolute(first.Name, origin, file, line);
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

                    resolver.Add(new MxRecordData(owner, preference, Absolute(data[1].Name, origin, file, line)));
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

                    var target = Absolute(data[0].Name, origin, file, line);
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

        if (IsAbsolute(name))
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

    /// <summary>Ends with a dot that is not escaped ('a\\.' ends inside its label).</summary>
    private static bool IsAbsolute(string name)
    {
        if (!name.EndsWith('.'))
        {
            return false;
        }

        var backslashes = 0;
        for (var i = name.Length - 2; i >= 0 && name[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    /// <summary>
    /// A token: <see cref="Text"/> with every escape decoded (bytes read as UTF-8), for TXT data;
    /// <see cref="Name"/> with an escaped dot or backslash kept escaped, so that 'contoso\046com.'
    /// stays one label and never reads as the name contoso.com.
    /// </summary>
    private readonly record struct Token(string Text, bool Quoted, string Name);

    private static IEnumerable<(int Line, List<Token> Tokens, bool StartsWithSpace)> LogicalLines(string file, string text)
    {
        var tokens = new List<Token>();
        var depth = 0;
        var line = 1;
        var startLine = 1;
        var startsWithSpace = false;
        var atLineStart = true;
        var parenthesisLine = 1;
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

            if (c == '\r')
            {
                // CR LF is one break; a CR alone (old Mac files) is a break of its own.
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                    continue;
                }

                c = '\n';
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
                case ' ' or '\t':
                    i++;
                    continue;
                case ';':
                    while (i < text.Length && text[i] is not ('\n' or '\r'))
                    {
                        i++;
                    }

                    continue;
                case '(':
                    if (depth == 0)
                    {
                        parenthesisLine = line;
                    }

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
                    var opened = line;
                    var token = new TokenBuilder();
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new ZoneFileException(file, opened, "unterminated quoted string");
                        }

                        var q = text[i];
                        if (q == '"')
                        {
                            i++;
                            break;
                        }

                        if (q == '\\' && i + 1 < text.Length)
                        {
                            i = token.Unescape(text, i, file, line);
                            continue;
                        }

                        if (q == '\n')
                        {
                            line++;
                        }

                        token.Append(q);
                        i++;
                    }

                    tokens.Add(token.Build(quoted: true));
                    continue;
                }

                default:
                {
                    var token = new TokenBuilder();
                    while (i < text.Length && text[i] is not (' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"'))
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            i = token.Unescape(text, i, file, line);
                            continue;
                        }

                        token.Append(text[i]);
                        i++;
                    }

                    tokens.Add(token.Build(quoted: false));
                    continue;
                }
            }
        }

        if (depth != 0)
        {
            throw new ZoneFileException(file, parenthesisLine, "unbalanced '(': it is never closed");
        }

        yield return (startLine, tokens, startsWithSpace);
    }

    /// <summary>Collects a token's bytes: \DDD is one byte (000-255), \X the character X itself.</summary>
    private sealed class TokenBuilder
    {
        private readonly List<byte> text = [];
        private readonly List<byte> name = [];

        public void Append(char c)
        {
            Span<byte> utf8 = stackalloc byte[4];
            var length = Encoding.UTF8.GetBytes([c], utf8);
            text.AddRange(utf8[..length]);
            name.AddRange(utf8[..length]);
        }

        public int Unescape(string source, int i, string file, int line)
        {
            byte value;
            int next;
            if (i + 3 < source.Length && char.IsAsciiDigit(source[i + 1]) && char.IsAsciiDigit(source[i + 2]) && char.IsAsciiDigit(source[i + 3]))
            {
                var number = int.Parse(source.AsSpan(i + 1, 3), CultureInfo.InvariantCulture);
                if (number > 255)
                {
                    throw new ZoneFileException(file, line, $"'\\{source.Substring(i + 1, 3)}' is not a byte (\\DDD must be 000 to 255)");
                }

                value = (byte)number;
                next = i + 4;
            }
            else if (char.IsAsciiDigit(source[i + 1]))
            {
                throw new ZoneFileException(file, line, "'\\' followed by a digit needs three digits (\\DDD)");
            }
            else
            {
                var c = source[i + 1];
                if (c > 0x7F)
                {
                    Append(c);
                    return i + 2;
                }

                value = (byte)c;
                next = i + 2;
            }

            text.Add(value);
            if (value is (byte)'.' or (byte)'\\')
            {
                name.Add((byte)'\\');
            }

            name.Add(value);
            return next;
        }

        public Token Build(bool quoted) =>
            new(Encoding.UTF8.GetString([.. text]), quoted, Encoding.UTF8.GetString([.. name]));
    }
}
