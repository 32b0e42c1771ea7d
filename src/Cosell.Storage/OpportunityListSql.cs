using System.Collections.Concurrent;
using System.Text;
using Cosell.Service.Ports;

namespace Cosell.Storage;

/// <summary>
/// The ListOpportunities SQL, one instance per store's dialect: only the filters a query sets appear in its text (each
/// list bound as one parameter), each variant built once. Keyset pagination on (sort key, number).
/// </summary>
internal sealed class OpportunityListSql(SqlDialect dialect)
{
    private const int FilterBits = 16;

    public static OpportunityListSql Sqlite { get; } = new(SqlDialect.Sqlite);

    public static OpportunityListSql Postgres { get; } = new(SqlDialect.Postgres);

    private readonly ConcurrentDictionary<int, string> _texts = new();

    /// <summary>
    /// The index a SQLite query reads, chosen per query by counting (<see cref="CountUpTo"/>), since SQLite keeps no
    /// statistics that tell a rare value from a common one: a filter's index, its matches then sorted; the sort's own
    /// index, each row then tested (<see cref="SortOrder"/>); or SQLite's own choice (<see cref="SortIndex"/>, which
    /// for the list filters is the sort's index). PostgreSQL plans from its own statistics and ignores it.
    /// </summary>
    public enum Seek
    {
        SortIndex = 0,
        Customer = 1,
        Stage = 2,
        Review = 3,
        Modified = 4,
        Created = 5,
        Close = 6,
        SortOrder = 7,
    }

    public static bool IsText(OpportunitySortKey key) =>
        key is OpportunitySortKey.CustomerCompanyName or OpportunitySortKey.TargetCloseDate;

    /// <summary>
    /// How many of the owner's opportunities match one filter, counted in that filter's index up to <c>@most</c>: an
    /// index-only count that stops there. Its parameters are the list query's.
    /// </summary>
    public string CountUpTo(Seek seek, OpportunityQuery q)
    {
        var condition = seek switch
        {
            Seek.Customer => dialect.In("customer_name_key", "@names", q.CustomerCompanyNames is { Count: 1 }),
            Seek.Stage => dialect.In("stage", "@stages", q.Stages is { Count: 1 }),
            Seek.Review => dialect.In("review_status", "@statuses", q.ReviewStatuses is { Count: 1 }),
            Seek.Modified => Range("last_modified_date", q.LastModifiedOnOrAfter is not null ? "@modified_from" : null,
                q.LastModifiedBefore is not null ? "@modified_before" : null),
            Seek.Created => Range("created_date", q.CreatedOnOrAfter is not null ? "@created_from" : null,
                q.CreatedBefore is not null ? "@created_before" : null),
            Seek.Close => Range("target_close_date", q.TargetCloseOnOrAfter is not null ? "@close_from" : null,
                q.TargetCloseBefore is not null ? "@close_before" : null) + " AND target_close_date <> ''",
            _ => throw new ArgumentOutOfRangeException(nameof(seek)),
        };
        return $"SELECT count(*) FROM (SELECT 1 FROM opportunities{dialect.IndexedBy(IndexOf(seek, q.SortBy))} " +
            $"WHERE catalog = @catalog AND owner_account_id = @owner AND {condition} LIMIT @most)";
    }

    private static string Range(string column, string? from, string? before) =>
        string.Join(" AND ", new[] { from is null ? null : $"{column} >= {from}", before is null ? null : $"{column} < {before}" }.OfType<string>());

    private static string IndexOf(Seek seek, OpportunitySortKey sortBy) => seek switch
    {
        Seek.Customer => "ix_opportunities_owner_customer",
        Seek.Stage => "ix_opportunities_owner_stage",
        Seek.Review => "ix_opportunities_owner_review",
        Seek.Modified => "ix_opportunities_owner_modified",
        Seek.Created => "ix_opportunities_owner_created",
        Seek.Close => "ix_opportunities_owner_close",
        Seek.SortOrder => sortBy switch
        {
            OpportunitySortKey.Identifier => "ux_opportunities_owner_number",
            OpportunitySortKey.CreatedDate => "ix_opportunities_owner_created",
            OpportunitySortKey.CustomerCompanyName => "ix_opportunities_owner_customer",
            OpportunitySortKey.TargetCloseDate => "ix_opportunities_owner_close",
            _ => "ix_opportunities_owner_modified",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(seek)),
    };

    public string For(OpportunityQuery q, Seek seek = Seek.SortIndex)
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
            | (q.TargetCloseBefore is not null ? 1 << 11 : 0)
            | (q.Ids is { Count: 1 } ? 1 << 12 : 0)
            | (q.Stages is { Count: 1 } ? 1 << 13 : 0)
            | (q.ReviewStatuses is { Count: 1 } ? 1 << 14 : 0)
            | (q.CustomerCompanyNames is { Count: 1 } ? 1 << 15 : 0);
        var key = ((int)q.SortBy << (FilterBits + 3)) | ((int)seek << FilterBits) | bits;
        return _texts.GetOrAdd(key, static (_, state) => state.Self.Build(state.SortBy, state.Bits, state.Seek), (Self: this, q.SortBy, Bits: bits, Seek: seek));
    }

    private string Build(OpportunitySortKey sortBy, int bits, Seek seek)
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
        var sql = new StringBuilder($"SELECT version, doc, {column}, number FROM opportunities")
            // Identifiers name their rows: seek each (however many are given) and sort those.
            .Append(Has(2) ? dialect.IndexedBy("ux_opportunities_owner_id")
                : seek != Seek.SortIndex ? dialect.IndexedBy(IndexOf(seek, sortBy)) : "")
            .Append(" WHERE catalog = @catalog AND owner_account_id = @owner AND " + dialect.IsFalse("hidden"));
        if (Has(1))
        {
            var op = ascending ? ">" : "<";
            sql.Append(sortBy == OpportunitySortKey.Identifier
                ? $" AND number {op} @after_number"
                : $" AND ({column}, number) {op} ({after}, @after_number)");
        }
        if (Has(2))
        {
            sql.Append(" AND ").Append(dialect.In("id", "@ids", oneValue: Has(12)));
        }
        if (Has(3))
        {
            sql.Append(" AND ").Append(dialect.In("stage", "@stages", oneValue: Has(13)));
        }
        if (Has(4))
        {
            sql.Append(" AND ").Append(dialect.In("review_status", "@statuses", oneValue: Has(14)));
        }
        if (Has(5))
        {
            sql.Append(" AND ").Append(dialect.In("customer_name_key", "@names", oneValue: Has(15)));
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
