using System.Text;
using Cosell.Model;
using Cosell.Service.Ports;

namespace Cosell.Storage;

/// <summary>
/// The SQL of the ListEngagements and ListEngagementInvitations queries, one instance per store's dialect. Only the
/// filters a query sets appear in its text, each list bound as one parameter, so the number of distinct texts stays
/// small and each is prepared once per connection. Keyset pagination: rows strictly after the (date, id) position, in
/// the sort direction, which a row comparison on the (…, date, id) index answers without sorting.
/// </summary>
internal sealed class ListSql(SqlDialect dialect)
{
    private const int EngagementVariants = 1 << 7;
    private const int InvitationVariants = 1 << 10;

    public static ListSql Sqlite { get; } = new(SqlDialect.Sqlite);

    public static ListSql Postgres { get; } = new(SqlDialect.Postgres);

    private readonly string?[] _engagementTexts = new string?[EngagementVariants];
    private readonly string?[] _invitationTexts = new string?[InvitationVariants];

    public string Engagements(EngagementQuery q)
    {
        var key = (q.Ascending ? 1 : 0)
            | (q.After is not null ? 1 << 1 : 0)
            | (q.Ids is not null ? 1 << 2 : 0)
            | (q.CreatedBy is not null ? 1 << 3 : 0)
            | (q.ExcludeCreatedBy is not null ? 1 << 4 : 0)
            | (q.ContextTypes is not null ? 1 << 5 : 0)
            | (q.ExcludeContextTypes is not null ? 1 << 6 : 0);
        return _engagementTexts[key] ??= BuildEngagements(key);
    }

    private string BuildEngagements(int key)
    {
        var ascending = (key & 1) != 0;
        var byIds = (key & (1 << 2)) != 0;
        var sql = new StringBuilder(byIds
            // At most ten identifiers (the model's limit): those engagements, each membership checked through its unique
            // index, rather than every membership of the caller's walked in sort order.
            ? "SELECT e.version, e.doc, m.created_at, m.engagement_id FROM engagements e " +
                $"{dialect.JoinDrivenByLeft} engagement_members m ON m.engagement_seq = e.seq " +
                $"WHERE e.catalog = @catalog AND {dialect.In("e.id", "@ids")} AND m.catalog = @catalog AND m.account_id = @member"
            : "SELECT e.version, e.doc, m.created_at, m.engagement_id FROM engagement_members m " +
                "JOIN engagements e ON e.seq = m.engagement_seq " +
                "WHERE m.catalog = @catalog AND m.account_id = @member");
        if ((key & (1 << 1)) != 0)
        {
            sql.Append(ascending
                ? " AND (m.created_at, m.engagement_id) > (@after_ticks, @after_id)"
                : " AND (m.created_at, m.engagement_id) < (@after_ticks, @after_id)");
        }
        // The filters test the member row's copies of the engagement's creator and context types (migration 16), which
        // the walked index holds: a walk past many rows that do not match reads neither table.
        if ((key & (1 << 3)) != 0)
        {
            sql.Append(" AND ").Append(dialect.In("m.created_by", "@created_by"));
        }
        if ((key & (1 << 4)) != 0)
        {
            sql.Append(" AND ").Append(dialect.NotIn("m.created_by", "@exclude_created_by"));
        }
        if ((key & (1 << 5)) != 0)
        {
            sql.Append(" AND ").Append(dialect.Overlaps("m.context_types", "@context_types"));
        }
        if ((key & (1 << 6)) != 0)
        {
            sql.Append(" AND ").Append(dialect.DoesNotOverlap("m.context_types", "@exclude_context_types"));
        }
        sql.Append(ascending
            ? " ORDER BY m.created_at, m.engagement_id LIMIT @limit"
            : " ORDER BY m.created_at DESC, m.engagement_id DESC LIMIT @limit");
        return sql.ToString();
    }

