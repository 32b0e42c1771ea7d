using System.Collections.Concurrent;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// The default store: one SQLite file (<c>cosell.db</c>) in WAL mode with <c>synchronous=FULL</c>, so an
/// acknowledged write survives power loss. Writers queue on one dedicated connection (<c>BEGIN IMMEDIATE</c>), so a
/// write session sees every earlier commit; readers use their own pooled connections and never block the writer.
/// No lock or PID file is created: SQLite recovers the WAL itself after a crash.
/// </summary>
public sealed class SqliteStore : IStore, IAsyncDisposable
{
    public const string FileName = "cosell.db";

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writerLock = new(1, 1);
    private readonly ConcurrentBag<CachedConnection> _readers = [];
    private readonly int _maxPooledReaders = Math.Max(4, Environment.ProcessorCount * 2);
    private int _pooledReaders;
    private CachedConnection? _writer;
    private volatile bool _disposed;

    private SqliteStore(string databasePath, string connectionString, CachedConnection writer)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _writer = writer;
    }

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
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // the store pools its own connections, together with their prepared commands
        }.ToString();

        var writer = CachedConnection.OpenWriter(connectionString);
        try
        {
            Migrator.Apply(writer, ct);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        return new SqliteStore(path, connectionString, writer);
    }

    public async Task<IStoreSession> BeginAsync(bool write, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        if (!write)
        {
            return SqliteSession.BeginRead(this, RentReader());
        }

        await _writerLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writer ??= CachedConnection.OpenWriter(_connectionString);
            return SqliteSession.BeginWrite(this, _writer);
        }
        catch (SqliteException)
        {
            ReleaseWriter(broken: true); // BEGIN failed: start the next writer on a fresh connection
            throw;
        }
        catch
        {
            _writerLock.Release();
            throw;
        }
    }

    /// <summary>Called once by a write session when it ends; a connection in an unknown state is replaced.</summary>
    internal void ReleaseWriter(bool broken)
    {
        if (broken || _disposed)
        {
            _writer?.Dispose();
            _writer = null;
        }
        _writerLock.Release();
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

        // Wait for a running write session; one that never ends (a leaked session) cannot hold the store open forever.
        var acquired = await _writerLock.WaitAsync(DisposeWait).ConfigureAwait(false);
        _writer?.Dispose();
        _writer = null;
        if (acquired)
        {
            _writerLock.Release();
        }
    }
}
