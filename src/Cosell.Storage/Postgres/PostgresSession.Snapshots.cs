using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Resource snapshots and associations ------------------------------------------------------------------

    private const string SnapshotKeyWhere =
        "catalog = @catalog AND engagement_id = @engagement_id AND resource_type = @resource_type AND resource_id = @resource_id AND template = @template";

    public async Task<int> GetLatestSnapshotRevisionAsync(SnapshotKey key, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        if (_write)
        {
            // Two writers taking the next revision of one key queue here, as SQLite's single writer would queue them.
            await using var lockKey = Command("SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0))");
            lockKey.Parameters.Add(PostgresText.Parameter("lock",
                $"snapshot|{key.Catalog}|{key.EngagementId}|{key.ResourceType}|{key.ResourceId}|{key.TemplateName}"));
            await lockKey.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var command = Command($"SELECT COALESCE(MAX(revision), 0) FROM resource_snapshots WHERE {SnapshotKeyWhere}");
        BindSnapshotKey(command, key);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task InsertSnapshotAsync(ResourceSnapshotRecord snapshot, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using (var command = Command(
            "INSERT INTO resource_snapshots (catalog, engagement_id, resource_type, resource_id, template, revision, created_by, " +
            "owner_only, doc) VALUES (@catalog, @engagement_id, @resource_type, @resource_id, @template, @revision, @created_by, " +
            "@owner_only, @doc)"))
        {
            BindSnapshotKey(command, snapshot.Key);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<int>("revision", snapshot.Revision));
            p.Add(PostgresText.Parameter("created_by", snapshot.CreatedBy));
            p.Add(new NpgsqlParameter<bool>("owner_only", snapshot.OwnerOnly));
            p.Add(PostgresText.Parameter("doc", JsonSerializer.Serialize(snapshot, StoreJsonContext.Stored.ResourceSnapshotRecord)));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var association = Command(
            "INSERT INTO resource_associations (catalog, engagement_id, resource_type, resource_id, created_by, created_at, shared) " +
            "VALUES (@catalog, @engagement_id, @resource_type, @resource_id, @created_by, @created_at, @shared) " +
            "ON CONFLICT (catalog, engagement_id, resource_type, resource_id) " +
            "DO UPDATE SET shared = resource_associations.shared OR excluded.shared");
        var a = association.Parameters;
        a.Add(PostgresText.Parameter("catalog", snapshot.Catalog));
        a.Add(PostgresText.Parameter("engagement_id", snapshot.EngagementId));
        a.Add(PostgresText.Parameter("resource_type", snapshot.ResourceType));
        a.Add(PostgresText.Parameter("resource_id", snapshot.ResourceId));
        a.Add(PostgresText.Parameter("created_by", snapshot.CreatedBy));
        a.Add(new NpgsqlParameter<long>("created_at", snapshot.CreatedAt.UtcTicks));
        a.Add(new NpgsqlParameter<bool>("shared", !snapshot.OwnerOnly));
        await association.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshotRecord?> GetSnapshotAsync(SnapshotKey key, int? revision, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command(revision is null
            ? $"SELECT doc FROM resource_snapshots WHERE {SnapshotKeyWhere} ORDER BY revision DESC LIMIT 1"
            : $"SELECT doc FROM resource_snapshots WHERE {SnapshotKeyWhere} AND revision = @revision");
        BindSnapshotKey(command, key);
        if (revision is { } r)
        {
            command.Parameters.Add(new NpgsqlParameter<int>("revision", r));
        }
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? Deserialize(reader.GetString(0), StoreJsonContext.Stored.ResourceSnapshotRecord)
            : null;
    }

    public async Task<Page<ResourceSnapshotRecord>> ListSnapshotsAsync(ResourceSnapshotQuery q, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
        await using var command = ListCommand(SnapshotListSql.Postgres.Snapshots(q));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", q.Catalog));
        p.Add(PostgresText.Parameter("engagement_id", q.EngagementId));
        p.Add(PostgresText.Parameter("viewer", q.ViewerAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)q.Limit + 1));
        BindOptional(command, "resource_type", q.ResourceType);
        BindOptional(command, "resource_id", q.ResourceId);
        BindOptional(command, "template", q.TemplateName);
        BindOptional(command, "created_by", q.CreatedBy);
        BindOptional(command, "after_seq", q.After?.Ticks);
        return await ReadSeqPageAsync(command, q.Limit,
            r => Deserialize(r.GetString(0), StoreJsonContext.Stored.ResourceSnapshotRecord), ct).ConfigureAwait(false);
    }

    public async Task<Page<ResourceAssociationRecord>> ListResourceAssociationsAsync(ResourceAssociationQuery q, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
        await using var command = ListCommand(SnapshotListSql.Postgres.Associations(q));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", q.Catalog));
        p.Add(PostgresText.Parameter("member", q.MemberAccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)q.Limit + 1));
        BindOptional(command, "engagement_id", q.EngagementId);
        BindOptional(command, "resource_type", q.ResourceType);
        BindOptional(command, "resource_id", q.ResourceId);
        BindOptional(command, "created_by", q.CreatedBy);
        BindOptional(command, "after_seq", q.After?.Ticks);
        return await ReadSeqPageAsync(command, q.Limit, r => new ResourceAssociationRecord(
            q.Catalog, r.GetString(0), r.GetString(2), r.GetString(3), r.GetString(4), FromTicks(r.GetInt64(5))), ct).ConfigureAwait(false);
    }

    private static void BindSnapshotKey(NpgsqlCommand command, SnapshotKey key)
    {
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", key.Catalog));
        p.Add(PostgresText.Parameter("engagement_id", key.EngagementId));
        p.Add(PostgresText.Parameter("resource_type", key.ResourceType));
        p.Add(PostgresText.Parameter("resource_id", key.ResourceId));
        p.Add(PostgresText.Parameter("template", key.TemplateName));
    }

    /// <summary>Reads up to <paramref name="limit"/> rows whose second column is the insertion order (seq); the query asked for one more.</summary>
    private static async Task<Page<T>> ReadSeqPageAsync<T>(NpgsqlCommand command, int limit, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var items = new List<T>(Math.Min(limit, 100));
        SortPosition? next = null;
        long lastSeq = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (items.Count == limit)
                {
                    next = new SortPosition(lastSeq, "");
                    break;
                }
                items.Add(read(reader));
                lastSeq = reader.GetInt64(1);
            }
        }
        return new Page<T>(items, next);
    }
}
