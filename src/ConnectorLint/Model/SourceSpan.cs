namespace ConnectorLint.Model;

/// <summary>Where a node sits in its file: 1-based line and column, end exclusive.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(string file, int line, int column) => new(file, line, column, line, column);

    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A value from the file together with the span it was read from.</summary>
public readonly record struct Located<T>(T Value, SourceSpan Span)
{
    public override string ToString() => Value?.ToString() ?? "";
}
