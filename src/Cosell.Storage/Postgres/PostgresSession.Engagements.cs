using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Engagements ------------------------------------------------------------------------------------------

    public async Task<EngagementRecord?> GetEngagementAsync(string catalog, string id, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command("SELECT version, doc FROM engagements WHERE catalog = $1 AND id = $2" + ForUpdate);
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(id));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadEngagement(reader) : null;
    }

    public async Task<IReadOnlyList<string>> ListEngagementMemberIdsAsync(string catalog, string id, int limit, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "SELECT m.account_id FROM engagements e JOIN engagement_members m ON m.engagement_seq = e.seq " +
            "WHERE e.catalog = $1 AND e.id = $2 ORDER BY m.join_order LIMIT $3");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Int64(limit));
        var members = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            members.Add(reader.GetString(0));
        }
        return members;
    }

    public async Task InsertEngagementAsync(EngagementRecord engagement, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        var stored = engagement.Version == 1 ? engagement : engagement with { Version = 1 };
        // The engagement and its member rows in one statement (one round trip).
        await using var command = Command(
            "WITH e AS (INSERT INTO engagements (catalog, id, created_at, created_by, context_types, version, doc) " +
            "VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING seq) " +
            "INSERT INTO engagement_members (engagement_seq, catalog, engagement_id, account_id, join_order, created_at, created_by, context_types) " +
            "SELECT e.seq, $1, $2, m.account_id, m.join_order, $3, $4, $5 FROM e, unnest($7, $8) AS m (account_id, join_order)");
        BindEngagement(command, stored);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> UpdateEngagementAsync(EngagementRecord engagement, long expectedVersion, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        var stored = engagement with { Version = expectedVersion + 1 };
        // The member rows follow the document: those no longer listed go, the listed ones are inserted or renumbered.
        // The two sets are disjoint, so the statement never touches one row twice. The copies of the creator and context
        // types on the kept rows follow by trigger (migration 16), which builds before it rely on too.
        await using var command = Command(
            "WITH u AS (UPDATE engagements SET created_at = $3, created_by = $4, context_types = $5, version = $9 + 1, doc = $6 " +
            "WHERE catalog = $1 AND id = $2 AND version = $9 RETURNING seq), " +
            "d AS (DELETE FROM engagement_members m USING u WHERE m.engagement_seq = u.seq AND m.account_id <> ALL ($7)), " +
            "i AS (INSERT INTO engagement_members (engagement_seq, catalog, engagement_id, account_id, join_order, created_at, created_by, context_types) " +
            "SELECT u.seq, $1, $2, n.account_id, n.join_order, $3, $4, $5 FROM u, unnest($7, $8) AS n (account_id, join_order) " +
            "ON CONFLICT (engagement_seq, account_id) DO UPDATE SET join_order = excluded.join_order, created_at = excluded.created_at) " +
            "SELECT count(*) FROM u");
        BindEngagement(command, stored);
        command.Parameters.Add(Int64(expectedVersion));
        var updated = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        return updated == 1;
    }

    public async Task<Page<EngagementRecord>> ListEngagementsAsync(EngagementQuery query, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = ListCommand(ListSql.Postgres.Engagements(query));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", query.Catalog));
        p.Add(PostgresText.Parameter("member", query.MemberAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)query.Limit + 1));
        BindAfter(command, query.After);
        BindList(command, "ids", query.Ids);
        BindList(command, "created_by", query.CreatedBy);
        BindList(command, "exclude_created_by", query.ExcludeCreatedBy);
        BindList(command, "context_types", query.ContextTypes);
        BindList(command, "exclude_context_types", query.ExcludeContextTypes);
        return await ReadPageAsync(command, query.Limit, 2, ReadEngagement, ct).ConfigureAwait(false);
    }

    /// <summary>$1 catalog, $2 id, $3 created_at, $4 created_by, $5 context types, $6 doc, $7 member ids, $8 join orders.</summary>
    private static void BindEngagement(NpgsqlCommand command, EngagementRecord engagement)
    {
        var p = command.Parameters;
        p.Add(Text(engagement.Catalog));
        p.Add(Text(engagement.Id));
        p.Add(Int64(engagement.CreatedAt.UtcTicks));
        p.Add(Text(engagement.CreatedBy));
        p.Add(new NpgsqlParameter<string[]> { TypedValue = ContextTypes(engagement) });
        p.Add(Text(JsonSerializer.Serialize(engagement, StoreJsonContext.Stored.EngagementRecord)));
        var members = new string[engagement.Members.Count];
        var order = new int[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = engagement.Members[i].AccountId;
            order[i] = i;
        }
        p.Add(new NpgsqlParameter<string[]> { TypedValue = members });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = order });
    }

    private static string[] ContextTypes(EngagementRecord engagement)
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
        return [.. types];
    }

    private static void BindAfter(NpgsqlCommand command, SortPosition? after)
    {
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("after_ticks", after.Ticks));
            command.Parameters.Add(PostgresText.Parameter("after_id", after.Id));
        }
    }

    /// <summary>A list filter as one text[] parameter; null (no filter) binds nothing, as its clause is absent.</summary>
    private static void BindList(NpgsqlCommand command, string name, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>(name, [.. values.Select(PostgresText.Storable)]));
        }
    }

    private static EngagementRecord ReadEngagement(NpgsqlDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader.GetString(1), StoreJsonContext.Stored.EngagementRecord);
        return record.Version == version ? record : record with { Version = version };
    }
}
