using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Events -----------------------------------------------------------------------------------------------

    public Task AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            foreach (var e in events)
            {
                _db.Command(
                        "INSERT INTO events (id, account_id, catalog, detail_type, time, envelope) " +
                        "VALUES (@id, @account_id, @catalog, @detail_type, @time, @envelope)")
                    .Bind("@id", e.Id)
                    .Bind("@account_id", e.AccountId)
                    .Bind("@catalog", e.Catalog)
                    .Bind("@detail_type", e.DetailType)
                    .Bind("@time", e.Time.UtcTicks)
                    .Bind("@envelope", e.Envelope)
                    .ExecuteNonQuery();
            }
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<IReadOnlyList<EventRecord>> ListEventsAsync(string accountId, long afterSequence, int limit, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT seq, id, account_id, catalog, detail_type, time, envelope FROM events " +
                    "WHERE account_id = @account_id AND seq > @after ORDER BY seq LIMIT @limit")
                .Bind("@account_id", accountId)
                .Bind("@after", afterSequence)
                .Bind("@limit", limit);
            var list = new List<EventRecord>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(new EventRecord(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                        FromTicks(reader.GetInt64(5)), reader.GetString(6), reader.GetInt64(0)));
                }
            }
            return Task.FromResult<IReadOnlyList<EventRecord>>(list);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<EventRecord>>(e);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> LatestEventSequencesAsync(IReadOnlyList<string> accountIds, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            // One seek of ix_events_account_seq per account (a subquery's max over an index prefix reads its last entry).
            var command = _db.Command(
                "SELECT value, (SELECT max(seq) FROM events WHERE account_id = value) FROM json_each(@accounts)");
            BindList(command, "@accounts", accountIds);
            var latest = new Dictionary<string, long>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!reader.IsDBNull(1))
                {
                    latest[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
            return Task.FromResult<IReadOnlyDictionary<string, long>>(latest);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyDictionary<string, long>>(e);
        }
    }

    public Task<long> GetDeliveryCursorAsync(string accountId, string target, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var value = _db.Command("SELECT seq FROM delivery_cursors WHERE account_id = @account_id AND target = @target")
                .Bind("@account_id", accountId)
                .Bind("@target", target)
                .ExecuteScalar();
            return Task.FromResult(value is long l ? l : 0L);
        }
        catch (Exception e)
        {
            return Task.FromException<long>(e);
        }
    }

    public Task SetDeliveryCursorAsync(string accountId, string target, long sequence, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            _db.Command(
                    "INSERT INTO delivery_cursors (account_id, target, seq) VALUES (@account_id, @target, @seq) " +
                    "ON CONFLICT (account_id, target) DO UPDATE SET seq = MAX(seq, excluded.seq)")
                .Bind("@account_id", accountId)
                .Bind("@target", target)
                .Bind("@seq", sequence)
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<int> DeleteOldEventsAsync(DateTimeOffset cutoff, int limit, CancellationToken ct) =>
        DeleteBatch(
            "WITH page AS (SELECT seq, time FROM events ORDER BY seq LIMIT @limit) " +
            "DELETE FROM events WHERE seq IN (SELECT seq FROM page) " +
            "AND seq < IFNULL((SELECT MIN(seq) FROM page WHERE time >= @cutoff), " + long.MaxValue + ") " +
            "AND seq < (SELECT MAX(seq) FROM events)", cutoff, limit, ct);

    public Task<long?> OldestEventSequenceAsync(CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            return Task.FromResult(_db.Command("SELECT MIN(seq) FROM events").ExecuteScalar() is long oldest ? oldest : (long?)null);
        }
        catch (Exception e)
        {
            return Task.FromException<long?>(e);
        }
    }

    /// <summary>The expiry sweep's query; its terms match the partial index ix_invitations_lapsing (migration 0008).</summary>
    internal const string LapsedInvitationsSql =
        "SELECT version, doc FROM invitations WHERE status = 'PENDING' AND expiration_date <= @now AND receiver_account_id <> 'aws' " +
        "ORDER BY expiration_date, id LIMIT @limit";

    public Task<IReadOnlyList<InvitationRecord>> ListLapsedInvitationsAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(LapsedInvitationsSql)
                .Bind("@now", now.UtcTicks)
                .Bind("@limit", limit);
            var list = new List<InvitationRecord>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(ReadInvitation(reader));
                }
            }
            return Task.FromResult<IReadOnlyList<InvitationRecord>>(list);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<InvitationRecord>>(e);
        }
    }
}
