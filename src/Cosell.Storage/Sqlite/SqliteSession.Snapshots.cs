using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Resource snapshots and associations ------------------------------------------------------------------

    private const string SnapshotKeyWhere =
        "catalog = @catalog AND engagement_id = @engagement_id AND resource_type = @resource_type AND resource_id = @resource_id AND template = @template";

    public Task<int> GetLatestSnapshotRevisionAsync(SnapshotKey key, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var value = BindSnapshotKey(_db.Command($"SELECT COALESCE(MAX(revision), 0) FROM resource_snapshots WHERE {SnapshotKeyWhere}"), key)
                .ExecuteScalar();
            return Task.FromResult(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e)
        {
            return Task.FromException<int>(e);
        }
    }

    public Task InsertSnapshotAsync(ResourceSnapshotRecord snapshot, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            BindSnapshotKey(_db.Command(
                    "INSERT INTO resource_snapshots (catalog, engagement_id, resource_type, resource_id, template, revision, " +
                    "created_by, owner_only, doc) VALUES (@catalog, @engagement_id, @resource_type, @resource_id, @template, " +
                    "@revision, @created_by, @owner_only, @doc)"), snapshot.Key)
                .Bind("@revision", snapshot.Revision)
                .Bind("@created_by", snapshot.CreatedBy)
                .Bind("@owner_only", snapshot.OwnerOnly ? 1 : 0)
                .Bind("@doc", JsonSerializer.Serialize(snapshot, StoreJsonContext.Stored.ResourceSnapshotRecord))
                .ExecuteNonQuery();
            _db.Command(
                    "INSERT INTO resource_associations (catalog, engagement_id, resource_type, resource_id, created_by, created_at, shared) " +
                    "VALUES (@catalog, @engagement_id, @resource_type, @resource_id, @created_by, @created_at, @shared) " +
                    "ON CONFLICT (catalog, engagement_id, resource_type, resource_id) DO UPDATE SET shared = MAX(shared, excluded.shared)")
                .Bind("@catalog", snapshot.Catalog)
                .Bind("@engagement_id", snapshot.EngagementId)
                .Bind("@resource_type", snapshot.ResourceType)
                .Bind("@resource_id", snapshot.ResourceId)
                .Bind("@created_by", snapshot.CreatedBy)
                .Bind("@created_at", snapshot.CreatedAt.UtcTicks)
                .Bind("@shared", snapshot.OwnerOnly ? 0 : 1)
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<ResourceSnapshotRecord?> GetSnapshotAsync(SnapshotKey key, int? revision, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = revision is { } r
                ? BindSnapshotKey(_db.Command($"SELECT doc FROM resource_snapshots WHERE {SnapshotKeyWhere} AND revision = @revision"), key)
                    .Bind("@revision", r)
                : BindSnapshotKey(_db.Command($"SELECT doc FROM resource_snapshots WHERE {SnapshotKeyWhere} ORDER BY revision DESC LIMIT 1"), key);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? Deserialize(reader, 0, StoreJsonContext.Stored.ResourceSnapshotRecord) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<ResourceSnapshotRecord?>(e);
        }
    }

    public Task<Page<ResourceSnapshotRecord>> ListSnapshotsAsync(ResourceSnapshotQuery q, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
            var command = _db.Command(SnapshotListSql.Sqlite.Snapshots(q))
                .Bind("@catalog", q.Catalog)
                .Bind("@engagement_id", q.EngagementId)
                .Bind("@viewer", q.ViewerAccountId)
                .Bind("@limit", (long)q.Limit + 1);
            BindOptional(command, "@resource_type", q.ResourceType);
            BindOptional(command, "@resource_id", q.ResourceId);
            BindOptional(command, "@template", q.TemplateName);
            BindOptional(command, "@created_by", q.CreatedBy);
            BindOptional(command, "@after_seq", q.After?.Ticks);
            return Task.FromResult(ReadSeqPage(command, q.Limit, r => Deserialize(r, 0, StoreJsonContext.Stored.ResourceSnapshotRecord)));
        }
        catch (Exception e)
        {
            return Task.FromException<Page<ResourceSnapshotRecord>>(e);
        }
    }

    public Task<Page<ResourceAssociationRecord>> ListResourceAssociationsAsync(ResourceAssociationQuery q, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
            var command = _db.Command(SnapshotListSql.Sqlite.Associations(q))
                .Bind("@catalog", q.Catalog)
                .Bind("@member", q.MemberAccountId)
                .Bind("@limit", (long)q.Limit + 1);
            BindOptional(command, "@engagement_id", q.EngagementId);
            BindOptional(command, "@resource_type", q.ResourceType);
            BindOptional(command, "@resource_id", q.ResourceId);
            BindOptional(command, "@created_by", q.CreatedBy);
            BindOptional(command, "@after_seq", q.After?.Ticks);
            return Task.FromResult(ReadSeqPage(command, q.Limit, r => new ResourceAssociationRecord(
                q.Catalog, r.GetString(0), r.GetString(2), r.GetString(3), r.GetString(4), FromTicks(r.GetInt64(5)))));
        }
        catch (Exception e)
        {
            return Task.FromException<Page<ResourceAssociationRecord>>(e);
        }
    }

    private static SqliteCommand BindSnapshotKey(SqliteCommand command, SnapshotKey key) =>
        command.Bind("@catalog", key.Catalog)
            .Bind("@engagement_id", key.EngagementId)
            .Bind("@resource_type", key.ResourceType)
            .Bind("@resource_id", key.ResourceId)
            .Bind("@template", key.TemplateName);

    /// <summary>Reads up to <paramref name="limit"/> rows whose second column is the insertion order (seq); the query asked for one more.</summary>
    private static Page<T> ReadSeqPage<T>(SqliteCommand command, int limit, Func<SqliteDataReader, T> read)
    {
        var items = new List<T>(Math.Min(limit, 100));
        SortPosition? next = null;
        long lastSeq = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
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
