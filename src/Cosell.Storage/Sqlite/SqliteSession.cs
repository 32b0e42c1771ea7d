using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// One request's transaction: a write session holds the store's writer (<c>BEGIN IMMEDIATE</c>), a read session a
/// pooled reader (a deferred transaction, one consistent snapshot). SQLite calls complete synchronously, so the
/// methods return completed tasks instead of running state machines.
/// </summary>
internal sealed partial class SqliteSession : IStoreSession
{
    private readonly SqliteStore _store;
    private readonly CachedConnection _db;
    private readonly bool _write;
    private bool _inTransaction;
    private bool _committed;
    private bool _disposed;

    private SqliteSession(SqliteStore store, CachedConnection db, bool write)
    {
        _store = store;
        _db = db;
        _write = write;
    }

    /// <summary>A write session on the writer's turn: its savepoint is open (<see cref="GroupCommitWriter"/>).</summary>
    public static SqliteSession BeginWrite(SqliteStore store, CachedConnection writer) =>
        new(store, writer, write: true) { _inTransaction = true };

    public static SqliteSession BeginRead(SqliteStore store, CachedConnection reader)
    {
        try
        {
            reader.Execute("BEGIN");
        }
        catch
        {
            store.ReturnReader(reader, broken: true);
            throw;
        }
        return new SqliteSession(store, reader, write: false) { _inTransaction = true };
    }

