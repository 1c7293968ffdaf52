using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ConnectorLint.IO;

/// <summary>
/// Reads a file that must be a regular file: one found in a folder (an export), where a FIFO would
/// block the open forever and a device would never end. The file is opened without blocking and
/// checked on the handle that is then read, so it cannot be swapped between the check and the read.
/// </summary>
public static partial class RegularFile
{
    /// <exception cref="IOException">Not a regular file, unreadable, or larger than <paramref name="limit"/>.</exception>
    public static byte[] ReadAllBytes(string path, long limit = BoundedFile.DefaultLimit)
    {
        if (OperatingSystem.IsWindows())
        {
            return BoundedFile.ReadAllBytes(path, limit);
        }

        var descriptor = Open(path, OpenReadOnlyNonBlocking);
        if (descriptor < 0)
        {
            // The open itself failed; the ordinary open says why in .NET's words (not found, denied).
            return BoundedFile.ReadAllBytes(path, limit);
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read, 1);
        if (!stream.CanSeek)
        {
            throw new IOException($"'{path}' is not a regular file (a FIFO, a socket or a device); only files are read here");
        }

        return BoundedFile.ReadAllBytes(stream, path, limit);
    }

    /// <summary>O_RDONLY | O_NONBLOCK: O_NONBLOCK is 0x4 on macOS and the BSDs, 0x800 on Linux.</summary>
    private static int OpenReadOnlyNonBlocking => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x4 : 0x800;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
