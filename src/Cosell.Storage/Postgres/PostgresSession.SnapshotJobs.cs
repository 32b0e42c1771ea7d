using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Resource snapshot jobs -------------------------------------------------------------------------------

    public async Task InsertSnapshotJobAsync(ResourceSnapshotJobRecord job, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO snapshot_jobs (catalog, id, owner_account_id, engagement_id, resource_type, resource_id, template, status, " +
            "created_at, deleted, version, doc) VALUES (@catalog, @id, @owner, @engagement_id, @resource_type, @resource_id, " +
            "@template, @status, @created_at, @deleted, 1, @doc)");
        BindSnapshotJob(command, job with { Version = 1 });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshotJobRecord?> GetSnapshotJobAsync(string catalog, string ownerAccountId, string id, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            // No row lock: jobs are written with a version check and re-read on a conflict (ResourceSnapshotJobs), so that
            // a job's row is always locked after its opportunity's and engagement's.
            "SELECT version, doc FROM snapshot_jobs WHERE catalog = $1 AND id = $2 AND owner_account_id = $3");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Text(ownerAccountId));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadSnapshotJob(reader) : null;
    }

    public async Task<bool> UpdateSnapshotJobAsync(ResourceSnapshotJobRecord job, long expectedVersion, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "UPDATE snapshot_jobs SET engagement_id = @engagement_id, resource_type = @resource_type, resource_id = @resource_id, " +
            "template = @template, status = @status, created_at = @created_at, deleted = @deleted, version = @expected + 1, doc = @doc " +
            "WHERE catalog = @catalog AND id = @id AND owner_account_id = @owner AND version = @expected");
        BindSnapshotJob(command, job with { Version = expectedVersion + 1 });
        command.Parameters.Add(new NpgsqlParameter<long>("expected", expectedVersion));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<ResourceSnapshotJobRecord?> FindSnapshotJobAsync(SnapshotKey key, string ownerAccountId, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        if (_write)
        {
            // Two requests creating the job of one key queue here, so the second one finds the first one's job.
            await using var lockKey = Command("SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0))");
            lockKey.Parameters.Add(PostgresText.Parameter("lock",
                $"snapshot-job|{ownerAccountId}|{key.Catalog}|{key.EngagementId}|{key.ResourceType}|{key.ResourceId}|{key.TemplateName}"));
            await lockKey.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var command = Command(
            $"SELECT version, doc FROM snapshot_jobs WHERE {SnapshotKeyWhere} AND owner_account_id = @owner AND NOT deleted ORDER BY seq LIMIT 1");
        BindSnapshotKey(command, key);
        command.Parameters.Add(PostgresText.Parameter("owner", ownerAccountId));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadSnapshotJob(reader) : null;
    }

    public async Task<IReadOnlyList<ResourceSnapshotJobRecord>> ListRunningSnapshotJobsAsync(
        string catalog, string ownerAccountId, string resourceType, string resourceId, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "SELECT version, doc FROM snapshot_jobs WHERE catalog = $1 AND owner_account_id = $2 AND resource_type = $3 " +
            "AND resource_id = $4 AND status = 'Running' AND NOT deleted ORDER BY seq");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(ownerAccountId));
        command.Parameters.Add(Text(resourceType));
        command.Parameters.Add(Text(resourceId));
        var jobs = new List<ResourceSnapshotJobRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            jobs.Add(ReadSnapshotJob(reader));
        }
        return jobs;
    }

    public async Task<Page<ResourceSnapshotJobRecord>> ListSnapshotJobsAsync(ResourceSnapshotJobQuery q, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
        await using var command = ListCommand(SnapshotListSql.Postgres.Jobs(q));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", q.Catalog));
        p.Add(PostgresText.Parameter("owner", q.OwnerAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)q.Limit + 1));
        BindOptional(command, "engagement_id", q.EngagementId);
        BindOptional(command, "status", q.Status);
        BindAfter(command, q.After);
        return await ReadPageAsync(command, q.Limit, 2, ReadSnapshotJob, ct).ConfigureAwait(false);
    }

    private static void BindSnapshotJob(NpgsqlCommand command, ResourceSnapshotJobRecord job)
    {
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", job.Catalog));
        p.Add(PostgresText.Parameter("id", job.Id));
        p.Add(PostgresText.Parameter("owner", job.OwnerAccountId));
        p.Add(PostgresText.Parameter("engagement_id", job.EngagementId));
        p.Add(PostgresText.Parameter("resource_type", job.ResourceType));
        p.Add(PostgresText.Parameter("resource_id", job.ResourceId));
        p.Add(PostgresText.Parameter("template", job.TemplateName));
        p.Add(PostgresText.Parameter("status", job.Status.Value));
        p.Add(new NpgsqlParameter<long>("created_at", job.CreatedAt.UtcTicks));
        p.Add(new NpgsqlParameter<bool>("deleted", job.Deleted));
        p.Add(PostgresText.Parameter("doc", JsonSerializer.Serialize(job, StoreJsonContext.Stored.ResourceSnapshotJobRecord)));
    }

    private static ResourceSnapshotJobRecord ReadSnapshotJob(NpgsqlDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader.GetString(1), StoreJsonContext.Stored.ResourceSnapshotJobRecord);
        return record.Version == version ? record : record with { Version = version };
    }
}