    public Task CommitAsync(CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            if (_write)
            {
                // Completes once the group this session joined is committed (one fsync for the whole group).
                var durable = _store.Writer.CommitSession();
                _inTransaction = false;
                _committed = true;
                return durable;
            }
            _db.Execute("COMMIT");
            _inTransaction = false;
            _committed = true;
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }
        _disposed = true;
        if (_write)
        {
            if (!_inTransaction)
            {
                return ValueTask.CompletedTask; // committed: the turn was passed on then
            }
            _inTransaction = false;
            return new ValueTask(_store.Writer.RollbackSession());
        }
        var broken = false;
        if (_inTransaction)
        {
            try
            {
                _db.Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                broken = true; // the connection's state is unknown: the store replaces it
            }
            _inTransaction = false;
        }
        _store.ReturnReader(_db, broken);
        return ValueTask.CompletedTask;
    }

    // ---- Idempotency ------------------------------------------------------------------------------------------

    public Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string catalog, string operation, string token, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT request_hash, response, created_at, replays_until FROM idempotency " +
                    "WHERE account_id = @account_id AND catalog = @catalog AND operation = @operation AND token = @token")
                .Bind("@account_id", accountId)
                .Bind("@catalog", catalog)
                .Bind("@operation", operation)
                .Bind("@token", token);
            using var reader = command.ExecuteReader();
            IdempotencyRecord? record = null;
            if (reader.Read())
            {
                record = new IdempotencyRecord(
                    accountId, catalog, operation, token,
                    reader.GetString(0),
                    reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1),
                    FromTicks(reader.GetInt64(2)),
                    FromTicks(reader.GetInt64(3)));
            }
            return Task.FromResult(record);
        }
        catch (Exception e)
        {
            return Task.FromException<IdempotencyRecord?>(e);
        }
    }

    public Task SaveIdempotencyAsync(IdempotencyRecord record, CancellationToken ct) => WriteIdempotency(
        "INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at, replays_until) " +
        "VALUES (@account_id, @catalog, @operation, @token, @request_hash, @response, @created_at, @replays_until)", record, ct);

    /// <summary>An upsert, as on PostgreSQL: the lapsed record may be gone (swept) by the time the new one is written.</summary>
    public Task ReplaceIdempotencyAsync(IdempotencyRecord record, CancellationToken ct) => WriteIdempotency(
        "INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at, replays_until) " +
        "VALUES (@account_id, @catalog, @operation, @token, @request_hash, @response, @created_at, @replays_until) " +
        "ON CONFLICT (account_id, catalog, operation, token) DO UPDATE SET request_hash = excluded.request_hash, " +
        "response = excluded.response, created_at = excluded.created_at, replays_until = excluded.replays_until", record, ct);

    private Task WriteIdempotency(string sql, IdempotencyRecord record, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            _db.Command(sql)
                .Bind("@account_id", record.AccountId)
                .Bind("@catalog", record.Catalog)
                .Bind("@operation", record.Operation)
                .Bind("@token", record.Token)
                .Bind("@request_hash", record.RequestHash)
                .Bind("@response", record.Response)
                .Bind("@created_at", record.CreatedAt.UtcTicks)
                .Bind("@replays_until", record.ReplaysUntil.UtcTicks)
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<int> DeleteLapsedIdempotencyAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        DeleteBatch(
            "DELETE FROM idempotency WHERE rowid IN " +
            "(SELECT rowid FROM idempotency WHERE replays_until <= @cutoff ORDER BY replays_until LIMIT @limit)", now, limit, ct);

    /// <summary>Runs a sweep's DELETE, whose parameters are @cutoff and @limit; returns how many rows it deleted.</summary>
    private Task<int> DeleteBatch(string sql, DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var deleted = _db.Command(sql)
                .Bind("@cutoff", cutoff.UtcTicks)
                .Bind("@limit", limit)
                .ExecuteNonQuery();
            return Task.FromResult(deleted);
        }
        catch (Exception e)
        {
            return Task.FromException<int>(e);
        }
    }

    // ---- Accounts ---------------------------------------------------------------------------------------------

    public Task<IReadOnlyList<AccountRecord>> ListAccountsAsync(CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var accounts = new List<AccountRecord>();
            using (var reader = _db.Command("SELECT doc FROM accounts ORDER BY seq").ExecuteReader())
            {
                while (reader.Read())
                {
                    accounts.Add(Deserialize(reader, 0, StoreJsonContext.Stored.AccountRecord));
                }
            }
            return Task.FromResult<IReadOnlyList<AccountRecord>>(accounts);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<AccountRecord>>(e);
        }
    }

    public Task SaveAccountAsync(AccountRecord account, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            _db.Command(
                    "INSERT INTO accounts (account_id, doc) VALUES (@account_id, @doc) " +
                    "ON CONFLICT (account_id) DO UPDATE SET doc = excluded.doc")
                .Bind("@account_id", account.AccountId)
                .Bind("@doc", JsonSerializer.Serialize(account, StoreJsonContext.Stored.AccountRecord))
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static SqliteCommand BindInvitation(SqliteCommand command, InvitationRecord invitation) =>
        command.Bind("@catalog", invitation.Catalog)
            .Bind("@id", invitation.Id)
            .Bind("@engagement_id", invitation.EngagementId)
            .Bind("@sender_account_id", invitation.SenderAccountId)
            .Bind("@receiver_account_id", invitation.ReceiverAccountId)
            .Bind("@payload_type", invitation.PayloadType.Value)
            .Bind("@status", invitation.Status.Value)
            .Bind("@invitation_date", invitation.InvitationDate.UtcTicks)
            .Bind("@expiration_date", invitation.ExpirationDate.UtcTicks)
            .Bind("@doc", JsonSerializer.Serialize(invitation, StoreJsonContext.Stored.InvitationRecord));

    private static string ContextTypesJson(EngagementRecord engagement)
    {
        var types = new List<string>(engagement.Contexts.Count);
        foreach (var context in engagement.Contexts)
        {
            var type = context.Type.Value;
            if (type is not null && !types.Contains(type))
            {
                types.Add(type);
            }
        }
        return JsonSerializer.Serialize<IReadOnlyList<string>>(types, StoreJsonContext.Stored.IReadOnlyListString);
    }

    private static void BindAfter(SqliteCommand command, SortPosition? after)
    {
        if (after is not null)
        {
            command.Bind("@after_ticks", after.Ticks).Bind("@after_id", after.Id);
        }
    }

    /// <summary>A list filter as one JSON array parameter; null (no filter) binds nothing, as its clause is absent.</summary>
    private static void BindList(SqliteCommand command, string name, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            command.Bind(name, JsonSerializer.Serialize(values, StoreJsonContext.Stored.IReadOnlyListString));
        }
    }

    /// <summary>Reads up to <paramref name="limit"/> rows of (version, doc, sort ticks, id); the query asked for one more.</summary>
    private static Page<T> ReadPage<T>(SqliteCommand command, int limit, Func<SqliteDataReader, T> read)
    {
        var items = new List<T>(Math.Min(limit, 100));
        SortPosition? next = null;
        long lastTicks = 0;
        string? lastId = null;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (items.Count == limit)
                {
                    next = new SortPosition(lastTicks, lastId!);
                    break;
                }
                items.Add(read(reader));
                lastTicks = reader.GetInt64(2);
                lastId = reader.GetString(3);
            }
        }
        return new Page<T>(items, next);
    }

    private static EngagementRecord ReadEngagement(SqliteDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader, 1, StoreJsonContext.Stored.EngagementRecord);
        return record.Version == version ? record : record with { Version = version };
    }

    private static InvitationRecord ReadInvitation(SqliteDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader, 1, StoreJsonContext.Stored.InvitationRecord);
        return record.Version == version ? record : record with { Version = version };
    }

    private static T Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        StoredDocument.Read(json, type);

    /// <summary>
    /// Reads a stored document column as the UTF-8 bytes SQLite holds: reading it as a string transcoded it to UTF-16,
    /// and the JSON reader transcoded it back.
    /// </summary>
    private static T Deserialize<T>(SqliteDataReader reader, int ordinal, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        StoredDocument.Read(reader.GetFieldValue<byte[]>(ordinal), type);

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
