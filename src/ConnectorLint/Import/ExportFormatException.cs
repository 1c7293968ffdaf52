namespace ConnectorLint.Import;

/// <summary>An export that cannot be imported: where (file and path in it) and why.</summary>
public sealed class ExportFormatException(string file, string path, string reason)
    : Exception(path.Length == 0 ? $"{file}: {reason}" : $"{file}: {path}: {reason}")
{
    public string File { get; } = file;

    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
