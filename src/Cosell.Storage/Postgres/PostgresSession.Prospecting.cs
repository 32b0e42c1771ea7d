using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Prospecting tasks ------------------------------------------------------------------------------------

    public async Task InsertProspectingTaskAsync(ProspectingTaskRecord task, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO prospecting_tasks (catalog, id, initiator_account_id, task_name, start_time, failed_count, doc) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7)");
        var p = command.Parameters;
        p.Add(Text(task.Catalog));
        p.Add(Text(task.Id));
        p.Add(Text(task.InitiatorAccountId));
        p.Add(Text(task.TaskName));
        p.Add(Int64(task.StartTime.UtcTicks));
        p.Add(new NpgsqlParameter<int> { TypedValue = task.FailedEngagementCount });
        p.Add(Text(JsonSerializer.Serialize(task, StoreJsonContext.Stored.ProspectingTaskRecord)));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<ProspectingTaskRecord?> GetProspectingTaskAsync(string catalog, string initiatorAccountId, string id, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "SELECT doc FROM prospecting_tasks WHERE catalog = $1 AND id = $2 AND initiator_account_id = $3");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Text(initiatorAccountId));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? Deserialize(reader.GetString(0), StoreJsonContext.Stored.ProspectingTaskRecord)
            : null;
    }

    public async Task<ProspectingTaskPage> ListProspectingTasksAsync(ProspectingTaskQuery q, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
        var text = TaskListSql.SortsOnText(q);
        await using var command = ListCommand(TaskListSql.Postgres.ProspectingTasks(q));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", q.Catalog));
        p.Add(PostgresText.Parameter("initiator", q.InitiatorAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)q.Limit + 1));
        BindList(command, "task_ids", q.TaskIds);
        BindList(command, "task_names", q.TaskNames);
        BindOptional(command, "started_after", q.StartedAfter?.UtcTicks);
        BindOptional(command, "started_before", q.StartedBefore?.UtcTicks);
        if (q.After is { } after)
        {
            if (text)
            {
                p.Add(PostgresText.Parameter("after_key", after.TextKey ?? ""));
            }
            else
            {
                p.Add(new NpgsqlParameter<long>("after_key", after.Key));
            }
            p.Add(PostgresText.Parameter("after_id", after.Id));
        }
        var items = new List<ProspectingTaskRecord>(Math.Min(q.Limit, 100));
        ProspectingTaskPosition? last = null, next = null;
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (items.Count == q.Limit)
                {
                    next = last;
                    break;
                }
                items.Add(Deserialize(reader.GetString(0), StoreJsonContext.Stored.ProspectingTaskRecord));
                last = text
                    ? new ProspectingTaskPosition(0, PostgresText.Restore(reader.GetString(1)), PostgresText.Restore(reader.GetString(2)))
                    : new ProspectingTaskPosition(reader.GetInt64(1), null, PostgresText.Restore(reader.GetString(2)));
            }
        }
        return new ProspectingTaskPage(items, next);
    }
}
