using System.Collections.Immutable;
using ConnectorLint.Model;

namespace ConnectorLint.Loading;

/// <summary>ConnectorLint's own YAML tree: every node keeps the span it was parsed from.</summary>
public abstract record YamlNode(SourceSpan Span)
{
    public abstract string KindName { get; }
}

public enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>A scalar typed by the YAML 1.2 core schema: only plain scalars can be null, bool or numbers.</summary>
public sealed record YamlScalar(string Value, ScalarKind Kind, SourceSpan Span) : YamlNode(Span)
{
    /// <summary>Written in single or double quotes (which make any value a string).</summary>
    public bool Quoted { get; init; }

    public override string KindName => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "number",
        _ => "string",
    };
}

public sealed record YamlSequence(ImmutableArray<YamlNode> Items, SourceSpan Span) : YamlNode(Span)
{
    public override string KindName => "list";
}

/// <summary>A key and its value; a struct, held in its mapping's array (a file of 100,000 domains has 800,000).</summary>
public readonly record struct YamlEntry(YamlScalar Key, YamlNode Value);

public sealed record YamlMapping(ImmutableArray<YamlEntry> Entries, SourceSpan Span) : YamlNode(Span)
{
    public override string KindName => "mapping";

    public YamlEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }
}
