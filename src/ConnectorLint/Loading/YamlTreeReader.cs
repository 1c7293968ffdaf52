using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using ConnectorLint.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ConnectorLint.Loading;

/// <summary>A comment with its position, kept for inline suppressions.</summary>
public sealed record YamlComment(string Text, SourceSpan Span);

public sealed record YamlReadResult(YamlNode? Root, LoadProblem? Error, ImmutableArray<YamlComment> Comments);

/// <summary>
/// Reads YAML text into <see cref="YamlNode"/>s with positions. Defends against hostile input:
/// duplicate keys, tab indentation, alias bombs and deep nesting become CL001 findings.
/// </summary>
public sealed partial class YamlTreeReader
{
    /// <summary>A desired-state file is at most a few levels deep; 64 leaves room and bounds recursion.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many nodes aliases may add by expansion (billion-laughs guard).</summary>
    public const long MaxAliasExpansion = 100_000;

    private readonly string file;
    private readonly string text;
    private readonly Scanner scanner;
    private readonly Parser parser;
    private readonly Stack<ParsingEvent> openFlows = new();
    private readonly int lastLine;
    private readonly int lastLineLength;
    private readonly StringTable strings = new();
    private readonly Dictionary<string, (YamlNode Node, long Size)> anchors = new(StringComparer.Ordinal);
    private readonly ImmutableArray<YamlComment>.Builder comments = ImmutableArray.CreateBuilder<YamlComment>();
    private long aliasExpansion;

    private YamlTreeReader(string file, string text)
    {
        this.file = file;
        // Comments are skipped here: YamlDotNet's comment events break parsing of valid files
        // (a comment after a nested block); suppressions read comments from the text instead.
        scanner = new Scanner(new StringReader(text), skipComments: true);
        foreach (var (_, length) in TextLines.Ranges(text))
        {
            lastLine++;
            lastLineLength = length;
        }

        parser = new Parser(scanner);
        this.text = text;
    }

    public static YamlReadResult Read(string file, string text)
    {
        var emptyKey = FindEmptyKeyAfterDash(file, text);
        if (emptyKey is not null)
        {
            return new YamlReadResult(null, emptyKey, []);
        }

        var reader = new YamlTreeReader(file, text);
        try
        {
            var root = reader.ReadStream();
            return new YamlReadResult(root, null, reader.ReadComments());
        }
        catch (YamlTreeException ex)
        {
            return new YamlReadResult(null, LoadProblem.Parse(ex.Span, ex.Message), reader.comments.ToImmutable());
        }
        catch (YamlException ex)
        {
            // A scanner error on a line indented with a tab is the tab's fault; say so plainly.
            if (FindTabIndentation(file, text) is { } tab)
            {
                return new YamlReadResult(null, tab, reader.comments.ToImmutable());
            }

            var span = reader.Span(ex.Start, ex.End);
            return new YamlReadResult(null, LoadProblem.Parse(span, Explain(text, span) ?? "invalid YAML: " + CleanMessage(ex)), reader.comments.ToImmutable());
        }
    }

