using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Tasks ------------------------------------------------------------------------------------------------

    public async Task InsertTaskAsync(TaskRecord task, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO tasks (catalog, kind, id, initiator_account_id, start_time, status, opportunity_id, " +
            "engagement_id, invitation_id, context_id, source_context_id, doc) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
        var p = command.Parameters;
        p.Add(Text(task.Catalog));
        p.Add(Text(task.Kind));
        p.Add(Text(task.Id));
        p.Add(Text(task.InitiatorAccountId));
        p.Add(Int64(task.StartTime.UtcTicks));
        p.Add(Text(task.Status.Value));
        p.Add(NullableText(task.OpportunityId));
        p.Add(NullableText(task.EngagementId));
        p.Add(NullableText(task.InvitationId));
        p.Add(NullableText(task.ContextId));
        p.Add(NullableText(task.SourceContextId));
        p.Add(Text(JsonSerializer.Serialize(task with { Version = 1 }, StoreJsonContext.Stored.TaskRecord)));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<TaskRecord?> GetTaskAsync(string catalog, string kind, string id, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command("SELECT doc FROM tasks WHERE catalog = $1 AND kind = $2 AND id = $3" + ForUpdate);
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(kind));
        command.Parameters.Add(Text(id));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? Deserialize(reader.GetString(0), StoreJsonContext.Stored.TaskRecord)
            : null;
    }

    public async Task<Page<TaskRecord>> ListTasksAsync(TaskQuery q, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
        await using var command = ListCommand(TaskListSql.Postgres.Tasks(q));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", q.Catalog));
        p.Add(PostgresText.Parameter("kind", q.Kind));
        p.Add(PostgresText.Parameter("initiator", q.InitiatorAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)q.Limit + 1));
        BindAfter(command, q.After);
        BindList(command, "statuses", q.Statuses);
        BindList(command, "task_ids", q.TaskIds);
        BindList(command, "opportunity_ids", q.OpportunityIds);
        BindList(command, "engagement_ids", q.EngagementIds);
        BindList(command, "invitation_ids", q.InvitationIds);
        BindList(command, "context_ids", q.ContextIds);
        return await ReadPageAsync(command, q.Limit, 1,
            r => Deserialize(r.GetString(0), StoreJsonContext.Stored.TaskRecord), ct).ConfigureAwait(false);
    }
}
