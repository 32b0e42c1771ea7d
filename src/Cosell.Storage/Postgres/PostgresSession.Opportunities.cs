using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Opportunities ----------------------------------------------------------------------------------------

    public async Task<long> NextOpportunityNumberAsync(string catalog, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        // The counter row stays locked until this session ends: a concurrent creator waits, then gets the next number.
        await using var command = Command(
            "INSERT INTO opportunity_counters (catalog, last_number) VALUES ($1, 1) " +
            "ON CONFLICT (catalog) DO UPDATE SET last_number = opportunity_counters.last_number + 1 RETURNING last_number");
        command.Parameters.Add(Text(catalog));
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<OpportunityRecord?> GetOpportunityAsync(string catalog, string ownerAccountId, string id, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "SELECT version, doc FROM opportunities WHERE catalog = $1 AND owner_account_id = $2 AND id = $3" + ForUpdate);
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(ownerAccountId));
        command.Parameters.Add(Text(id));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadOpportunity(reader) : null;
    }

    public async Task InsertOpportunityAsync(OpportunityRecord opportunity, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO opportunities (catalog, owner_account_id, id, number, review_status, stage, customer_name_key, " +
            "target_close_date, created_date, last_modified_date, engagement_id, hidden, version, doc, marketplace_offer) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14)");
        BindOpportunity(command, opportunity with { Version = 1 });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> UpdateOpportunityAsync(OpportunityRecord opportunity, long expectedVersion, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "UPDATE opportunities SET number = $4, review_status = $5, stage = $6, customer_name_key = $7, " +
            "target_close_date = $8, created_date = $9, last_modified_date = $10, engagement_id = $11, hidden = $12, " +
            "version = $15 + 1, doc = $13, marketplace_offer = $14 " +
            "WHERE catalog = $1 AND owner_account_id = $2 AND id = $3 AND version = $15");
        BindOpportunity(command, opportunity with { Version = expectedVersion + 1 });
        command.Parameters.Add(Int64(expectedVersion));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<OpportunityPage> ListOpportunitiesAsync(OpportunityQuery query, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = ListCommand(OpportunityListSql.Postgres.For(query));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", query.Catalog));
        p.Add(PostgresText.Parameter("owner", query.OwnerAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)query.Limit + 1));
        if (query.After is { } after)
        {
            p.Add(new NpgsqlParameter<long>("after_number", after.Number));
            if (OpportunityListSql.IsText(query.SortBy))
            {
                p.Add(PostgresText.Parameter("after_text", after.TextKey ?? ""));
            }
            else if (query.SortBy != OpportunitySortKey.Identifier)
            {
                p.Add(new NpgsqlParameter<long>("after_key", after.Key));
            }
        }
        BindList(command, "ids", query.Ids);
        BindList(command, "stages", query.Stages);
        BindList(command, "statuses", query.ReviewStatuses);
        BindList(command, "names", query.CustomerCompanyNames);
        BindOptional(command, "modified_from", query.LastModifiedOnOrAfter?.UtcTicks);
        BindOptional(command, "modified_before", query.LastModifiedBefore?.UtcTicks);
        BindOptional(command, "created_from", query.CreatedOnOrAfter?.UtcTicks);
        BindOptional(command, "created_before", query.CreatedBefore?.UtcTicks);
        BindOptional(command, "close_from", query.TargetCloseOnOrAfter);
        BindOptional(command, "close_before", query.TargetCloseBefore);

        var items = new List<OpportunityRecord>(Math.Min(query.Limit, 100));
        OpportunityPosition? next = null, last = null;
        var text = OpportunityListSql.IsText(query.SortBy);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (items.Count == query.Limit)
                {
                    next = last;
                    break;
                }
                items.Add(ReadOpportunity(reader, OpportunityListing.Type)); // a summary's members only
                last = text
                    ? new OpportunityPosition(0, PostgresText.Restore(reader.GetString(2)), reader.GetInt64(3))
                    : new OpportunityPosition(reader.GetInt64(2), null, reader.GetInt64(3));
            }
        }
        return new OpportunityPage(items, next);
    }

    public async Task<string?> FindOpportunityWithOfferAsync(string catalog, string ownerAccountId, string offerArn, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        if (_write)
        {
            // Two writers associating one offer queue here, as SQLite's single writer would queue them: the second then
            // reads the first's committed association.
            await using var lockOffer = Command("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
            lockOffer.Parameters.Add(Text($"offer|{catalog}|{ownerAccountId}|{offerArn}"));
            await lockOffer.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var command = Command(
            "SELECT id FROM opportunities WHERE catalog = $1 AND owner_account_id = $2 AND marketplace_offer = $3 ORDER BY number LIMIT 1");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(ownerAccountId));
        command.Parameters.Add(Text(offerArn));
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlyList<OpportunityRecord>> ListOpportunitiesByEngagementAsync(string catalog, string engagementId, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "SELECT version, doc FROM opportunities WHERE catalog = $1 AND engagement_id = $2 ORDER BY number");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(engagementId));
        var result = new List<OpportunityRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(ReadOpportunity(reader));
        }
        return result;
    }

    /// <summary>$1 catalog, $2 owner, $3 id, $4 number, $5 review status, $6 stage, $7 name key, $8 close date, $9–$10 dates, $11 engagement, $12 hidden, $13 doc, $14 offer.</summary>
    private static void BindOpportunity(NpgsqlCommand command, OpportunityRecord o)
    {
        var p = command.Parameters;
        p.Add(Text(o.Catalog));
        p.Add(Text(o.OwnerAccountId));
        p.Add(Text(o.Id));
        p.Add(Int64(o.Number));
        p.Add(Text(o.ReviewStatus.Value));
        p.Add(Text(o.StageKey));
        p.Add(Text(o.CustomerCompanyNameKey));
        p.Add(Text(o.TargetCloseDateKey));
        p.Add(Int64(o.CreatedDate.UtcTicks));
        p.Add(Int64(o.LastModifiedDate.UtcTicks));
        p.Add(NullableText(o.EngagementId));
        p.Add(new NpgsqlParameter<bool> { TypedValue = o.Hidden });
        p.Add(Text(JsonSerializer.Serialize(o, StoreJsonContext.Stored.OpportunityRecord)));
        p.Add(NullableText(o.MarketplaceOfferKey));
    }

    /// <summary>Binds a bound's value only when the query sets it (its clause is absent otherwise).</summary>
    private static void BindOptional(NpgsqlCommand command, string name, long? value)
    {
        if (value is { } v)
        {
            command.Parameters.Add(new NpgsqlParameter<long>(name, v));
        }
    }

    private static void BindOptional(NpgsqlCommand command, string name, string? value)
    {
        if (value is not null)
        {
            command.Parameters.Add(PostgresText.Parameter(name, value));
        }
    }

    private static OpportunityRecord ReadOpportunity(NpgsqlDataReader reader) =>
        ReadOpportunity(reader, StoreJsonContext.Stored.OpportunityRecord);

    private static OpportunityRecord ReadOpportunity(NpgsqlDataReader reader, JsonTypeInfo<OpportunityRecord> type)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader.GetString(1), type);
        return record.Version == version ? record : record with { Version = version };
    }
}
