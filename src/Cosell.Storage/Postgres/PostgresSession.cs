using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

/// <summary>
/// One request's transaction on one pooled connection. In a write session every row read for a later update is locked
/// (<c>SELECT … FOR UPDATE</c>) and an idempotency lookup first takes an advisory lock on its token, so that concurrent
/// requests on any instance queue behind each other exactly where the single SQLite writer would have queued them.
/// Rows read only to decide (the pending invitations of an engagement) are not locked: the engagement's row lock,
/// taken before, already serialises the writers that could change them, and locking fewer rows keeps the lock order
/// (invitation, then engagement) free of cycles.
/// </summary>
internal sealed partial class PostgresSession : IStoreSession
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly bool _write;
    private NpgsqlBatch? _deferred;
    private bool _committed;
    private bool _disposed;
    private bool _customPlans;

    public PostgresSession(NpgsqlConnection connection, NpgsqlTransaction transaction, bool write)
    {
        _connection = connection;
        _transaction = transaction;
        _write = write;
    }

    /// <summary><c> FOR UPDATE</c> in a write session: the row stays ours until commit or rollback.</summary>
    private string ForUpdate => _write ? " FOR UPDATE" : "";

    public async Task CommitAsync(CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await _transaction.CommitAsync(ct).ConfigureAwait(false);
        _committed = true;
    }

    /// <summary>
    /// Queues an INSERT whose outcome nothing in the session reads: queued ones go in one round trip just before the
    /// session's next statement or its COMMIT (<see cref="ReadyAsync"/>), so a create costs two round trips fewer. A
    /// queued statement that fails makes that next statement, or the commit, fail: the session rolls back either way.
    /// </summary>
    private void Defer(NpgsqlBatchCommand command) =>
        (_deferred ??= new NpgsqlBatch(_connection, _transaction)).BatchCommands.Add(command);

    /// <summary>Checks the session is usable and sends what <see cref="Defer"/> queued, so what follows sees it.</summary>
    private async ValueTask ReadyAsync(CancellationToken ct)
    {
        EnsureUsable(ct);
        if (_deferred is { } batch)
        {
            _deferred = null;
            await using (batch.ConfigureAwait(false))
            {
                await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask ReadyToWriteAsync(CancellationToken ct)
    {
        EnsureWritable(ct);
        await ReadyAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_deferred is { } unsent)
        {
            _deferred = null;
            await unsent.DisposeAsync().ConfigureAwait(false); // never sent: the session did not commit
        }
        try
        {
            await _transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke (or a cancelled command left it unusable): the server rolls the transaction back
            // itself, and disposing the connection below keeps it out of the pool. The request's own error stands.
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false); // back to the pool (a broken one is dropped)
        }
    }

    // ---- Idempotency ------------------------------------------------------------------------------------------

    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string catalog, string operation, string token, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(_connection, _transaction);
        if (_write)
        {
            // A duplicate of a request still running (here or on another instance) waits for it to commit or roll
            // back, then reads its record: the first response is replayed, never an "in progress" error.
            var lockToken = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
            lockToken.Parameters.Add(Text($"idempotency|{accountId}|{catalog}|{operation}|{token}"));
            batch.BatchCommands.Add(lockToken);
        }
        var select = new NpgsqlBatchCommand(
            "SELECT request_hash, response, created_at, replays_until FROM idempotency " +
            "WHERE account_id = $1 AND catalog = $2 AND operation = $3 AND token = $4");
        select.Parameters.Add(Text(accountId));
        select.Parameters.Add(Text(catalog));
        select.Parameters.Add(Text(operation));
        select.Parameters.Add(Text(token));
        batch.BatchCommands.Add(select);

        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (_write)
        {
            await reader.NextResultAsync(ct).ConfigureAwait(false);
        }
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }
        return new IdempotencyRecord(
            accountId, catalog, operation, token,
            reader.GetString(0),
            reader.GetFieldValue<byte[]>(1),
            FromTicks(reader.GetInt64(2)),
            FromTicks(reader.GetInt64(3)));
    }

    public Task SaveIdempotencyAsync(IdempotencyRecord record, CancellationToken ct) => DeferIdempotency(
        "INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at, replays_until) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", record, ct);

    /// <summary>
    /// No other request holds the token (its advisory lock came before the row was read), but the sweep of lapsed records
    /// may delete the row meanwhile (it was read without a row lock): an upsert keeps the response either way.
    /// </summary>
    public Task ReplaceIdempotencyAsync(IdempotencyRecord record, CancellationToken ct) => DeferIdempotency(
        "INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at, replays_until) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (account_id, catalog, operation, token) " +
        "DO UPDATE SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = EXCLUDED.created_at, " +
        "replays_until = EXCLUDED.replays_until", record, ct);

    private Task DeferIdempotency(string sql, IdempotencyRecord record, CancellationToken ct)
    {
        EnsureWritable(ct);
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(Text(record.AccountId));
        command.Parameters.Add(Text(record.Catalog));
        command.Parameters.Add(Text(record.Operation));
        command.Parameters.Add(Text(record.Token));
        command.Parameters.Add(Text(record.RequestHash));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = record.Response });
        command.Parameters.Add(Int64(record.CreatedAt.UtcTicks));
        command.Parameters.Add(Int64(record.ReplaysUntil.UtcTicks));
        Defer(command);
        return Task.CompletedTask;
    }

    // A record a request is replacing right now is locked by it: SKIP LOCKED leaves it to that request.
    public Task<int> DeleteLapsedIdempotencyAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        DeleteBatchAsync(
            "DELETE FROM idempotency WHERE ctid IN " +
            "(SELECT ctid FROM idempotency WHERE replays_until <= $1 ORDER BY replays_until LIMIT $2 FOR UPDATE SKIP LOCKED)", now, limit, ct);

    /// <summary>Runs a sweep's DELETE, whose parameters are the cutoff ($1) and the limit ($2); returns how many rows it deleted.</summary>
    private async Task<int> DeleteBatchAsync(string sql, DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(sql);
        command.Parameters.Add(Int64(cutoff.UtcTicks));
        command.Parameters.Add(Int64(limit));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // ---- Accounts ---------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<AccountRecord>> ListAccountsAsync(CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        if (_write)
        {
            // Instances starting together on an empty database: one creates the demo accounts, the others read them.
            await using var lockAccounts = Command("SELECT pg_advisory_xact_lock(hashtextextended('accounts', 0))");
            await lockAccounts.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var accounts = new List<AccountRecord>();
        await using var command = Command("SELECT doc FROM accounts ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            accounts.Add(Deserialize(reader.GetString(0), StoreJsonContext.Stored.AccountRecord));
        }
        return accounts;
    }

    public async Task SaveAccountAsync(AccountRecord account, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO accounts (account_id, doc) VALUES ($1, $2) " +
            "ON CONFLICT (account_id) DO UPDATE SET doc = excluded.doc");
        command.Parameters.Add(Text(account.AccountId));
        command.Parameters.Add(Text(JsonSerializer.Serialize(account, StoreJsonContext.Stored.AccountRecord)));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    /// <summary>A statement in the session's transaction (internal: the store's tests read session settings with it).</summary>
    internal NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    /// <summary>
    /// A List operation's statement, planned for its own values in a read session. Npgsql prepares a statement used twice
    /// on a connection, and PostgreSQL may then keep one generic plan for it, slow on skewed data for the values it was
    /// not made for (plans22's store, a rare value asked after twelve requests for a common one: engagements created by
    /// a rare partner 44 against 13 ms, associations by creator 37 against 14 ms; a cheap list pays about 1-2 ms of
    /// planning). The setting goes in the same round trip as the session's first List (Npgsql splits the text into two
    /// statements, and the reader skips the one without rows). A write session keeps the cached plans: its lists are
    /// lookups on the create path.
    /// </summary>
    private NpgsqlCommand ListCommand(string sql)
    {
        if (!_write && !_customPlans)
        {
            _customPlans = true;
            return Command("SET LOCAL plan_cache_mode = force_custom_plan; " + sql);
        }
        return Command(sql);
    }

    private void EnsureUsable(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The store session has already been committed.");
        }
        ct.ThrowIfCancellationRequested();
    }

    private void EnsureWritable(CancellationToken ct)
    {
        EnsureUsable(ct);
        if (!_write)
        {
            throw new InvalidOperationException("A read session cannot write; begin the session with write: true.");
        }
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = PostgresText.Storable(value) };

    private static NpgsqlParameter NullableText(string? value) =>
        new() { Value = value is null ? DBNull.Value : PostgresText.Storable(value), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };

    private static NpgsqlParameter<string[]> TextArray(IReadOnlyList<string> values) => new() { TypedValue = [.. values.Select(PostgresText.Storable)] };

    /// <summary>Reads up to <paramref name="limit"/> rows of (…, sort ticks, id) at the given ordinals; the query asked for one more.</summary>
    private static async Task<Page<T>> ReadPageAsync<T>(
        NpgsqlCommand command, int limit, int ticksOrdinal, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var items = new List<T>(Math.Min(limit, 100));
        SortPosition? next = null;
        long lastTicks = 0;
        string? lastId = null;
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (items.Count == limit)
                {
                    next = new SortPosition(lastTicks, lastId!);
                    break;
                }
                items.Add(read(reader));
                lastTicks = reader.GetInt64(ticksOrdinal);
                lastId = PostgresText.Restore(reader.GetString(ticksOrdinal + 1));
            }
        }
        return new Page<T>(items, next);
    }

    private static T Deserialize<T>(string json, JsonTypeInfo<T> type) => StoredDocument.Read(json, type);

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
