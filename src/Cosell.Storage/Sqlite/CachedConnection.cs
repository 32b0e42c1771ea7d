using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// One open SQLite connection and its prepared commands, keyed by SQL text. A command keeps its compiled statement
/// for as long as it lives, so a statement is parsed once per connection. Used by one session at a time.
/// </summary>
internal sealed class CachedConnection : IDisposable
{
    private const int MaxCachedCommands = 512;
    private const int BusyTimeoutMilliseconds = 10_000;
    private const int WriterCacheKibibytes = 8 * 1024;
    private const long ReaderMapBytes = 1L << 30;

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private CachedConnection(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>The single writer: WAL, fsync on every commit, foreign keys enforced.</summary>
    public static CachedConnection OpenWriter(string connectionString) => Open(connectionString, static c =>
    {
        // SQLite opens a file it may not write read-only without a word (a cosell.db an earlier sudo run left owned by
        // root): every write would then fail, as a 500, while reads and the health check looked fine.
        if (SQLitePCL.raw.sqlite3_db_readonly(c.Connection.Handle, "main") == 1)
        {
            throw new UnauthorizedAccessException(WhyNotWritable(c.Connection.DataSource));
        }
        var mode = c.Scalar("PRAGMA journal_mode = WAL") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
        }
        c.Execute("PRAGMA synchronous = FULL");
        // Checkpoints run on their own thread (WalCheckpointer), not inside the COMMIT that crosses 1,000 pages.
        c.Execute("PRAGMA wal_autocheckpoint = 0");
        c.Execute("PRAGMA foreign_keys = ON");
        c.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
        // A group commit's transaction holds many requests' changes: keep its dirty pages in memory until its COMMIT
        // (no spill to the WAL mid-transaction, where a page changed again would be written twice), in a cache big
        // enough for the indexes every write touches.
        c.Execute("PRAGMA cache_spill = OFF");
        c.Execute($"PRAGMA cache_size = -{WriterCacheKibibytes}");
        // Each request's SAVEPOINT keeps the original of every page it changes in a sub-journal; in a file (the
        // default temp store) that is a pwrite per page. Memory it is.
        c.Execute("PRAGMA temp_store = MEMORY");
        // No mmap_size here, unlike the readers: every page the writer touches (each index it updates, all of it over
        // time) would count in the process's RSS. Measured: 570 MB after 100,000 invitations, against 141 MB without.
    });

    /// <summary>The operating system's reason when it has one: a file system mounted read-only is no matter of rights.</summary>
    private static string WhyNotWritable(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (IOException e)
        {
            return $"{path} can be read but not written ({e.Message})";
        }
        catch (UnauthorizedAccessException)
        {
            // the user's rights: said below
        }
        return $"{path} can be read but not written by this user; give the user write access to it (and to its -wal and -shm files).";
    }

    /// <summary>The background checkpointer: syncs as the writer does (WAL before copying, database file after).</summary>
    public static CachedConnection OpenCheckpointer(string connectionString) => Open(connectionString, static c =>
    {
        c.Execute("PRAGMA synchronous = FULL");
        c.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
        // A checkpoint copies WAL frames straight into the file; it needs almost no page cache.
        c.Execute("PRAGMA cache_size = -256");
    });

    /// <summary>A reader: the same file, refusing writes (query_only) so a read session cannot change data.</summary>
    public static CachedConnection OpenReader(string connectionString) => Open(connectionString, static c =>
    {
        c.Execute("PRAGMA foreign_keys = ON");
        c.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
        c.Execute("PRAGMA query_only = ON");
        // Readers are pooled (up to 32) and read mostly through indexes, and they map the file (below): 1 MiB of cache
        // each, half SQLite's default, keeps the process within its memory budget (issue 7: RSS after 100,000 invitations).
        c.Execute("PRAGMA cache_size = -1024");
        // Readers map the file instead of copying pages in with a pread each (a Get reads a few random pages). The
        // mapped pages are the kernel's page cache, one copy shared by every reader and reclaimable, but each reader maps
        // the file on its own and RSS counts a page once per reader that touched it: after a read-heavy load with many
        // readers pooled, RSS (RssFile) can show the database several times over (opps21: 773 MB for a 92 MB file, 62 MB
        // of it the process's own memory). The writer does not map (see above).
        c.Execute($"PRAGMA mmap_size = {ReaderMapBytes}");
    });

    /// <summary>Opens a connection and applies <paramref name="configure"/>; a failure on the way closes it.</summary>
    private static CachedConnection Open(string connectionString, Action<CachedConnection> configure)
    {
        var connection = new SqliteConnection(connectionString);
        CachedConnection? c = null;
        try
        {
            connection.Open();
            c = new CachedConnection(connection);
            configure(c);
            return c;
        }
        catch
        {
            if (c is null)
            {
                connection.Dispose();
            }
            else
            {
                c.Dispose();
            }
            throw;
        }
    }

    /// <summary>
    /// The cached command for <paramref name="sql"/>, its parameters kept (rebind them with
    /// <see cref="SqliteCommandExtensions.Bind"/>). Callers never hold a reader open across two calls.
    /// </summary>
    public SqliteCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }
        if (_commands.Count >= MaxCachedCommands)
        {
            DisposeCommands();
        }
        command = Connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(sql, command);
        return command;
    }

    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    public object? Scalar(string sql) => Command(sql).ExecuteScalar();

    public void Dispose()
    {
        DisposeCommands();
        Connection.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}

internal static class SqliteCommandExtensions
{
    /// <summary>Sets a named parameter, adding it the first time this command sees it.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var i = parameters.IndexOf(name);
        if (i < 0)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            parameters[i].Value = value ?? DBNull.Value;
        }
        return command;
    }
}
