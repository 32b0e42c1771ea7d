using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Prospecting tasks ------------------------------------------------------------------------------------

    public Task InsertProspectingTaskAsync(ProspectingTaskRecord task, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            _db.Command(
                    "INSERT INTO prospecting_tasks (catalog, id, initiator_account_id, task_name, start_time, failed_count, doc) " +
                    "VALUES (@catalog, @id, @initiator, @task_name, @start_time, @failed_count, @doc)")
                .Bind("@catalog", task.Catalog)
                .Bind("@id", task.Id)
                .Bind("@initiator", task.InitiatorAccountId)
                .Bind("@task_name", task.TaskName)
                .Bind("@start_time", task.StartTime.UtcTicks)
                .Bind("@failed_count", task.FailedEngagementCount)
                .Bind("@doc", JsonSerializer.Serialize(task, StoreJsonContext.Stored.ProspectingTaskRecord))
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<ProspectingTaskRecord?> GetProspectingTaskAsync(string catalog, string initiatorAccountId, string id, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT doc FROM prospecting_tasks WHERE catalog = @catalog AND id = @id AND initiator_account_id = @initiator")
                .Bind("@catalog", catalog)
                .Bind("@id", id)
                .Bind("@initiator", initiatorAccountId);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? Deserialize(reader, 0, StoreJsonContext.Stored.ProspectingTaskRecord) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<ProspectingTaskRecord?>(e);
        }
    }

    public Task<ProspectingTaskPage> ListProspectingTasksAsync(ProspectingTaskQuery q, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
            var text = TaskListSql.SortsOnText(q);
            var command = _db.Command(TaskListSql.Sqlite.ProspectingTasks(q))
                .Bind("@catalog", q.Catalog)
                .Bind("@initiator", q.InitiatorAccountId)
                .Bind("@limit", (long)q.Limit + 1);
            BindTaskFilter(command, "@task_ids", q.TaskIds);
            BindTaskFilter(command, "@task_names", q.TaskNames);
            BindOptional(command, "@started_after", q.StartedAfter?.UtcTicks);
            BindOptional(command, "@started_before", q.StartedBefore?.UtcTicks);
            if (q.After is { } after)
            {
                command.Bind("@after_key", text ? after.TextKey ?? "" : after.Key).Bind("@after_id", after.Id);
            }
            var items = new List<ProspectingTaskRecord>(Math.Min(q.Limit, 100));
            ProspectingTaskPosition? last = null, next = null;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (items.Count == q.Limit)
                    {
                        next = last;
                        break;
                    }
                    items.Add(Deserialize(reader, 0, StoreJsonContext.Stored.ProspectingTaskRecord));
                    last = text
                        ? new ProspectingTaskPosition(0, reader.GetString(1), reader.GetString(2))
                        : new ProspectingTaskPosition(reader.GetInt64(1), null, reader.GetString(2));
                }
            }
            return Task.FromResult(new ProspectingTaskPage(items, next));
        }
        catch (Exception e)
        {
            return Task.FromException<ProspectingTaskPage>(e);
        }
    }
}