    private static string CleanMessage(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner && ex.Message.Contains("Exception during deserialization", StringComparison.Ordinal)
            ? inner.Message
            : ex.Message;
        message = PositionPrefix().Replace(message, "");
        return message.TrimEnd('.') + ".";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.NonBacktracking)]
    private static partial Regex PositionPrefix();

    /// <summary>
    /// YAML forbids tabs in indentation. Called only once the parser has failed, so a tab inside a
    /// block scalar or a quoted string (valid YAML) is never blamed; the parser reports such an error
    /// at the enclosing node, so the first tab-indented line is the likely cause.
    /// </summary>
    /// <summary>
    /// The two commonest slips, said plainly: an unquoted '*' (an address space, a sender domain),
    /// which YAML reads as an alias, and a line indented unlike its neighbours.
    /// </summary>
    private static string? Explain(string text, SourceSpan span)
    {
        var lines = TextLines.Split(text).ToList();
        if (span.Line < 1 || span.Line > lines.Count)
        {
            return null;
        }

        var line = lines[span.Line - 1];
        var at = Math.Clamp(span.Column - 1, 0, line.Length);
        var star = line.LastIndexOf('*', Math.Max(0, Math.Min(at, line.Length - 1)));
        if (star >= 0 && (star == 0 || line[star - 1] is ' ' or '[' or ',' or ':' or '-') && (star + 1 == line.Length || line[star + 1] is ']' or ',' or ' ' or '.'))
        {
            return "'*' starts a YAML alias here; quote it: \"*\" (in a list: [\"*\"]; a wildcard domain: \"*.contoso.com\").";
        }

        // Where a line's key starts: "- name:" keys its item's mapping two columns further in.
        static int Indent(string l) => l.Length - l.TrimStart(' ').Length + (l.TrimStart(' ').StartsWith("- ", StringComparison.Ordinal) ? 2 : 0);
        static bool Content(string l) => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#');
        var previous = Enumerable.Range(1, span.Line - 1).Select(i => span.Line - 1 - i).Where(i => Content(lines[i])).Select(i => (Line: i + 1, Indent: Indent(lines[i]))).FirstOrDefault();
        var next = Enumerable.Range(span.Line, lines.Count - span.Line).Where(i => Content(lines[i])).Select(i => (Line: i + 1, Indent: Indent(lines[i]))).FirstOrDefault();
        var own = Indent(line);
        if (previous.Line > 0 && next.Line > 0 && previous.Indent == next.Indent && own != previous.Indent && Content(line))
        {
            return $"line {span.Line} is indented by {own} spaces, the lines around it ({previous.Line} and {next.Line}) by {previous.Indent}; YAML reads indentation as structure: indent it like its neighbours.";
        }

        return null;
    }

    private static LoadProblem? FindTabIndentation(string file, string text)
    {
        var line = 0;
        foreach (var (start, length) in TextLines.Ranges(text))
        {
            line++;
            var end = start + length;
            var i = start;
            while (i < end && text[i] == ' ')
            {
                i++;
            }

            if (i < end && text[i] == '\t')
            {
                var rest = text.AsSpan(i, end - i).Trim();
                if (rest.Length > 0 && rest[0] != '#')
                {
                    var column = i - start + 1;
                    return LoadProblem.Parse(new SourceSpan(file, line, column, line, column + 1),
                        "a tab is used for indentation; YAML allows only spaces there. Replace the tab with spaces.");
                }
            }
        }

        return null;
    }

    /// <summary>
    /// `- :` (a list item that is a mapping with an empty key) is valid YAML, but YamlDotNet misreads it:
    /// it drops the value or fails further on. Refuse it here with the reason rather than read it wrong.
    /// </summary>
    private static LoadProblem? FindEmptyKeyAfterDash(string file, string text)
    {
        var line = 0;
        foreach (var (start, length) in TextLines.Ranges(text))
        {
            line++;
            var i = start;
            var end = start + length;
            var sawDash = false;
            while (true)
            {
                while (i < end && text[i] == ' ')
                {
                    i++;
                }

                if (i + 1 < end && text[i] == '-' && text[i + 1] == ' ')
                {
                    sawDash = true;
                    i += 2;
                    continue;
                }

                break;
            }

            if (sawDash && i < end && text[i] == ':' && (i + 1 == end || text[i + 1] is ' ' or '\t'))
            {
                var column = i - start + 1;
                return LoadProblem.Parse(new SourceSpan(file, line, column, line, column + 1),
                    "a list item starts with an empty key ('- :'); the YAML reader cannot read that form reliably, and a desired-state file has no empty keys. Write the key's name before the colon.");
            }
        }

        return null;
    }

    private SourceSpan Span(Mark start, Mark end)
    {
        var (line, column) = Clamp(start);
        var (endLine, endColumn) = Clamp(end);
        return new SourceSpan(file, line, column, endLine, endColumn);
    }

    /// <summary>
    /// YamlDotNet, as libyaml, moves the end of the stream to a new line when the file does not end
    /// with a line break; a position past the last line is the end of the last line.
    /// </summary>
    private (int Line, int Column) Clamp(Mark mark) =>
        mark.Line > lastLine ? (lastLine, lastLineLength + 1) : ((int)mark.Line, (int)mark.Column);

    private ParsingEvent Current => parser.Current ?? throw new YamlTreeException(SourceSpan.At(file, 1, 1), "unexpected end of YAML input.");

    private void Next()
    {
        try
        {
            parser.MoveNext();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, not a YamlException, for some malformed input (an unclosed
            // flow list at the end of the file, a stray '...', a tag such as '!!!x' that is not a
            // URI); report it where the scanner stopped.
            var (line, column) = Clamp(scanner.CurrentPosition);
            var span = new SourceSpan(file, line, column, line, column + 1);
            if (openFlows.TryPeek(out var open))
            {
                var bracket = open is SequenceStart ? "'[' list" : "'{' mapping";
                var close = open is SequenceStart ? ']' : '}';
                throw new YamlTreeException(span,
                    $"the flow {bracket} opened at line {open.Start.Line}, column {open.Start.Column} is not closed; add '{close}' or write the items as a block.");
            }

            throw new YamlTreeException(span, ex is ArgumentException
                ? "invalid YAML tag here ('!' starts a tag; quote the value if the '!' is part of it)."
                : "the YAML is malformed here (a document marker such as '...' or '---' out of place?).");
        }
    }

    /// <summary>
    /// The comments of the file: a '#' at the start of a line or after a space, outside quotes.
    /// Called only after a successful parse, so quotes on a line are balanced.
    /// </summary>
    private ImmutableArray<YamlComment> ReadComments()
    {
        var lineNumber = 0;
        foreach (var (start, length) in TextLines.Ranges(text))
        {
            lineNumber++;
            if (text.AsSpan(start, length).IndexOf('#') < 0)
            {
                continue;
            }

            var line = text.Substring(start, length);

            var quote = '\0';
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '[' or '{' or ',' or ':' or '-'))
                {
                    quote = c;
                }
                else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
                {
                    comments.Add(new YamlComment(line[(i + 1)..], new SourceSpan(file, lineNumber, i + 1, lineNumber, line.Length + 1)));
                    break;
                }
            }
        }

        return comments.ToImmutable();
    }

    private YamlNode? ReadStream()
    {
        Next();
        if (Current is not StreamStart)
        {
            throw new YamlTreeException(SourceSpan.At(file, 1, 1), "the input is not a YAML stream.");
        }

        Next();
        if (Current is StreamEnd)
        {
            return null;
        }

        Next(); // past DocumentStart
        var root = ReadNode(1).Node;
        if (Current is not DocumentEnd)
        {
            throw new YamlTreeException(Span(Current.Start, Current.End), "unexpected content after the document.");
        }

        Next();
        if (Current is DocumentStart second)
        {
            throw new YamlTreeException(Span(second.Start, second.End),
                "the file holds more than one YAML document; keep one organization per file.");
        }

        return root;
    }

    private (YamlNode Node, long Size) ReadNode(int depth)
    {
        var ev = Current;
        if (depth > MaxDepth)
        {
            throw new YamlTreeException(Span(ev.Start, ev.End),
                $"the document nests deeper than {MaxDepth} levels; a desired-state file never needs that.");
        }

        switch (ev)
        {
            case AnchorAlias alias:
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlTreeException(Span(alias.Start, alias.End), $"the alias *{alias.Value.Value} names no anchor: an unquoted '*' starts a YAML alias; if '*{alias.Value.Value}' is a value (a wildcard domain), quote it: \"*{alias.Value.Value}\".");
                }

                aliasExpansion += target.Size;
                if (aliasExpansion > MaxAliasExpansion)
                {
                    throw new YamlTreeException(Span(alias.Start, alias.End),
                        $"aliases expand to more than {MaxAliasExpansion:N0} nodes (an alias bomb?); expand them by hand.");
                }

                Next();
                return target;
            }

            case Scalar scalar:
            {
                var node = new YamlScalar(strings.Share(scalar.Value), Resolve(scalar), Span(scalar.Start, scalar.End)) { Quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted };
                Next();
                return Anchor(scalar.Anchor, node, 1);
            }

            case SequenceStart sequenceStart:
            {
                PushFlow(sequenceStart, sequenceStart.Style == SequenceStyle.Flow);
                Next();
                var items = ImmutableArray.CreateBuilder<YamlNode>();
                long size = 1;
                while (Current is not SequenceEnd)
                {
                    var (item, itemSize) = ReadNode(depth + 1);
                    items.Add(item);
                    size += itemSize;
                }

                var end = Current.End;
                PopFlow(sequenceStart.Style == SequenceStyle.Flow);
                Next();
                return Anchor(sequenceStart.Anchor, new YamlSequence(items.ToImmutable(), Span(sequenceStart.Start, end)), size);
            }

            case MappingStart mappingStart:
            {
                PushFlow(mappingStart, mappingStart.Style == MappingStyle.Flow);
                Next();
                var entries = ImmutableArray.CreateBuilder<YamlEntry>();
                var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                long size = 1;
                while (Current is not MappingEnd)
                {
                    var keyEvent = Current;
                    var (key, _) = ReadNode(depth + 1);
                    if (key is not YamlScalar keyScalar)
                    {
                        throw new YamlTreeException(Span(keyEvent.Start, keyEvent.End), "a mapping key must be a plain name, not a list or mapping.");
                    }

                    if (seen.TryGetValue(keyScalar.Value, out var first))
                    {
                        throw new YamlTreeException(keyScalar.Span,
                            $"duplicate key '{keyScalar.Value}' (first defined at line {first.Span.Line}); YAML keeps only one of them. Remove or merge one.");
                    }

                    seen.Add(keyScalar.Value, keyScalar);
                    var (value, valueSize) = ReadNode(depth + 1);
                    entries.Add(new YamlEntry(keyScalar, value));
                    size += 1 + valueSize;
                }

                var end = Current.End;
                PopFlow(mappingStart.Style == MappingStyle.Flow);
                Next();
                return Anchor(mappingStart.Anchor, new YamlMapping(entries.ToImmutable(), Span(mappingStart.Start, end)), size);
            }

            default:
                throw new YamlTreeException(Span(ev.Start, ev.End), $"unexpected YAML event {ev.GetType().Name}.");
        }
    }

    private void PushFlow(ParsingEvent start, bool isFlow)
    {
        if (isFlow)
        {
            openFlows.Push(start);
        }
    }

    private void PopFlow(bool isFlow)
    {
        if (isFlow)
        {
            openFlows.Pop();
        }
    }

    private (YamlNode Node, long Size) Anchor(AnchorName anchor, YamlNode node, long size)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = (node, size);
        }

        return (node, size);
    }

    private static ScalarKind Resolve(Scalar scalar)
    {
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => ScalarKind.String,
                "tag:yaml.org,2002:int" => ScalarKind.Integer,
                "tag:yaml.org,2002:bool" => ScalarKind.Boolean,
                "tag:yaml.org,2002:null" => ScalarKind.Null,
                "tag:yaml.org,2002:float" => ScalarKind.Float,
                _ => ScalarKind.String,
            };
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return ScalarKind.String;
        }

        return ResolvePlain(scalar.Value);
    }

    /// <summary>The YAML 1.2 core schema; `yes`/`on` stay strings as in 1.2.</summary>
    internal static ScalarKind ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return ScalarKind.Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                return ScalarKind.Boolean;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN":
                return ScalarKind.Float;
        }

        if (IntegerPattern().IsMatch(value))
        {
            return ScalarKind.Integer;
        }

        return FloatPattern().IsMatch(value) ? ScalarKind.Float : ScalarKind.String;
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex FloatPattern();

    internal static object? ToClrValue(YamlScalar scalar) => scalar.Kind switch
    {
        ScalarKind.Null => null,
        ScalarKind.Boolean => scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase),
        ScalarKind.Integer => ParseInteger(scalar.Value),
        ScalarKind.Float => double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        _ => scalar.Value,
    };

    private static object ParseInteger(string value)
    {
        if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : value;
        }

        if (value.StartsWith("0o", StringComparison.Ordinal))
        {
            try
            {
                return Convert.ToInt64(value[2..], 8);
            }
            catch (OverflowException)
            {
                return value;
            }
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (object)n : double.Parse(value, CultureInfo.InvariantCulture);
    }

    private sealed class YamlTreeException(SourceSpan span, string message) : Exception(message)
    {
        public SourceSpan Span { get; } = span;
    }
}
