using System.Text;
using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Opportunities ----------------------------------------------------------------------------------------

    public Task<long> NextOpportunityNumberAsync(string catalog, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var number = (long)_db.Command(
                    "INSERT INTO opportunity_counters (catalog, last_number) VALUES (@catalog, 1) " +
                    "ON CONFLICT (catalog) DO UPDATE SET last_number = last_number + 1 RETURNING last_number")
                .Bind("@catalog", catalog)
                .ExecuteScalar()!;
            return Task.FromResult(number);
        }
        catch (Exception e)
        {
            return Task.FromException<long>(e);
        }
    }

    public Task<OpportunityRecord?> GetOpportunityAsync(string catalog, string ownerAccountId, string id, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT version, doc FROM opportunities WHERE catalog = @catalog AND owner_account_id = @owner AND id = @id")
                .Bind("@catalog", catalog)
                .Bind("@owner", ownerAccountId)
                .Bind("@id", id);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadOpportunity(reader) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<OpportunityRecord?>(e);
        }
    }

    public Task InsertOpportunityAsync(OpportunityRecord opportunity, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            BindOpportunity(_db.Command(
                    "INSERT INTO opportunities (catalog, owner_account_id, id, number, review_status, stage, customer_name_key, " +
                    "target_close_date, created_date, last_modified_date, engagement_id, hidden, version, doc) " +
                    "VALUES (@catalog, @owner, @id, @number, @review_status, @stage, @customer_name_key, @target_close_date, " +
                    "@created_date, @last_modified_date, @engagement_id, @hidden, 1, @doc)"), opportunity with { Version = 1 })
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<bool> UpdateOpportunityAsync(OpportunityRecord opportunity, long expectedVersion, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var changed = BindOpportunity(_db.Command(
                    "UPDATE opportunities SET number = @number, review_status = @review_status, stage = @stage, " +
                    "customer_name_key = @customer_name_key, target_close_date = @target_close_date, created_date = @created_date, " +
                    "last_modified_date = @last_modified_date, engagement_id = @engagement_id, hidden = @hidden, " +
                    "version = @expected + 1, doc = @doc " +
                    "WHERE catalog = @catalog AND owner_account_id = @owner AND id = @id AND version = @expected"),
                    opportunity with { Version = expectedVersion + 1 })
                .Bind("@expected", expectedVersion)
                .ExecuteNonQuery();
            return Task.FromResult(changed == 1);
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }

    public Task<OpportunityPage> ListOpportunitiesAsync(OpportunityQuery query, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
            var command = _db.Command(OpportunityListSql.For(query))
                .Bind("@catalog", query.Catalog)
                .Bind("@owner", query.OwnerAccountId)
                .Bind("@limit", (long)query.Limit + 1);
            if (query.After is { } after)
            {
                command.Bind("@after_number", after.Number);
                if (OpportunityListSql.IsText(query.SortBy))
                {
                    command.Bind("@after_text", after.TextKey ?? "");
                }
                else if (query.SortBy != OpportunitySortKey.Identifier)
                {
                    command.Bind("@after_key", after.Key);
                }
            }
            BindList(command, "@ids", query.Ids);
            BindList(command, "@stages", query.Stages);
            BindList(command, "@statuses", query.ReviewStatuses);
            BindList(command, "@names", query.CustomerCompanyNames);
            BindOptional(command, "@modified_from", query.LastModifiedOnOrAfter?.UtcTicks);
            BindOptional(command, "@modified_before", query.LastModifiedBefore?.UtcTicks);
            BindOptional(command, "@created_from", query.CreatedOnOrAfter?.UtcTicks);
            BindOptional(command, "@created_before", query.CreatedBefore?.UtcTicks);
            BindOptional(command, "@close_from", query.TargetCloseOnOrAfter);
            BindOptional(command, "@close_before", query.TargetCloseBefore);

            var items = new List<OpportunityRecord>(Math.Min(query.Limit, 100));
            OpportunityPosition? next = null, last = null;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (items.Count == query.Limit)
                    {
                        next = last;
                        break;
                    }
                    items.Add(ReadOpportunity(reader));
                    last = OpportunityListSql.IsText(query.SortBy)
                        ? new OpportunityPosition(0, reader.GetString(2), reader.GetInt64(3))
                        : new OpportunityPosition(reader.GetInt64(2), null, reader.GetInt64(3));
                }
            }
            return Task.FromResult(new OpportunityPage(items, next));
        }
        catch (Exception e)
        {
            return Task.FromException<OpportunityPage>(e);
        }
    }

    public Task<IReadOnlyList<OpportunityRecord>> ListOpportunitiesByEngagementAsync(string catalog, string engagementId, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT version, doc FROM opportunities WHERE catalog = @catalog AND engagement_id = @engagement_id ORDER BY number")
                .Bind("@catalog", catalog)
                .Bind("@engagement_id", engagementId);
            var result = new List<OpportunityRecord>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    result.Add(ReadOpportunity(reader));
                }
            }
            return Task.FromResult<IReadOnlyList<OpportunityRecord>>(result);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<OpportunityRecord>>(e);
        }
    }

    private static SqliteCommand BindOpportunity(SqliteCommand command, OpportunityRecord o) =>
        command.Bind("@catalog", o.Catalog)
            .Bind("@owner", o.OwnerAccountId)
            .Bind("@id", o.Id)
            .Bind("@number", o.Number)
            .Bind("@review_status", o.ReviewStatus.Value)
            .Bind("@stage", o.StageKey)
            .Bind("@customer_name_key", o.CustomerCompanyNameKey)
            .Bind("@target_close_date", o.TargetCloseDateKey)
            .Bind("@created_date", o.CreatedDate.UtcTicks)
            .Bind("@last_modified_date", o.LastModifiedDate.UtcTicks)
            .Bind("@engagement_id", o.EngagementId)
            .Bind("@hidden", o.Hidden ? 1L : 0L)
            .Bind("@doc", JsonSerializer.Serialize(o, StoreJsonContext.Default.OpportunityRecord));

    /// <summary>Binds a bound's value only when the query sets it (its clause is absent otherwise).</summary>
    private static void BindOptional(SqliteCommand command, string name, object? value)
    {
        if (value is not null)
        {
            command.Bind(name, value);
        }
    }

    private static OpportunityRecord ReadOpportunity(SqliteDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader, 1, StoreJsonContext.Default.OpportunityRecord);
        return record.Version == version ? record : record with { Version = version };
    }
}