    /// <summary>The statuses to match as stored: the requested ones less PENDING, which is matched by expiry.</summary>
    public static List<string>? StoredStatuses(InvitationQuery q)
    {
        if (q.Statuses is null)
        {
            return null;
        }
        var stored = new List<string>(q.Statuses.Count);
        foreach (var s in q.Statuses)
        {
            if (s != InvitationStatus.Pending.Value)
            {
                stored.Add(s);
            }
        }
        return stored;
    }

    public string Invitations(InvitationQuery q)
    {
        var statuses = q.Statuses;
        var key = (q.Ascending ? 1 : 0)
            | (q.After is not null ? 1 << 1 : 0)
            | (q.AsSender ? 1 << 2 : 0)
            | (q.PayloadTypes is not null ? 1 << 3 : 0)
            | (statuses is not null ? 1 << 4 : 0)
            | (statuses is not null && statuses.Contains(InvitationStatus.Pending.Value) ? 1 << 5 : 0)
            | (statuses is not null && statuses.Contains(InvitationStatus.Expired.Value) ? 1 << 6 : 0)
            | (q.EngagementIds is not null ? 1 << 7 : 0)
            | (q.SenderAccountIds is not null ? 1 << 8 : 0)
            | (statuses is { Count: > 0 } && statuses.All(s => s == InvitationStatus.Pending.Value) ? 1 << 9 : 0);
        return _invitationTexts[key] ??= BuildInvitations(key);
    }

    private string BuildInvitations(int key)
    {
        var ascending = (key & 1) != 0;
        // An engagement's invitations are few; the caller's as receiver or sender may be a million. A receiver's pending
        // ones are few too, however many it has decided: the CRM's poll for new invitations seeks them (migration 0011)
        // instead of walking every invitation the caller ever received.
        var pendingOnly = (key & (1 << 9)) != 0;
        var index = (key & (1 << 7)) != 0 ? "ix_invitations_engagement_status"
            : pendingOnly && (key & (1 << 2)) == 0 ? "ix_invitations_receiver_pending"
            : null;
        var sql = new StringBuilder("SELECT version, doc, invitation_date, id FROM invitations")
            .Append(index is null ? "" : dialect.IndexedBy(index))
            .Append(" WHERE catalog = @catalog");
        sql.Append((key & (1 << 2)) != 0 ? " AND sender_account_id = @account" : " AND receiver_account_id = @account");
        if ((key & (1 << 1)) != 0)
        {
            sql.Append(ascending
                ? " AND (invitation_date, id) > (@after_ticks, @after_id)"
                : " AND (invitation_date, id) < (@after_ticks, @after_id)");
        }
        if ((key & (1 << 3)) != 0)
        {
            sql.Append(" AND ").Append(dialect.In("payload_type", "@payload_types"));
        }
        if (pendingOnly)
        {
            // The same condition as below with no stored status to match, spelled so that the partial index's
            // status = 'PENDING' is implied.
            sql.Append(" AND status = 'PENDING' AND (expiration_date > @now OR receiver_account_id = 'aws')");
        }
        else if ((key & (1 << 4)) != 0)
        {
            // Effective status at @now: a stored PENDING whose expiration_date has passed reads as EXPIRED, unless it
            // is to AWS (InvitationRecord.HasLapsed).
            sql.Append(" AND (").Append(dialect.In("status", "@statuses"));
            if ((key & (1 << 5)) != 0)
            {
                sql.Append(" OR (status = 'PENDING' AND (expiration_date > @now OR receiver_account_id = 'aws'))");
            }
            if ((key & (1 << 6)) != 0)
            {
                sql.Append(" OR (status = 'PENDING' AND expiration_date <= @now AND receiver_account_id <> 'aws')");
            }
            sql.Append(')');
        }
        if ((key & (1 << 7)) != 0)
        {
            sql.Append(" AND ").Append(dialect.In("engagement_id", "@engagement_ids"));
        }
        if ((key & (1 << 8)) != 0)
        {
            sql.Append(" AND ").Append(dialect.In("sender_account_id", "@sender_account_ids"));
        }
        sql.Append(ascending
            ? " ORDER BY invitation_date, id LIMIT @limit"
            : " ORDER BY invitation_date DESC, id DESC LIMIT @limit");
        return sql.ToString();
    }
}
