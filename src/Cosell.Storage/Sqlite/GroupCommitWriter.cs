using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// The store's single writer connection, with group commit. Write sessions take turns on the connection (one at a
/// time, in arrival order); each runs inside a <c>SAVEPOINT</c> of one shared <c>BEGIN IMMEDIATE</c> transaction, so
/// a session that fails rolls back alone (<c>ROLLBACK TO</c>). When a session ends and no other writer is waiting, the
/// whole group is committed with one <c>COMMIT</c> (one fsync under <c>synchronous=FULL</c>) on a dedicated thread, and
/// only then does any session of the group see its <see cref="SqliteSession.CommitAsync"/> complete. While that fsync
/// runs, new writers queue, and the next group forms from them.
/// <para>
/// Sessions of a group see the work of the sessions before them in it (one connection), so nothing a session answers
/// may leave before the group is durable: a session that rolls back after reading earlier members' work (an idempotent
/// replay, a business rule refused) also waits for the group, and fails with it. Readers use their own connections and
/// only ever see committed groups.
/// </para>
/// Invariant: an outer transaction is open only while someone holds the turn (a session, or the committer for it).
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Sessions (committed or waiting) per group at most, which bounds the latency a long queue adds.</summary>
    public const int MaxGroup = 256;

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly BlockingCollection<Group> _commits = [];
    private readonly Thread _committer;
    private CachedConnection? _connection;
    private Group? _group;
    private int _queued;
    private volatile bool _disposed;

    public GroupCommitWriter(string connectionString, CachedConnection connection)
    {
        _connectionString = connectionString;
        _connection = connection;
        _committer = new Thread(CommitLoop) { IsBackground = true, Name = "cosell-sqlite-commit" };
        _committer.Start();
    }

    /// <summary>Waits for the turn, then opens a savepoint (and the group's transaction, if none is open yet).</summary>
    public async Task<CachedConnection> BeginSessionAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _turn.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            // The session before may have handed the turn on to this writer: take it anyway and pass it on.
            _ = Task.Run(async () =>
            {
                await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                EndTurn();
            }, CancellationToken.None);
            throw;
        }
        Interlocked.Decrement(ref _queued);

        if (_disposed)
        {
            EndTurn();
            throw new ObjectDisposedException(nameof(SqliteStore));
        }
        try
        {
            _connection ??= CachedConnection.OpenWriter(_connectionString);
            if (_group is null)
            {
                _connection.Execute("BEGIN IMMEDIATE");
                _group = new Group();
            }
            _connection.Execute("SAVEPOINT w");
            return _connection;
        }
        catch (Exception e)
        {
            Abort(e); // BEGIN or SAVEPOINT failed: the connection's state is unknown
            throw;
        }
    }

    /// <summary>
    /// Ends the turn's session with its work kept (<c>RELEASE</c>); the task completes when its group is committed.
    /// Throws (and keeps the turn) when the release fails; the session then rolls back.
    /// </summary>
    public Task CommitSession()
    {
        _connection!.Execute("RELEASE w");
        var durable = _group!.Join(committed: true);
        EndTurn();
        return durable;
    }

    /// <summary>
    /// Ends the turn's session with its work undone (<c>ROLLBACK TO</c>). When the group already holds committed work
    /// this session may have read, the task completes when that work is durable (and fails if it could not be).
    /// </summary>
    public Task RollbackSession()
    {
        try
        {
            _connection!.Execute("ROLLBACK TO w");
            _connection.Execute("RELEASE w");
        }
        catch (SqliteException e)
        {
            Abort(e);
            return Task.CompletedTask;
        }
        var group = _group!;
        var done = group.Committed > 0 ? group.Join(committed: false) : Task.CompletedTask;
        EndTurn();
        return done;
    }

    /// <summary>Passes the turn to a waiting writer (who joins the group), or commits the group.</summary>
    private void EndTurn()
    {
        var group = _group;
        if (group is null)
        {
            _turn.Release();
            return;
        }
        if (!_disposed && Volatile.Read(ref _queued) > 0 && group.Size < MaxGroup)
        {
            _turn.Release();
            return;
        }
        _group = null;
        if (group.Committed == 0)
        {
            // Every session of the group rolled back: nothing to make durable.
            Finish(group, Run("ROLLBACK"));
            return;
        }
        if (!_disposed)
        {
            try
            {
                _commits.Add(group); // the committer thread commits, then releases the turn
                return;
            }
            catch (InvalidOperationException)
            {
                // Shutting down: commit here instead.
            }
        }
        Finish(group, Run("COMMIT"));
    }

    /// <summary>Commits the groups handed over, on its own thread so that an fsync never blocks a thread-pool thread.</summary>
    private void CommitLoop()
    {
        foreach (var group in _commits.GetConsumingEnumerable())
        {
            Finish(group, Run("COMMIT"));
        }
    }

    /// <summary>Runs COMMIT or ROLLBACK of the group's transaction; after a failure the connection is replaced.</summary>
    private Exception? Run(string sql)
    {
        try
        {
            _connection!.Execute(sql);
            return null;
        }
        catch (Exception e)
        {
            ResetConnection();
            return e;
        }
    }

    private void Finish(Group group, Exception? failure)
    {
        _turn.Release();
        group.Complete(failure);
    }

    /// <summary>Rolls the whole group back, fails its sessions, starts over on a fresh connection and frees the turn.</summary>
    private void Abort(Exception cause)
    {
        var group = _group;
        _group = null;
        ResetConnection();
        _turn.Release();
        group?.Complete(cause);
    }

    private void ResetConnection()
    {
        if (_connection is null)
        {
            return;
        }
        try
        {
            _connection.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // no transaction was open any more
        }
        _connection.Dispose();
        _connection = null;
    }

    /// <summary>Waits for the running session and group (at most 30 s), commits a group left open, closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        var acquired = await _turn.WaitAsync(DisposeWait).ConfigureAwait(false);
        _commits.CompleteAdding();
        if (acquired && _group is { } open)
        {
            _group = null;
            var failure = Run("COMMIT");
            open.Complete(failure);
        }
        _committer.Join(DisposeWait);
        _connection?.Dispose();
        _connection = null;
        if (acquired)
        {
            _turn.Release();
        }
    }

    /// <summary>One shared transaction: the sessions waiting for its COMMIT.</summary>
    private sealed class Group
    {
        private readonly List<TaskCompletionSource> _waiters = [];

        /// <summary>Sessions whose work the group keeps.</summary>
        public int Committed { get; private set; }

        public int Size => _waiters.Count;

        public Task Join(bool committed)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(waiter);
            if (committed)
            {
                Committed++;
            }
            return waiter.Task;
        }

        public void Complete(Exception? failure)
        {
            foreach (var waiter in _waiters)
            {
                if (failure is null)
                {
                    waiter.TrySetResult();
                }
                else
                {
                    waiter.TrySetException(new InvalidOperationException(
                        "The write could not be committed; it was rolled back together with the other writes of its group.", failure));
                }
            }
        }
    }
}
