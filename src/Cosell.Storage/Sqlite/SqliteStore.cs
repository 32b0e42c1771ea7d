using System.Collections.Concurrent;
using System.Globalization;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// The default store: one SQLite file (<c>cosell.db</c>) in WAL mode with <c>synchronous=FULL</c>, so an
/// acknowledged write survives power loss. Writers take turns on one dedicated connection, so a write session sees
/// every earlier commit; writers that queue are committed together, with one fsync (<see cref="GroupCommitWriter"/>).
/// Readers use their own pooled connections and never block the writer.
/// The store holds <see cref="DataFolderLock"/> while open: a second server on the same folder would run the expiry
/// sweep and deliver webhooks twice. No PID file: the lock goes with the process, and SQLite recovers the WAL itself.
/// </summary>
public sealed class SqliteStore : IStore, IAsyncDisposable
{
    public const string FileName = "cosell.db";

    private readonly string _connectionString;
    private readonly DataFolderLock _folderLock;
    private readonly ConcurrentBag<CachedConnection> _readers = [];
    // As many readers as thread-pool threads may run read sessions at once (the pool grows past the core count): a
    // reader beyond the pool is opened and closed per request, which re-parses the schema and re-prepares every
    // statement (measured: the most expensive part of a GetEngagementInvitation). An idle reader costs little memory.
    private readonly int _maxPooledReaders = Math.Max(32, Environment.ProcessorCount * 4);
    private int _pooledReaders;
    private volatile bool _disposed;
    private volatile DatabaseMovedException? _moved; // found by the health check; the writer finds it for itself

    private SqliteStore(string databasePath, string connectionString, CachedConnection writer, DataFolderLock folderLock)
    {
        DatabasePath = databasePath;
        _folderLock = folderLock;
        _connectionString = connectionString;
        Writer = new GroupCommitWriter(connectionString, writer);
    }

    /// <summary>The database file was deleted or replaced under the server: every session is refused from then on.</summary>
    private DatabaseMovedException? Moved => _moved ?? Writer.Failure as DatabaseMovedException;

    /// <summary>The single writer connection and its group commit; write sessions begin, commit and roll back through it.</summary>
    internal GroupCommitWriter Writer { get; }

    /// <summary>Engagements parsed from their documents, reused while the document is unchanged.</summary>
    internal ParsedDocumentCache<Cosell.Service.Domain.EngagementRecord> Engagements { get; } = new(capacity: 256);

    public string Kind => "sqlite";

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens (creating if needed) <c>cosell.db</c> in <paramref name="dataDirectory"/> and migrates it.</summary>
    public static Task<SqliteStore> OpenAsync(string dataDirectory, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return Task.Run(() => Open(dataDirectory, ct), ct);
    }

    private static SqliteStore Open(string dataDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        var folderLock = DataFolderLock.Acquire(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // the store pools its own connections, together with their prepared commands
        }.ToString();

        CachedConnection? writer = null;
        try
        {
            ThrowIfAnotherProgramsFile(path);
            writer = CachedConnection.OpenWriter(connectionString);
            Migrator.Apply(writer, ct);
        }
        catch
        {
            writer?.Dispose();
            folderLock.Dispose();
            throw;
        }
        // Only that first open creates the file: a connection opened later (a reader, the checkpointer, the writer after
        // a failure) in a data folder deleted and made again would create an empty store there and answer from it.
        var existing = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        return new SqliteStore(path, existing, writer, folderLock);
    }

