namespace Cosell.Storage.Sqlite;

/// <summary>
/// An exclusive lock on <c>cosell.lock</c> in the data folder, held while a store is open on it, so a second server
/// started on the same folder stops at start-up instead of running the expiry sweep and webhook delivery twice.
/// The operating system's file lock (<c>flock</c> on Linux and macOS) is released when the process ends however it
/// ends, so a crash never leaves a stale lock behind; the file itself stays and is reused.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string FileName = "cosell.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or throws <see cref="IOException"/> saying who holds it.</summary>
    public static DataFolderLock Acquire(string dataDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new IOException(
                $"another process, most likely another Cosell server, holds its lock file '{path}' (one server per data "
                + "folder; several instances share a PostgreSQL store instead)", e);
        }
    }

    // .NET reports a lock held elsewhere with the platform's own code: EWOULDBLOCK from flock (11 on Linux, 35 on
    // macOS) or ERROR_SHARING_VIOLATION on Windows. Any other failure (a read-only disk) keeps its own message.
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020);

    public void Dispose() => _file.Dispose();
}
