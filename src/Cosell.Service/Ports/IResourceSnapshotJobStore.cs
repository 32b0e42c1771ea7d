using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>
/// Resource snapshot jobs, keyed by (catalog, owner account, id): another account's job is simply not there. Deleted jobs
/// stay as tombstones that <see cref="GetSnapshotJobAsync"/> returns and every other read skips.
/// </summary>
public interface IResourceSnapshotJobStore
{
    /// <summary>Stores a new job with Version 1 (whatever the record says).</summary>
    Task InsertSnapshotJobAsync(ResourceSnapshotJobRecord job, CancellationToken ct);

    /// <summary>The owner's job, deleted or not; null when the owner has none with this id.</summary>
    Task<ResourceSnapshotJobRecord?> GetSnapshotJobAsync(string catalog, string ownerAccountId, string id, CancellationToken ct);

    /// <summary>Writes the job if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateSnapshotJobAsync(ResourceSnapshotJobRecord job, long expectedVersion, CancellationToken ct);

    /// <summary>The owner's job (not deleted) for the snapshot key; null when there is none.</summary>
    Task<ResourceSnapshotJobRecord?> FindSnapshotJobAsync(SnapshotKey key, string ownerAccountId, CancellationToken ct);

    /// <summary>The owner's Running jobs on one resource, in creation order (what a change of the resource sets off).</summary>
    Task<IReadOnlyList<ResourceSnapshotJobRecord>> ListRunningSnapshotJobsAsync(
        string catalog, string ownerAccountId, string resourceType, string resourceId, CancellationToken ct);

    /// <summary>The owner's jobs (not deleted), filtered; sorted by CreatedAt then id.</summary>
    Task<Page<ResourceSnapshotJobRecord>> ListSnapshotJobsAsync(ResourceSnapshotJobQuery query, CancellationToken ct);
}

public sealed record ResourceSnapshotJobQuery(
    string Catalog,
    string OwnerAccountId,
    string? EngagementId,
    string? Status,
    bool Ascending,
    SortPosition? After,
    int Limit);
