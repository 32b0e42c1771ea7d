using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Engagements ------------------------------------------------------------------------------------------

    public Task<EngagementRecord?> GetEngagementAsync(string catalog, string id, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command("SELECT version, doc FROM engagements WHERE catalog = @catalog AND id = @id")
                .Bind("@catalog", catalog)
                .Bind("@id", id);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return Task.FromResult<EngagementRecord?>(null);
            }
            var version = reader.GetInt64(0);
            var record = _store.Engagements.GetOrParse(catalog + "/" + id, reader.GetString(1),
                static doc => Deserialize(doc, StoreJsonContext.Stored.EngagementRecord));
            return Task.FromResult<EngagementRecord?>(record.Version == version ? record : record with { Version = version });
        }
        catch (Exception e)
        {
            return Task.FromException<EngagementRecord?>(e);
        }
    }

    public Task<IReadOnlyList<string>> ListEngagementMemberIdsAsync(string catalog, string id, int limit, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            // Sorted here, not by SQL: an engagement has a handful of members, and an ORDER BY the index does not give
            // would build a temporary b-tree per query.
            var command = _db.Command(
                    "SELECT m.join_order, m.account_id FROM engagements e JOIN engagement_members m ON m.engagement_seq = e.seq " +
                    "WHERE e.catalog = @catalog AND e.id = @id")
                .Bind("@catalog", catalog)
                .Bind("@id", id);
            var members = new List<(long Order, string AccountId)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    members.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }
            members.Sort(static (a, b) => a.Order.CompareTo(b.Order));
            return Task.FromResult<IReadOnlyList<string>>([.. members.Take(limit).Select(m => m.AccountId)]);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<string>>(e);
        }
    }

    public Task InsertEngagementAsync(EngagementRecord engagement, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var stored = engagement.Version == 1 ? engagement : engagement with { Version = 1 };
            var seq = (long)_db.Command(
                    "INSERT INTO engagements (catalog, id, created_at, created_by, context_types, version, doc) " +
                    "VALUES (@catalog, @id, @created_at, @created_by, @context_types, 1, @doc) RETURNING seq")
                .Bind("@catalog", stored.Catalog)
                .Bind("@id", stored.Id)
                .Bind("@created_at", stored.CreatedAt.UtcTicks)
                .Bind("@created_by", stored.CreatedBy)
                .Bind("@context_types", ContextTypesJson(stored))
                .Bind("@doc", JsonSerializer.Serialize(stored, StoreJsonContext.Stored.EngagementRecord))
                .ExecuteScalar()!;
            InsertMembers(seq, stored);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<bool> UpdateEngagementAsync(EngagementRecord engagement, long expectedVersion, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var stored = engagement with { Version = expectedVersion + 1 };
            var seq = _db.Command(
                    "UPDATE engagements SET created_at = @created_at, created_by = @created_by, " +
                    "context_types = @context_types, version = @expected + 1, doc = @doc " +
                    "WHERE catalog = @catalog AND id = @id AND version = @expected RETURNING seq")
                .Bind("@catalog", stored.Catalog)
                .Bind("@id", stored.Id)
                .Bind("@expected", expectedVersion)
                .Bind("@created_at", stored.CreatedAt.UtcTicks)
                .Bind("@created_by", stored.CreatedBy)
                .Bind("@context_types", ContextTypesJson(stored))
                .Bind("@doc", JsonSerializer.Serialize(stored, StoreJsonContext.Stored.EngagementRecord))
                .ExecuteScalar();
            if (seq is not long engagementSeq)
            {
                return Task.FromResult(false);
            }
            _db.Command("DELETE FROM engagement_members WHERE engagement_seq = @seq")
                .Bind("@seq", engagementSeq)
                .ExecuteNonQuery();
            InsertMembers(engagementSeq, stored);
            return Task.FromResult(true);
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }

    public Task<Page<EngagementRecord>> ListEngagementsAsync(EngagementQuery query, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
            var command = _db.Command(ListSql.Sqlite.Engagements(query))
                .Bind("@catalog", query.Catalog)
                .Bind("@member", query.MemberAccountId)
                .Bind("@limit", (long)query.Limit + 1);
            BindAfter(command, query.After);
            BindList(command, "@ids", query.Ids);
            BindList(command, "@created_by", query.CreatedBy);
            BindList(command, "@exclude_created_by", query.ExcludeCreatedBy);
            BindList(command, "@context_types", query.ContextTypes);
            BindList(command, "@exclude_context_types", query.ExcludeContextTypes);
            return Task.FromResult(ReadPage(command, query.Limit, ReadEngagement));
        }
        catch (Exception e)
        {
            return Task.FromException<Page<EngagementRecord>>(e);
        }
    }
}
