namespace ConnectorLint.IO;

/// <summary>The input is larger than the limit the caller set.</summary>
public sealed class InputTooLargeException(string path, long limit)
    : IOException($"'{path}' is larger than {BoundedFile.Describe(limit)}; this limit protects against endless input (a device or a pipe)")
{
    public string Path { get; } = path;

    public long Limit { get; } = limit;
}

/// <summary>
/// Reads whole files with the limit enforced while reading: a file's reported length cannot be
/// trusted (/dev/zero says 0, a pipe says nothing), so the bytes themselves are counted.
/// </summary>
public static class BoundedFile
{
    /// <summary>64 MiB: room for a 100,000-domain organization, a bound for anything hostile.</summary>
    public const long DefaultLimit = 64L * 1024 * 1024;

    public static byte[] ReadAllBytes(string path, long limit = DefaultLimit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        return ReadAllBytes(stream, path, limit);
    }

    public static byte[] ReadAllBytes(Stream stream, string path, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new InputTooLargeException(path, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>UTF-8 text (a BOM is dropped), read under the limit.</summary>
    public static string ReadAllText(string path, long limit = DefaultLimit)
    {
        var bytes = ReadAllBytes(path, limit);
        return new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
    }

    /// <summary>The lines of a text file (LF, CR LF or CR), read under the limit.</summary>
    public static IEnumerable<string> ReadLines(string path, long limit = DefaultLimit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        using var reader = new StreamReader(Limit(stream, path, limit), System.Text.Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>A read-only view of the stream that fails once more than the limit has been read.</summary>
    public static Stream Limit(Stream stream, string path, long limit) => new LimitedStream(stream, path, limit);

    internal static string Describe(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024.0):0.#} MiB"
        : $"{bytes:N0} bytes";

    private sealed class LimitedStream(Stream inner, string path, long limit) : Stream
    {
        private long total;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            total += read;
            if (total > limit)
            {
                throw new InputTooLargeException(path, limit);
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Reads lines of at most a given length; a longer one is an <see cref="IOException"/>, not an unbounded string.</summary>
public sealed class BoundedLineReader(TextReader inner, string name, int maxLineLength) : TextReader
{
    private int lineNumber;

    public override int Peek() => inner.Peek();

    public override int Read() => inner.Read();

    public override string? ReadLine()
    {
        var builder = new System.Text.StringBuilder();
        lineNumber++;
        while (true)
        {
            var c = inner.Read();
            if (c < 0)
            {
                return builder.Length == 0 ? null : builder.ToString();
            }

            if (c == '\n')
            {
                return builder.ToString();
            }

            if (c == '\r')
            {
                if (inner.Peek() == '\n')
                {
                    inner.Read();
                }

                return builder.ToString();
            }

            if (builder.Length >= maxLineLength)
            {
                throw new IOException($"{name}: line {lineNumber} is longer than {maxLineLength:N0} characters");
            }

            builder.Append((char)c);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
