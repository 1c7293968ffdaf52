using System.Text;
using System.Runtime.InteropServices;

namespace ConnectorLint.Cli;

/// <summary>
/// The process's own standard output or error (not a test's StringWriter): what a progress line may
/// be drawn on when that stream is a terminal.
/// </summary>
internal sealed partial class ProcessStreamWriter(Stream stream, Encoding encoding, int bufferSize) : StreamWriter(stream, encoding, bufferSize)
{
    /// <summary>Descriptor 1 or 2 as a plain stream on Unix (no terminal set-up); the console's stream on Windows.</summary>
    public static Stream Open(int descriptor)
    {
        if (OperatingSystem.IsWindows())
        {
            return descriptor == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError();
        }

        return new ReaderGoneStream(new DescriptorStream(descriptor));
    }

    /// <summary>
    /// Writes with write(2). A FileStream over a regular file writes at a position of its own
    /// (pwrite) and leaves the descriptor's offset where it was, so in `{ connectorlint lint; echo
    /// done; } > log` the next writer to the file would write over the report.
    /// </summary>
    private sealed partial class DescriptorStream(int descriptor) : WriteOnlyStream
    {
        private const int Interrupted = 4;

        public override unsafe void Write(ReadOnlySpan<byte> buffer)
        {
            fixed (byte* start = buffer)
            {
                var written = 0;
                while (written < buffer.Length)
                {
                    var n = WriteBytes(descriptor, start + written, buffer.Length - written);
                    if (n >= 0)
                    {
                        written += (int)n;
                    }
                    else if (Marshal.GetLastPInvokeError() != Interrupted)
                    {
                        throw new IOException($"writing to descriptor {descriptor} failed (errno {Marshal.GetLastPInvokeError()})");
                    }
                }
            }
        }

        public override void Flush()
        {
        }


        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        private static unsafe partial nint WriteBytes(int descriptor, byte* buffer, nint count);
    }

    /// <summary>
    /// `connectorlint lint | head` closes the pipe early: the rest of the output has no reader and is
    /// dropped, as the console's own stream does, instead of failing the run on a broken pipe.
    /// </summary>
    private sealed class ReaderGoneStream(Stream inner) : WriteOnlyStream
    {
        private bool gone;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (gone)
            {
                return;
            }

            try
            {
                inner.Write(buffer);
            }
            catch (IOException)
            {
                gone = true;
            }
        }

        public override void Flush()
        {
            if (!gone)
            {
                try
                {
                    inner.Flush();
                }
                catch (IOException)
                {
                    gone = true;
                }
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

    /// <summary>What the two streams above share: they only write.</summary>
    private abstract class WriteOnlyStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
