namespace Cosell.Storage.Sqlite;

/// <summary>
/// Copies committed WAL frames into the database file on its own connection and thread, so that the writer's group
/// commit never pays for a checkpoint (SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 pages:
/// it copied megabytes and ran two extra fsyncs while every queued writer waited). The writer's automatic checkpoint is
/// off (<see cref="CachedConnection.OpenWriter"/>).
/// <para>
/// A PASSIVE checkpoint never blocks the writer, but the WAL only starts over from its beginning when a write
/// transaction begins with every frame already copied. Under steady load this thread is always a group behind, so once
/// the WAL holds <see cref="RestartFrames"/> frames it asks the writer (<see cref="RestartWanted"/>) to copy the last few
/// itself between two groups; the next group then rewinds the WAL.
/// </para>
/// Durability is unchanged: checkpoints run with <c>synchronous=FULL</c> (the WAL is synced before frames are copied,
/// the database file after), and a commit is acknowledged only once its own fsync of the WAL returned.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>WAL frames (pages) after which the writer is asked to let the WAL restart: about 16 MiB.</summary>
    public const long RestartFrames = 4096;

    /// <summary>At most one checkpoint per interval: the copy batches pages, and each pass costs two fsyncs.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly string _connectionString;
    private readonly ManualResetEventSlim _nudged = new(false);
    private readonly Thread _thread;
    private CachedConnection? _connection;
    private volatile bool _restartWanted;
    private volatile bool _disposed;

    public WalCheckpointer(string connectionString)
    {
        _connectionString = connectionString;
        _thread = new Thread(Run) { IsBackground = true, Name = "cosell-sqlite-checkpoint" };
        _thread.Start();
    }

    /// <summary>The WAL is long: the writer should checkpoint what is left before it opens its next group.</summary>
    public bool RestartWanted => _restartWanted;

    /// <summary>Called by the writer after each commit.</summary>
    public void Nudge() => _nudged.Set();

    /// <summary>The writer's own checkpoint; clears <see cref="RestartWanted"/> once every frame is in the database file.</summary>
    public void CheckpointOnWriter(CachedConnection writer)
    {
        if (Checkpoint(writer) is { Busy: false } result && result.Copied >= result.Frames)
        {
            _restartWanted = false;
        }
    }

    private void Run()
    {
        while (!_disposed)
        {
            _nudged.Wait();
            _nudged.Reset();
            if (_disposed)
            {
                break;
            }
            try
            {
                _connection ??= CachedConnection.OpenCheckpointer(_connectionString);
                if (Checkpoint(_connection) is { } result && result.Frames >= RestartFrames)
                {
                    _restartWanted = true;
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // A busy or failed pass changes nothing; the next nudge tries again on a fresh connection.
                _connection?.Dispose();
                _connection = null;
            }
            Thread.Sleep(Interval);
        }
        _connection?.Dispose();
        _connection = null;
    }

    private static CheckpointResult? Checkpoint(CachedConnection connection)
    {
        using var reader = connection.Command("PRAGMA wal_checkpoint(PASSIVE)").ExecuteReader();
        return reader.Read()
            ? new CheckpointResult(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2))
            : null;
    }

    public void Dispose()
    {
        _disposed = true;
        _nudged.Set();
        if (_thread.Join(TimeSpan.FromSeconds(30)))
        {
            _nudged.Dispose();
        }
    }

    /// <summary>One <c>wal_checkpoint</c> row: busy, frames in the WAL, frames copied to the database file.</summary>
    private readonly record struct CheckpointResult(bool Busy, long Frames, long Copied);
}