/// <summary>
/// The ListOpportunities SQL: only the filters a query sets appear in its text (lists bound as JSON arrays read through
/// <c>json_each</c>), each variant built once. Keyset pagination on (sort key, number).
/// </summary>
internal static class OpportunityListSql
{
    private const int FilterBits = 12;
    private static readonly string?[] Texts = new string?[5 << FilterBits];

    public static bool IsText(OpportunitySortKey key) =>
        key is OpportunitySortKey.CustomerCompanyName or OpportunitySortKey.TargetCloseDate;

    public static string For(OpportunityQuery q)
    {
        var bits = (q.Ascending ? 1 : 0)
            | (q.After is not null ? 1 << 1 : 0)
            | (q.Ids is not null ? 1 << 2 : 0)
            | (q.Stages is not null ? 1 << 3 : 0)
            | (q.ReviewStatuses is not null ? 1 << 4 : 0)
            | (q.CustomerCompanyNames is not null ? 1 << 5 : 0)
            | (q.LastModifiedOnOrAfter is not null ? 1 << 6 : 0)
            | (q.LastModifiedBefore is not null ? 1 << 7 : 0)
            | (q.CreatedOnOrAfter is not null ? 1 << 8 : 0)
            | (q.CreatedBefore is not null ? 1 << 9 : 0)
            | (q.TargetCloseOnOrAfter is not null ? 1 << 10 : 0)
            | (q.TargetCloseBefore is not null ? 1 << 11 : 0);
        var key = ((int)q.SortBy << FilterBits) | bits;
        return Texts[key] ??= Build(q.SortBy, bits);
    }

    private static string Build(OpportunitySortKey sortBy, int bits)
    {
        bool Has(int bit) => (bits & (1 << bit)) != 0;
        var ascending = Has(0);
        var (column, after) = sortBy switch
        {
            OpportunitySortKey.Identifier => ("number", ""),
            OpportunitySortKey.CreatedDate => ("created_date", "@after_key"),
            OpportunitySortKey.CustomerCompanyName => ("customer_name_key", "@after_text"),
            OpportunitySortKey.TargetCloseDate => ("target_close_date", "@after_text"),
            _ => ("last_modified_date", "@after_key"),
        };
        var sql = new StringBuilder($"SELECT version, doc, {column}, number FROM opportunities " +
            "WHERE catalog = @catalog AND owner_account_id = @owner AND hidden = 0");
        if (Has(1))
        {
            var op = ascending ? ">" : "<";
            sql.Append(sortBy == OpportunitySortKey.Identifier
                ? $" AND number {op} @after_number"
                : $" AND ({column}, number) {op} ({after}, @after_number)");
        }
        if (Has(2))
        {
            sql.Append(" AND id IN (SELECT value FROM json_each(@ids))");
        }
        if (Has(3))
        {
            sql.Append(" AND stage IN (SELECT value FROM json_each(@stages))");
        }
        if (Has(4))
        {
            sql.Append(" AND review_status IN (SELECT value FROM json_each(@statuses))");
        }
        if (Has(5))
        {
            sql.Append(" AND customer_name_key IN (SELECT value FROM json_each(@names))");
        }
        if (Has(6))
        {
            sql.Append(" AND last_modified_date >= @modified_from");
        }
        if (Has(7))
        {
            sql.Append(" AND last_modified_date < @modified_before");
        }
        if (Has(8))
        {
            sql.Append(" AND created_date >= @created_from");
        }
        if (Has(9))
        {
            sql.Append(" AND created_date < @created_before");
        }
        if (Has(10))
        {
            sql.Append(" AND target_close_date >= @close_from AND target_close_date <> ''");
        }
        if (Has(11))
        {
            sql.Append(" AND target_close_date < @close_before AND target_close_date <> ''");
        }
        var direction = ascending ? "" : " DESC";
        sql.Append(sortBy == OpportunitySortKey.Identifier
            ? $" ORDER BY number{direction} LIMIT @limit"
            : $" ORDER BY {column}{direction}, number{direction} LIMIT @limit");
        return sql.ToString();
    }
}
