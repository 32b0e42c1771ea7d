using System.Text;
using Cosell.Service.Ports;

namespace Cosell.Storage;

/// <summary>
/// The SQL of the three List…Tasks operations and ListProspectingFromEngagementTasks, one instance per store's dialect:
/// each list filter appears only when the query sets it (one list parameter each), and pages are keyset pages on
/// (sort key, id). Identifiers (at most ten of each) are sought through an index, the matches then sorted.
/// </summary>
internal sealed class TaskListSql(SqlDialect dialect)
{
    public static TaskListSql Sqlite { get; } = new(SqlDialect.Sqlite);

    public static TaskListSql Postgres { get; } = new(SqlDialect.Postgres);

    /// <summary>
    /// Parameters: catalog, kind, initiator, limit; after_ticks and after_id when paging; statuses, task_ids,
    /// opportunity_ids, engagement_ids, invitation_ids, context_ids (matched against both context columns) when set.
    /// </summary>
    public string Tasks(TaskQuery q)
    {
        // The index of the filter that names the fewest tasks.
        var index = q.TaskIds is not null ? "ux_tasks_catalog_kind_id"
            : q.InvitationIds is not null ? "ix_tasks_invitation"
            : q.OpportunityIds is not null ? "ix_tasks_opportunity"
            : q.EngagementIds is not null ? "ix_tasks_engagement"
            : null;
        var sql = new StringBuilder("SELECT doc, start_time, id FROM tasks")
            .Append(index is null ? "" : dialect.IndexedBy(index))
            .Append(" WHERE catalog = @catalog AND kind = @kind AND initiator_account_id = @initiator");
        AppendIn(sql, "status", "statuses", q.Statuses);
        AppendIn(sql, "id", "task_ids", q.TaskIds);
        AppendIn(sql, "opportunity_id", "opportunity_ids", q.OpportunityIds);
        AppendIn(sql, "engagement_id", "engagement_ids", q.EngagementIds);
        AppendIn(sql, "invitation_id", "invitation_ids", q.InvitationIds);
        if (q.ContextIds is not null)
        {
            // The context a task made, or the one it was started from (TaskRecord.SourceContextId).
            sql.Append(" AND (").Append(dialect.In("context_id", "@context_ids"))
                .Append(" OR ").Append(dialect.In("source_context_id", "@context_ids")).Append(')');
        }
        return KeysetPage.Append(sql, "start_time", "@after_ticks", q.After is not null, q.Ascending).ToString();
    }

    /// <summary>Whether a prospecting task list sorts on a text key (the task name) rather than a number.</summary>
    public static bool SortsOnText(ProspectingTaskQuery q) => q.SortBy == ProspectingTaskSortKey.TaskName;

    /// <summary>
    /// Parameters: catalog, initiator, limit; after_key (text when <see cref="SortsOnText"/>, else a number) and after_id
    /// when paging; task_ids, task_names, started_after, started_before when set. Columns: doc, the sort key, id.
    /// </summary>
    public string ProspectingTasks(ProspectingTaskQuery q)
    {
        var column = q.SortBy switch
        {
            ProspectingTaskSortKey.TaskName => "task_name",
            ProspectingTaskSortKey.FailedEngagementCount => dialect.Int64("failed_count"),
            _ => "start_time",
        };
        var sql = new StringBuilder($"SELECT doc, {column}, id FROM prospecting_tasks")
            .Append(q.TaskIds is not null ? dialect.IndexedBy("ux_prospecting_tasks_catalog_id") : "")
            .Append(" WHERE catalog = @catalog AND initiator_account_id = @initiator");
        AppendIn(sql, "id", "task_ids", q.TaskIds);
        AppendIn(sql, "task_name", "task_names", q.TaskNames);
        if (q.StartedAfter is not null)
        {
            sql.Append(" AND start_time > @started_after");
        }
        if (q.StartedBefore is not null)
        {
            sql.Append(" AND start_time < @started_before");
        }
        return KeysetPage.Append(sql, column, "@after_key", q.After is not null, q.Ascending).ToString();
    }

    private void AppendIn(StringBuilder sql, string column, string parameter, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            // One value as an equality, so that an index with the sort's column after it is walked in that order.
            sql.Append(" AND ").Append(dialect.In(column, "@" + parameter, oneValue: values.Count == 1));
        }
    }
}
