using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Tasks ------------------------------------------------------------------------------------------------

    public Task InsertTaskAsync(TaskRecord task, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            _db.Command(
                    "INSERT INTO tasks (catalog, kind, id, initiator_account_id, start_time, status, opportunity_id, " +
                    "engagement_id, invitation_id, context_id, source_context_id, doc) VALUES (@catalog, @kind, @id, " +
                    "@initiator, @start, @status, @opportunity_id, @engagement_id, @invitation_id, @context_id, " +
                    "@source_context_id, @doc)")
                .Bind("@catalog", task.Catalog)
                .Bind("@kind", task.Kind)
                .Bind("@id", task.Id)
                .Bind("@initiator", task.InitiatorAccountId)
                .Bind("@start", task.StartTime.UtcTicks)
                .Bind("@status", task.Status.Value)
                .Bind("@opportunity_id", (object?)task.OpportunityId ?? DBNull.Value)
                .Bind("@engagement_id", (object?)task.EngagementId ?? DBNull.Value)
                .Bind("@invitation_id", (object?)task.InvitationId ?? DBNull.Value)
                .Bind("@context_id", (object?)task.ContextId ?? DBNull.Value)
                .Bind("@source_context_id", (object?)task.SourceContextId ?? DBNull.Value)
                .Bind("@doc", JsonSerializer.Serialize(task with { Version = 1 }, StoreJsonContext.Stored.TaskRecord))
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<TaskRecord?> GetTaskAsync(string catalog, string kind, string id, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command("SELECT doc FROM tasks WHERE catalog = @catalog AND kind = @kind AND id = @id")
                .Bind("@catalog", catalog)
                .Bind("@kind", kind)
                .Bind("@id", id);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? Deserialize(reader, 0, StoreJsonContext.Stored.TaskRecord) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<TaskRecord?>(e);
        }
    }

    public Task<Page<TaskRecord>> ListTasksAsync(TaskQuery q, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(TaskListSql.Sqlite.Tasks(q))
                .Bind("@catalog", q.Catalog)
                .Bind("@kind", q.Kind)
                .Bind("@initiator", q.InitiatorAccountId)
                .Bind("@limit", q.Limit + 1);
            if (q.After is not null)
            {
                command.Bind("@after_ticks", q.After.Ticks).Bind("@after_id", q.After.Id);
            }
            BindTaskFilter(command, "@statuses", q.Statuses);
            BindTaskFilter(command, "@task_ids", q.TaskIds);
            BindTaskFilter(command, "@opportunity_ids", q.OpportunityIds);
            BindTaskFilter(command, "@engagement_ids", q.EngagementIds);
            BindTaskFilter(command, "@invitation_ids", q.InvitationIds);
            BindTaskFilter(command, "@context_ids", q.ContextIds);

            var items = new List<TaskRecord>();
            SortPosition? last = null;
            var more = false;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (items.Count == q.Limit)
                    {
                        more = true;
                        break;
                    }
                    items.Add(Deserialize(reader, 0, StoreJsonContext.Stored.TaskRecord));
                    last = new SortPosition(reader.GetInt64(1), reader.GetString(2));
                }
            }
            return Task.FromResult(new Page<TaskRecord>(items, more ? last : null));
        }
        catch (Exception e)
        {
            return Task.FromException<Page<TaskRecord>>(e);
        }
    }

    private static void BindTaskFilter(SqliteCommand command, string parameter, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            command.Bind(parameter, JsonSerializer.Serialize(values, StoreJsonContext.Stored.IReadOnlyListString));
        }
    }
}
