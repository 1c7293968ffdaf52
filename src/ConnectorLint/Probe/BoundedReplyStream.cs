namespace ConnectorLint.Probe;

/// <summary>
/// The connection to an SMTP server someone else runs, read with bounds: before TLS, a reply line may
/// be at most <see cref="MaxLineOctets"/> octets and all replies together <see cref="MaxPlainOctets"/>
/// (an endless line or endless continuation lines would otherwise be buffered whole); after the
/// client starts TLS, the whole conversation may be at most <see cref="MaxOctets"/>. Past a bound the
/// read fails with the reason, and the probe reports it for that endpoint.
/// </summary>
internal sealed class BoundedReplyStream(Stream inner) : Stream
{
    /// <summary>RFC 5321 4.5.3.1.5: a reply line is at most 512 octets with its CRLF; some servers write a little more.</summary>
    public const int MaxLineOctets = 2048;

    /// <summary>A greeting, an EHLO answer and a STARTTLS answer: a few dozen lines.</summary>
    public const int MaxPlainOctets = 64 * 1024;

    /// <summary>A TLS handshake with a long chain, the second EHLO answer and QUIT's.</summary>
    public const int MaxOctets = 1024 * 1024;

    private long total;
    private int line;
    private bool tls;

    public override int Read(byte[] buffer, int offset, int count) => Counted(buffer.AsSpan(offset, Math.Min(count, Room())), inner.Read(buffer, offset, Math.Min(count, Room())));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var slice = buffer[..Math.Min(buffer.Length, Room())];
        var read = await inner.ReadAsync(slice, cancellationToken).ConfigureAwait(false);
        return Counted(slice.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>At least one octet, so that a read past the bound fails rather than reading nothing.</summary>
    private int Room() => (int)Math.Max(1, Math.Min(int.MaxValue, (tls ? MaxOctets : MaxPlainOctets) - total));

    private int Counted(ReadOnlySpan<byte> buffer, int read)
    {
        total += read;
        if (total > (tls ? MaxOctets : MaxPlainOctets))
        {
            throw new IOException(tls
                ? $"the server sent more than {MaxOctets / 1024} kB in one probe"
                : $"the server's replies before TLS are longer than {MaxPlainOctets / 1024} kB (endless continuation lines)");
        }

        if (!tls)
        {
            foreach (var octet in buffer[..read])
            {
                line = octet == (byte)'\n' ? 0 : line + 1;
                if (line > MaxLineOctets)
                {
                    throw new IOException($"the server sent a reply line longer than {MaxLineOctets} octets (RFC 5321 allows 512)");
                }
            }
        }

        return read;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Starting(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Starting(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>A TLS record (the ClientHello, content type 22) ends the plain-text part: SMTP commands are text.</summary>
    private void Starting(ReadOnlySpan<byte> written)
    {
        if (!tls && written.Length > 0 && written[0] == 0x16)
        {
            tls = true;
        }
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
