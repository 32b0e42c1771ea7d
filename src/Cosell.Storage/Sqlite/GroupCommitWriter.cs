using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// The store's single writer connection, with group commit, driven by one dedicated thread. Write sessions take turns
/// on the connection (one at a time, in arrival order); each runs inside a <c>SAVEPOINT</c> of one shared
/// <c>BEGIN IMMEDIATE</c> transaction, so a session that fails rolls back alone (<c>ROLLBACK TO</c>). When a session ends
/// and no other writer is waiting (or the group is full), the writer thread commits the whole group with one
/// <c>COMMIT</c> (one fsync under <c>synchronous=FULL</c>), and only then does any session of the group see its
/// <see cref="SqliteSession.CommitAsync"/> complete. While that fsync runs, new writers queue, and the next group forms
/// from them.
/// <para>
/// Why a dedicated thread: the turn is the one serial resource of every write. Handing it over through a semaphore put
/// the next session's continuation at the back of the thread pool's queue, behind every request being parsed, and the
/// turn sat idle for that long. Here the writer thread completes the next waiter's task itself, so the session (its
/// handler, whose SQLite calls complete synchronously) runs inline on this thread, and the next one follows at once.
/// Completion of the group (the responses) goes back to the thread pool.
/// </para>
/// <para>
/// Sessions of a group see the work of the sessions before them in it (one connection), so nothing a session answers
/// may leave before the group is durable: a session that rolls back after reading earlier members' work (an idempotent
/// replay, a business rule refused) also waits for the group, and fails with it. Readers use their own connections and
/// only ever see committed groups.
/// </para>
/// Invariant: an outer transaction is open only while someone holds the turn (a session, or the writer thread for it).
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Sessions (committed or waiting) per group at most, which bounds the latency a long queue adds.</summary>
    public const int MaxGroup = 256;

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly object _gate = new(); // Monitor.Wait/Pulse need a monitor, not a System.Threading.Lock
    private readonly Queue<Waiter> _waiters = new();
    private readonly Thread _thread;
    private readonly WalCheckpointer _checkpointer;

    // Touched only by whoever holds the turn.
    private CachedConnection? _connection;
    private Group? _group;
    private int _changesAtBegin;

    // Written by whoever holds the turn, read by the health check.
    private volatile Exception? _failure;

    // Guarded by _gate.
    private bool _turnHeld;
    private bool _disposed;

    public GroupCommitWriter(string connectionString, CachedConnection connection)
    {
        _connectionString = connectionString;
        _connection = connection;
        _checkpointer = new WalCheckpointer(connectionString);
        _thread = new Thread(Run) { IsBackground = true, Name = "cosell-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>
    /// Why the latest group failed as a whole (its BEGIN, COMMIT or file check: a full disk, a file system gone read-only,
    /// a deleted data folder), until a later group commits a change; null while writes succeed.
    /// </summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// Writes one row and waits for its commit, to learn whether writing works again after a <see cref="Failure"/>. A
    /// commit that changes nothing proves nothing: SQLite then writes no page.
    /// </summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        var connection = await BeginSessionAsync(ct).ConfigureAwait(false);
        try
        {
            connection.Execute("UPDATE schema_migrations SET version = version WHERE version = (SELECT MAX(version) FROM schema_migrations)");
        }
        catch
        {
            await RollbackSession().ConfigureAwait(false);
            throw;
        }
        await CommitSession().ConfigureAwait(false);
    }

    /// <summary>Waits for the turn; the task completes (on the writer thread) with the savepoint open.</summary>
    public Task<CachedConnection> BeginSessionAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Synchronous continuations on purpose: the writer thread that completes this task runs the session.
        var waiter = new Waiter();
        if (ct.CanBeCanceled)
        {
            // Registered before the writer thread can see the waiter; a cancelled waiter is skipped when its turn comes.
            waiter.Cancellation = ct.UnsafeRegister(static (state, token) => ((Waiter)state!).TrySetCanceled(token), waiter);
        }
        lock (_gate)
        {
            if (_disposed)
            {
                waiter.Cancellation.Unregister();
                throw new ObjectDisposedException(nameof(SqliteStore));
            }
            _waiters.Enqueue(waiter);
            Monitor.Pulse(_gate);
        }
        return waiter.Task;
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

    private void EndTurn()
    {
        lock (_gate)
        {
            _turnHeld = false;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>The writer thread: hands the turn to the next waiter, or commits the group when nobody waits.</summary>
    private void Run()
    {
        while (true)
        {
            Waiter? next = null;
            lock (_gate)
            {
                while (true)
                {
                    if (!_turnHeld)
                    {
                        var groupFull = _group is { Size: >= MaxGroup };
                        if (!_disposed && _waiters.Count > 0 && !groupFull)
                        {
                            next = _waiters.Dequeue();
                            _turnHeld = true;
                            break;
                        }
                        if (_group is not null)
                        {
                            _turnHeld = true; // the writer thread holds it for the COMMIT
                            break;
                        }
                        if (_disposed)
                        {
                            FailWaiters();
                            CloseConnection();
                            return;
                        }
                    }
                    Monitor.Wait(_gate);
                }
            }

            if (next is null)
            {
                CommitGroup();
            }
            else
            {
                HandOver(next);
            }
        }
    }

    /// <summary>Opens the waiter's savepoint and completes its task, which runs its session here until it first waits.</summary>
    private void HandOver(Waiter waiter)
    {
        waiter.Cancellation.Unregister();
        if (waiter.Task.IsCompleted)
        {
            EndTurn(); // cancelled while queued
            return;
        }
        try
        {
            if (_failure is DatabaseMovedException moved)
            {
                throw moved; // for good: reopening the path would create an empty store in a re-made folder
            }
            _connection ??= CachedConnection.OpenWriter(_connectionString);
            if (_group is null)
            {
                if (DatabaseFile.HasMoved(_connection.Connection))
                {
                    throw new DatabaseMovedException(_connection.Connection.DataSource);
                }
                if (_checkpointer.RestartWanted)
                {
                    _checkpointer.CheckpointOnWriter(_connection);
                }
                _connection.Execute("BEGIN IMMEDIATE");
                _changesAtBegin = SQLitePCL.raw.sqlite3_total_changes(_connection.Connection.Handle);
                _group = new Group();
            }
            _connection.Execute("SAVEPOINT w");
        }
        catch (Exception e)
        {
            Abort(e); // BEGIN or SAVEPOINT failed: the connection's state is unknown
            waiter.TrySetException(e);
            return;
        }
        if (!waiter.TrySetResult(_connection))
        {
            // Cancelled in the meantime: nothing was done under the savepoint.
            try
            {
                _connection.Execute("RELEASE w");
                EndTurn();
            }
            catch (SqliteException e)
            {
                Abort(e);
            }
        }
    }

    /// <summary>Commits (or, when every session rolled back, rolls back) the open group and completes its sessions.</summary>
    private void CommitGroup()
    {
        var group = _group!;
        _group = null;
        var changed = group.Committed > 0 && SQLitePCL.raw.sqlite3_total_changes(_connection!.Connection.Handle) != _changesAtBegin;
        Exception? failure;
        if (changed && DatabaseFile.HasMoved(_connection!.Connection))
        {
            // Checked at BEGIN and again here: a folder deleted while the group ran would take its writes with it.
            failure = new DatabaseMovedException(_connection.Connection.DataSource);
            ResetConnection();
        }
        else
        {
            failure = Execute(group.Committed > 0 ? "COMMIT" : "ROLLBACK");
        }
        if (failure is not null)
        {
            _failure = failure;
        }
        else if (changed)
        {
            _failure = null;
        }
        EndTurn();
        // A COMMIT that failed for lack of space wrote no frame of the group; one that failed on an I/O error may have
        // written them all before its fsync failed, and a reader (or the next start) then sees the group as committed.
        group.Complete(failure, mayBeKept: failure is not (SqliteException { SqliteErrorCode: SqliteResultCodes.Full } or DatabaseMovedException));
        _checkpointer.Nudge();
    }

    /// <summary>Runs COMMIT or ROLLBACK of the group's transaction; after a failure the connection is replaced.</summary>
    private Exception? Execute(string sql)
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

    /// <summary>Rolls the whole group back, fails its sessions, starts over on a fresh connection and frees the turn.</summary>
    private void Abort(Exception cause)
    {
        var group = _group;
        _group = null;
        _failure = cause;
        ResetConnection();
        EndTurn();
        group?.Complete(cause, mayBeKept: false);
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

    private void FailWaiters()
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            waiter.Cancellation.Unregister();
            waiter.TrySetException(new ObjectDisposedException(nameof(SqliteStore)));
        }
    }

    /// <summary>Called when the group is committed and the thread leaves: closing the connection checkpoints the WAL.</summary>
    private void CloseConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// Refuses new sessions and fails queued ones; the running session (at most 30 s) and the open group finish and
    /// commit, then the connection closes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            Monitor.Pulse(_gate);
        }
        await Task.Run(() => _thread.Join(DisposeWait)).ConfigureAwait(false);
        // After the writer's last commit; the writer's close (the last connection) then checkpoints what is left.
        _checkpointer.Dispose();
    }

    private sealed class Waiter() : TaskCompletionSource<CachedConnection>(TaskCreationOptions.None)
    {
        public CancellationTokenRegistration Cancellation { get; set; }
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

        /// <summary>Completes every session: with success, or with <paramref name="failure"/> and whether the work may have been kept anyway.</summary>
        public void Complete(Exception? failure, bool mayBeKept)
        {
            foreach (var waiter in _waiters)
            {
                if (failure is null)
                {
                    waiter.TrySetResult();
                }
                else
                {
                    waiter.TrySetException(new GroupCommitException(mayBeKept
                        ? "The write's group failed in its COMMIT, after SQLite may have written it: it may or may not have been kept " +
                          "(a retry with the same ClientToken, where the operation takes one, answers as it was)."
                        : "The write could not be committed; it was rolled back together with the other writes of its group.", failure));
                }
            }
        }
    }
}
