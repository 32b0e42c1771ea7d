using System.Text;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Storage;

/// <summary>
/// The SQL of ListResourceSnapshots, ListEngagementResourceAssociations and ListResourceSnapshotJobs, one instance per
/// store's dialect. Each optional filter appears only when the query sets it, as <c>column = @name</c> (the parameter
/// names are the same on both stores). Snapshots and associations page in insertion order (<c>seq</c>), jobs by
/// (created_at, id) in either direction.
/// </summary>
internal sealed class SnapshotListSql(SqlDialect dialect)
{
    public static SnapshotListSql Sqlite { get; } = new(SqlDialect.Sqlite);

    public static SnapshotListSql Postgres { get; } = new(SqlDialect.Postgres);

    /// <summary>Parameters: catalog, engagement_id, viewer, limit; resource_type, resource_id, template, created_by, after_seq when set.</summary>
    public string Snapshots(ResourceSnapshotQuery q)
    {
        var sql = new StringBuilder(
            "SELECT doc, seq FROM resource_snapshots WHERE catalog = @catalog AND engagement_id = @engagement_id " +
            $"AND ({dialect.IsFalse("owner_only")} OR created_by = @viewer)");
        AppendEquals(sql, "resource_type", "resource_type", q.ResourceType);
        AppendEquals(sql, "resource_id", "resource_id", q.ResourceId);
        AppendEquals(sql, "template", "template", q.TemplateName);
        AppendEquals(sql, "created_by", "created_by", q.CreatedBy);
        return AppendPage(sql, "seq", q.After).ToString();
    }

    /// <summary>Parameters: catalog, member, limit; engagement_id, resource_type, resource_id, created_by, after_seq when set.</summary>
    public string Associations(ResourceAssociationQuery q)
    {
        const string Columns = "SELECT a.engagement_id, a.seq, a.resource_type, a.resource_id, a.created_by, a.created_at";
        var visible = $"({dialect.IsTrue("a.shared")} OR a.created_by = @member)";
        // One engagement, or one resource (the filter below seeks its index): those associations, each checked by two
        // unique-index seeks (the engagement, the membership). Otherwise the caller's rows of member_associations
        // (migration 0017) in association order: a page reads its own range of that index, whatever the caller's number
        // of engagements.
        var byMember = q.EngagementId is null && q.ResourceId is null;
        var sql = new StringBuilder(byMember
            ? $"{Columns} FROM member_associations ma {dialect.JoinDrivenByLeft} resource_associations a " +
              $"ON a.seq = ma.association_seq WHERE ma.catalog = @catalog AND ma.account_id = @member AND {visible}"
            : $"{Columns} FROM resource_associations a WHERE a.catalog = @catalog AND {visible} " +
              "AND EXISTS (SELECT 1 FROM engagements e JOIN engagement_members m ON m.engagement_seq = e.seq " +
              "WHERE e.catalog = a.catalog AND e.id = a.engagement_id AND m.account_id = @member)");
        AppendEquals(sql, "a.engagement_id", "engagement_id", q.EngagementId);
        if (q.OnlyWithOwnSnapshot)
        {
            // The operation's documentation (spec 03 §3): the caller must also have a snapshot of its own in the engagement.
            sql.Append(" AND EXISTS (SELECT 1 FROM resource_snapshots s " +
                "WHERE s.catalog = a.catalog AND s.engagement_id = a.engagement_id AND s.created_by = @member)");
        }
        AppendEquals(sql, "a.resource_type", "resource_type", q.ResourceType);
        AppendEquals(sql, "a.resource_id", "resource_id", q.ResourceId);
        AppendEquals(sql, "a.created_by", "created_by", q.CreatedBy);
        return AppendPage(sql, byMember ? "ma.association_seq" : "a.seq", q.After).ToString();
    }

    /// <summary>Parameters: catalog, owner, limit; engagement_id, status, after_ticks and after_id when set.</summary>
    public string Jobs(ResourceSnapshotJobQuery q)
    {
        var sql = new StringBuilder(
            $"SELECT version, doc, created_at, id FROM snapshot_jobs WHERE catalog = @catalog AND owner_account_id = @owner AND {dialect.IsFalse("deleted")}");
        AppendEquals(sql, "engagement_id", "engagement_id", q.EngagementId);
        AppendEquals(sql, "status", "status", q.Status);
        return KeysetPage.Append(sql, "created_at", "@after_ticks", q.After is not null, q.Ascending).ToString();
    }

    private static void AppendEquals(StringBuilder sql, string column, string parameter, string? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = @").Append(parameter);
        }
    }

    private static StringBuilder AppendPage(StringBuilder sql, string seqColumn, SortPosition? after)
    {
        if (after is not null)
        {
            sql.Append(" AND ").Append(seqColumn).Append(" > @after_seq");
        }
        return sql.Append(" ORDER BY ").Append(seqColumn).Append(" LIMIT @limit");
    }
}
