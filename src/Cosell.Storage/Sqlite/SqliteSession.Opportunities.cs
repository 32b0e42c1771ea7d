using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
                    "target_close_date, created_date, last_modified_date, engagement_id, hidden, marketplace_offer, version, doc) " +
                    "VALUES (@catalog, @owner, @id, @number, @review_status, @stage, @customer_name_key, @target_close_date, " +
                    "@created_date, @last_modified_date, @engagement_id, @hidden, @marketplace_offer, 1, @doc)"), opportunity with { Version = 1 })
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
                    "marketplace_offer = @marketplace_offer, version = @expected + 1, doc = @doc " +
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
            var command = _db.Command(OpportunityListSql.Sqlite.For(query, ChooseSeek(query)))
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
            BindFilters(command, query);

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
                    items.Add(ReadOpportunity(reader, OpportunityListing.Type)); // a summary's members only
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

    /// <summary>
    /// Past this many matches a filter's value counts as common: a page of it is found soonest along the sort's index.
    /// Sorting the matches costs about 4 µs each (their documents go through the sorter), walking the sort's index about
    /// 1 µs per row of the owner's: at 500, a name held by 1,000 with a stage held by none took 27 ms (the walk over
    /// 20,000) against 8 ms when sought (retest22).
    /// </summary>
    internal const int SeekThreshold = 2000;

    /// <summary>
    /// Which index to read: the filter's with the fewest matches, when fewer than <see cref="SeekThreshold"/> and its
    /// index does not already give the sort's order, the matches then sorted. Walking the sort's index instead tests
    /// every opportunity of the owner for a rare value (plans22, 20,000 opportunities: 16-24 ms for a stage held by 5),
    /// while seeking a common one sorts all its matches on every page (82 ms, then 47-50 ms a page, for a customer name
    /// held by 19,990). SQLite walks the sort's index by itself for the list filters, not for a date range: it chose
    /// the range's index for a first page and sorted every match (68-77 ms for a range holding them all), so a common
    /// range gets the sort's index named.
    /// </summary>
    internal OpportunityListSql.Seek ChooseSeek(OpportunityQuery query)
    {
        var best = OpportunityListSql.Seek.SortIndex;
        if (query.Ids is not null)
        {
            return best; // seeks the identifiers' own index
        }
        long fewest = SeekThreshold;
        var commonRange = false;
        bool Consider(OpportunityListSql.Seek seek)
        {
            var command = _db.Command(OpportunityListSql.Sqlite.CountUpTo(seek, query))
                .Bind("@catalog", query.Catalog)
                .Bind("@owner", query.OwnerAccountId)
                .Bind("@most", (long)fewest);
            BindFilters(command, query);
            var count = (long)command.ExecuteScalar()!;
            if (count < fewest)
            {
                (best, fewest) = (seek, count);
                return true;
            }
            return false;
        }
        var sort = query.SortBy;
        if (query.CustomerCompanyNames is not null && sort != OpportunitySortKey.CustomerCompanyName)
        {
            Consider(OpportunityListSql.Seek.Customer);
        }
        // Both indexes hold last_modified_date after their value: one value already walks in that sort's order (several
        // do not: SQLite then walks the sort's own index).
        var ordered = sort == OpportunitySortKey.LastModifiedDate;
        if (query.Stages is { } stages && (!ordered || stages.Count > 1))
        {
            Consider(OpportunityListSql.Seek.Stage);
        }
        if (query.ReviewStatuses is { } statuses && (!ordered || statuses.Count > 1))
        {
            Consider(OpportunityListSql.Seek.Review);
        }
        if ((query.LastModifiedOnOrAfter ?? query.LastModifiedBefore) is not null && !ordered)
        {
            commonRange |= !Consider(OpportunityListSql.Seek.Modified);
        }
        if ((query.CreatedOnOrAfter ?? query.CreatedBefore) is not null && sort != OpportunitySortKey.CreatedDate)
        {
            commonRange |= !Consider(OpportunityListSql.Seek.Created);
        }
        if ((query.TargetCloseOnOrAfter ?? query.TargetCloseBefore) is not null && sort != OpportunitySortKey.TargetCloseDate)
        {
            commonRange |= !Consider(OpportunityListSql.Seek.Close);
        }
        return best == OpportunityListSql.Seek.SortIndex && commonRange ? OpportunityListSql.Seek.SortOrder : best;
    }

    /// <summary>The list filters' parameters, for the list query and for the counts that choose its index.</summary>
    private static void BindFilters(SqliteCommand command, OpportunityQuery query)
    {
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
    }

    /// <summary>One seek of <c>ix_opportunities_owner_offer</c> (migration 0009).</summary>
    internal const string OpportunityWithOfferSql =
        "SELECT id FROM opportunities WHERE catalog = @catalog AND owner_account_id = @owner AND marketplace_offer = @offer ORDER BY number LIMIT 1";

    public Task<string?> FindOpportunityWithOfferAsync(string catalog, string ownerAccountId, string offerArn, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(OpportunityWithOfferSql)
                .Bind("@catalog", catalog)
                .Bind("@owner", ownerAccountId)
                .Bind("@offer", offerArn);
            return Task.FromResult(command.ExecuteScalar() as string);
        }
        catch (Exception e)
        {
            return Task.FromException<string?>(e);
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
            .Bind("@marketplace_offer", o.MarketplaceOfferKey)
            .Bind("@doc", JsonSerializer.Serialize(o, StoreJsonContext.Stored.OpportunityRecord));

    /// <summary>Binds a bound's value only when the query sets it (its clause is absent otherwise).</summary>
    private static void BindOptional(SqliteCommand command, string name, object? value)
    {
        if (value is not null)
        {
            command.Bind(name, value);
        }
    }

    private static OpportunityRecord ReadOpportunity(SqliteDataReader reader) =>
        ReadOpportunity(reader, StoreJsonContext.Stored.OpportunityRecord);

    private static OpportunityRecord ReadOpportunity(SqliteDataReader reader, JsonTypeInfo<OpportunityRecord> type)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader, 1, type);
        return record.Version == version ? record : record with { Version = version };
    }
}
