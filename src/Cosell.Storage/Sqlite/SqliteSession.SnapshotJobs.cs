using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Resource snapshot jobs -------------------------------------------------------------------------------

    public Task InsertSnapshotJobAsync(ResourceSnapshotJobRecord job, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            BindSnapshotJob(_db.Command(
                    "INSERT INTO snapshot_jobs (catalog, id, owner_account_id, engagement_id, resource_type, resource_id, template, " +
                    "status, created_at, deleted, version, doc) VALUES (@catalog, @id, @owner, @engagement_id, @resource_type, " +
                    "@resource_id, @template, @status, @created_at, @deleted, 1, @doc)"), job with { Version = 1 })
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<ResourceSnapshotJobRecord?> GetSnapshotJobAsync(string catalog, string ownerAccountId, string id, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command("SELECT version, doc FROM snapshot_jobs WHERE catalog = @catalog AND id = @id AND owner_account_id = @owner")
                .Bind("@catalog", catalog)
                .Bind("@id", id)
                .Bind("@owner", ownerAccountId);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadSnapshotJob(reader) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<ResourceSnapshotJobRecord?>(e);
        }
    }

    public Task<bool> UpdateSnapshotJobAsync(ResourceSnapshotJobRecord job, long expectedVersion, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var changed = BindSnapshotJob(_db.Command(
                    "UPDATE snapshot_jobs SET engagement_id = @engagement_id, resource_type = @resource_type, resource_id = @resource_id, " +
                    "template = @template, status = @status, created_at = @created_at, deleted = @deleted, version = @expected + 1, doc = @doc " +
                    "WHERE catalog = @catalog AND id = @id AND owner_account_id = @owner AND version = @expected"),
                    job with { Version = expectedVersion + 1 })
                .Bind("@expected", expectedVersion)
                .ExecuteNonQuery();
            return Task.FromResult(changed == 1);
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }

    public Task<ResourceSnapshotJobRecord?> FindSnapshotJobAsync(SnapshotKey key, string ownerAccountId, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = BindSnapshotKey(_db.Command(
                    $"SELECT version, doc FROM snapshot_jobs WHERE {SnapshotKeyWhere} AND owner_account_id = @owner AND deleted = 0 " +
                    "ORDER BY seq LIMIT 1"), key)
                .Bind("@owner", ownerAccountId);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadSnapshotJob(reader) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<ResourceSnapshotJobRecord?>(e);
        }
    }

    public Task<IReadOnlyList<ResourceSnapshotJobRecord>> ListRunningSnapshotJobsAsync(
        string catalog, string ownerAccountId, string resourceType, string resourceId, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT version, doc FROM snapshot_jobs WHERE catalog = @catalog AND owner_account_id = @owner " +
                    "AND resource_type = @resource_type AND resource_id = @resource_id AND status = 'Running' AND deleted = 0 ORDER BY seq")
                .Bind("@catalog", catalog)
                .Bind("@owner", ownerAccountId)
                .Bind("@resource_type", resourceType)
                .Bind("@resource_id", resourceId);
            var jobs = new List<ResourceSnapshotJobRecord>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    jobs.Add(ReadSnapshotJob(reader));
                }
            }
            return Task.FromResult<IReadOnlyList<ResourceSnapshotJobRecord>>(jobs);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<ResourceSnapshotJobRecord>>(e);
        }
    }

    public Task<Page<ResourceSnapshotJobRecord>> ListSnapshotJobsAsync(ResourceSnapshotJobQuery q, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
            var command = _db.Command(SnapshotListSql.Sqlite.Jobs(q))
                .Bind("@catalog", q.Catalog)
                .Bind("@owner", q.OwnerAccountId)
                .Bind("@limit", (long)q.Limit + 1);
            BindOptional(command, "@engagement_id", q.EngagementId);
            BindOptional(command, "@status", q.Status);
            BindAfter(command, q.After);
            return Task.FromResult(ReadPage(command, q.Limit, ReadSnapshotJob));
        }
        catch (Exception e)
        {
            return Task.FromException<Page<ResourceSnapshotJobRecord>>(e);
        }
    }

    private static SqliteCommand BindSnapshotJob(SqliteCommand command, ResourceSnapshotJobRecord job) =>
        command.Bind("@catalog", job.Catalog)
            .Bind("@id", job.Id)
            .Bind("@owner", job.OwnerAccountId)
            .Bind("@engagement_id", job.EngagementId)
            .Bind("@resource_type", job.ResourceType)
            .Bind("@resource_id", job.ResourceId)
            .Bind("@template", job.TemplateName)
            .Bind("@status", job.Status.Value)
            .Bind("@created_at", job.CreatedAt.UtcTicks)
            .Bind("@deleted", job.Deleted ? 1 : 0)
            .Bind("@doc", JsonSerializer.Serialize(job, StoreJsonContext.Stored.ResourceSnapshotJobRecord));

    private static ResourceSnapshotJobRecord ReadSnapshotJob(SqliteDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader, 1, StoreJsonContext.Stored.ResourceSnapshotJobRecord);
        return record.Version == version ? record : record with { Version = version };
    }
}
