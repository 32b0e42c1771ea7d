using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// Whether the file a connection opened is still the one its path names. A data folder deleted (or a cosell.db replaced)
/// under a running server leaves its connections writing into a file nobody can open again: every write would answer
/// 200 and be gone at the next start.
/// </summary>
internal static class DatabaseFile
{
    private const int HasMovedOp = 20; // SQLITE_FCNTL_HAS_MOVED: SQLite compares the open file with the path's, or finds it unlinked

    public static bool HasMoved(SqliteConnection connection) =>
        FileControl(connection.Handle!, "main", HasMovedOp, out var moved) == 0 && moved != 0;

    // Microsoft.Data.Sqlite and SQLitePCLRaw do not expose sqlite3_file_control; the bundled e_sqlite3 library does.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(
        SQLitePCL.sqlite3 db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int op, out int result);
}
