using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Events -----------------------------------------------------------------------------------------------

    public Task AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken ct)
    {
        EnsureWritable(ct);
        // Sent with the session's next statement or its COMMIT (Defer): the recipients' feed locks (in a fixed order, so
        // two sessions never wait on each other in a cycle), then the rows in order. Held until this session ends, the
        // locks make each account's seq order the commit order on every instance.
        foreach (var account in events.Select(e => e.AccountId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var lockFeed = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
            lockFeed.Parameters.Add(Text("events|" + account));
            Defer(lockFeed);
        }
        foreach (var e in events)
        {
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO events (id, account_id, catalog, detail_type, time, envelope) VALUES ($1, $2, $3, $4, $5, $6)");
            insert.Parameters.Add(Text(e.Id));
            insert.Parameters.Add(Text(e.AccountId));
            insert.Parameters.Add(Text(e.Catalog));
            insert.Parameters.Add(Text(e.DetailType));
            insert.Parameters.Add(Int64(e.Time.UtcTicks));
            insert.Parameters.Add(Text(e.Envelope));
            Defer(insert);
        }
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<EventRecord>> ListEventsAsync(string accountId, long afterSequence, int limit, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "SELECT seq, id, account_id, catalog, detail_type, time, envelope FROM events " +
            "WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(Text(accountId));
        command.Parameters.Add(Int64(afterSequence));
        command.Parameters.Add(Int64(limit));
        var list = new List<EventRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new EventRecord(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                FromTicks(reader.GetInt64(5)), reader.GetString(6), reader.GetInt64(0)));
        }
        return list;
    }

    public async Task<IReadOnlyDictionary<string, long>> LatestEventSequencesAsync(IReadOnlyList<string> accountIds, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        // One backward seek of ix_events_account_seq per account.
        await using var command = Command(
            "SELECT a, (SELECT max(seq) FROM events e WHERE e.account_id = a) FROM unnest($1::text[]) AS a");
        command.Parameters.Add(TextArray(accountIds));
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!await reader.IsDBNullAsync(1, ct).ConfigureAwait(false))
            {
                latest[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        return latest;
    }

    public async Task<long> GetDeliveryCursorAsync(string accountId, string target, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        // One deliverer at a time per target is the claim's business (IStore.TryClaimAsync), not a lock of this read.
        await using var command = Command("SELECT seq FROM delivery_cursors WHERE account_id = $1 AND target = $2");
        command.Parameters.Add(Text(accountId));
        command.Parameters.Add(Text(target));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : 0L;
    }

    public async Task SetDeliveryCursorAsync(string accountId, string target, long sequence, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO delivery_cursors (account_id, target, seq) VALUES ($1, $2, $3) " +
            "ON CONFLICT (account_id, target) DO UPDATE SET seq = GREATEST(delivery_cursors.seq, excluded.seq)");
        command.Parameters.Add(Text(accountId));
        command.Parameters.Add(Text(target));
        command.Parameters.Add(Int64(sequence));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // Instances sweeping together skip each other's rows instead of queueing on them; only rows to be deleted are
    // locked (a row lock writes WAL: locking the whole oldest page every 5 s would, on an idle server).
    public Task<int> DeleteOldEventsAsync(DateTimeOffset cutoff, int limit, CancellationToken ct) =>
        DeleteBatchAsync(
            "WITH page AS (SELECT seq, time FROM events ORDER BY seq LIMIT $2) " +
            "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq IN (SELECT seq FROM page) " +
            "AND seq < coalesce((SELECT min(seq) FROM page WHERE time >= $1), " + long.MaxValue + ") " +
            "AND seq < (SELECT max(seq) FROM events) FOR UPDATE SKIP LOCKED)", cutoff, limit, ct);

    public async Task<long?> OldestEventSequenceAsync(CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command("SELECT min(seq) FROM events");
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long oldest ? oldest : null;
    }

    public async Task<IReadOnlyList<InvitationRecord>> ListLapsedInvitationsAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        // In a write session the rows are taken for update, and rows another session holds are skipped: expiry workers
        // on several instances share the work instead of queueing on it (or on a receiver answering right now).
        await using var command = Command(
            "SELECT version, doc FROM invitations WHERE status = 'PENDING' AND expiration_date <= $1 AND receiver_account_id <> 'aws' " +
            "ORDER BY expiration_date, id LIMIT $2" + (_write ? " FOR UPDATE SKIP LOCKED" : ""));
        command.Parameters.Add(Int64(now.UtcTicks));
        command.Parameters.Add(Int64(limit));
        var list = new List<InvitationRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadInvitation(reader));
        }
        return list;
    }
}