    /// <summary>
    /// A cosell.db with tables but no schema_migrations is another program's file (a path mix-up): the writer would turn
    /// it to WAL and add Cosell's tables among its own without a word. Read before anything is written.
    /// </summary>
    private static void ThrowIfAnotherProgramsFile(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }
        var tables = new List<string>();
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        catch (SqliteException)
        {
            // A guard only: a file this read-only look cannot read (a WAL left by a crash that needs a writer to
            // recover, a file that is not a database) is the writer's to open or refuse, as before.
            return;
        }
        if (tables.Count > 0 && !tables.Contains("schema_migrations"))
        {
            throw new IOException(
                $"{path} holds tables of another program ({string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", …" : "")}) " +
                "and no schema_migrations: it is not a Cosell store; give --data a folder of its own.");
        }
    }

    public async Task<IStoreSession> BeginAsync(bool write, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        if (Moved is { } moved)
        {
            throw moved; // a pooled reader would go on answering from the deleted file, data the next start will not have
        }
        if (!write)
        {
            return SqliteSession.BeginRead(this, RentReader());
        }

        return SqliteSession.BeginWrite(this, await Writer.BeginSessionAsync(ct).ConfigureAwait(false));
    }

    /// <summary>
    /// A read on a pooled reader, the file check, and, while the writer's latest group failed (a full disk, a file system
    /// gone read-only), one row written: without it, an instance a load balancer took out of rotation would get no write
    /// that could tell it the disk is back.
    /// </summary>
    public async Task PingAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Moved is { } moved)
        {
            throw moved; // for good, whatever a reader would meet now
        }
        var reader = RentReader();
        var broken = true;
        try
        {
            reader.Scalar("SELECT MAX(version) FROM schema_migrations");
            if (DatabaseFile.HasMoved(reader.Connection))
            {
                throw _moved = new DatabaseMovedException(DatabasePath);
            }
            broken = false;
        }
        finally
        {
            ReturnReader(reader, broken);
        }
        if (Writer.Failure is { } failure)
        {
            // A full disk still takes a write small enough for the WAL's length already on disk, so the probe alone
            // would call the store healthy while every real write fails: it needs room again first.
            var free = FreeBytes();
            if (failure is SqliteException { SqliteErrorCode: SqliteResultCodes.Full } && free < FullDiskRoom)
            {
                throw new IOException($"the disk holding {DatabasePath} is full ({free.ToString("N0", CultureInfo.InvariantCulture)} bytes free)");
            }
            await Writer.ProbeAsync(ct).ConfigureAwait(false);
        }
    }

    private const long FullDiskRoom = 1 << 20;

    private long FreeBytes()
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(DatabasePath)!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue; // unknown: the probe decides
        }
    }

    /// <summary>
    /// The data folder's disk or file fails the store (full, read-only, an I/O error, a file that cannot be opened or is
    /// damaged, a folder deleted under the server): the operator's to fix, logged without a stack trace. A constraint or
    /// a bug is not.
    /// </summary>
    public string? Unavailable(Exception error)
    {
        string? note = null;
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case GroupCommitException:
                    note = e.Message;
                    break;
                case DatabaseMovedException or UnauthorizedAccessException:
                    return e.Message;
                case SqliteException when Moved is { } moved:
                    return moved.Message; // whatever a reader then meets
                case SqliteException { SqliteErrorCode: SqliteResultCodes.ReadOnly } s:
                    // SQLite says the same when the file system went read-only under it (ext4's errors=remount-ro).
                    return $"{s.Message} (the file system holding {DatabasePath} went read-only, or the file's permissions changed)";
                case SqliteException { SqliteErrorCode: SqliteResultCodes.IoError or SqliteResultCodes.Corrupt
                    or SqliteResultCodes.Full or SqliteResultCodes.CantOpen or SqliteResultCodes.NotADatabase } s:
                    return note is null ? s.Message : $"{s.Message} {note}";
            }
        }
        return null;
    }

    internal void ReturnReader(CachedConnection connection, bool broken)
    {
        if (broken || _disposed)
        {
            connection.Dispose();
            return;
        }
        if (Interlocked.Increment(ref _pooledReaders) > _maxPooledReaders)
        {
            Interlocked.Decrement(ref _pooledReaders);
            connection.Dispose();
            return;
        }
        _readers.Add(connection);
        if (_disposed)
        {
            DrainReaders(); // raced with DisposeAsync
        }
    }

    private CachedConnection RentReader()
    {
        if (_readers.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _pooledReaders);
            return connection;
        }
        return CachedConnection.OpenReader(_connectionString);
    }

    private void DrainReaders()
    {
        while (_readers.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _pooledReaders);
            connection.Dispose();
        }
    }

    /// <summary>Closes every connection (readers first, so the writer's close can checkpoint the WAL).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        DrainReaders();

        // Waits for a running write session and group commit; a leaked session cannot hold the store open forever.
        await Writer.DisposeAsync().ConfigureAwait(false);
        _folderLock.Dispose();
    }
}
