using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>
/// Resource snapshots, keyed by (catalog, engagement, resource type, resource, template, revision), and the
/// engagement↔resource associations their first snapshot makes. Read access is the caller's business (membership is
/// checked on the engagement); the listings take the viewer only to hide owner-only snapshots from other members.
/// </summary>
public interface IResourceSnapshotStore
{
    /// <summary>The highest revision stored under the key; 0 when there is none.</summary>
    Task<int> GetLatestSnapshotRevisionAsync(SnapshotKey key, CancellationToken ct);

    /// <summary>
    /// Stores a snapshot (its revision must be one above the latest) and, the first time a resource is snapshotted in an
    /// engagement, the association; an association made by owner-only snapshots becomes visible to every member once a
    /// snapshot that is not owner-only is stored.
    /// </summary>
    Task InsertSnapshotAsync(ResourceSnapshotRecord snapshot, CancellationToken ct);

    /// <summary>The given revision, or the latest when <paramref name="revision"/> is null; null when there is none.</summary>
    Task<ResourceSnapshotRecord?> GetSnapshotAsync(SnapshotKey key, int? revision, CancellationToken ct);

    /// <summary>Snapshots of one engagement in the order they were taken.</summary>
    Task<Page<ResourceSnapshotRecord>> ListSnapshotsAsync(ResourceSnapshotQuery query, CancellationToken ct);

    /// <summary>Associations in the engagements where <see cref="ResourceAssociationQuery.MemberAccountId"/> is a member, in the order they were made.</summary>
    Task<Page<ResourceAssociationRecord>> ListResourceAssociationsAsync(ResourceAssociationQuery query, CancellationToken ct);
}

/// <summary>
/// Snapshots of one engagement; null filters match everything. Owner-only snapshots of other creators than
/// <see cref="ViewerAccountId"/> are left out. Positions are the store's insertion order (<see cref="SortPosition.Ticks"/>).
/// </summary>
public sealed record ResourceSnapshotQuery(
    string Catalog,
    string EngagementId,
    string ViewerAccountId,
    string? ResourceType,
    string? ResourceId,
    string? TemplateName,
    string? CreatedBy,
    SortPosition? After,
    int Limit);

/// <summary>
/// Associations of the engagements the member belongs to now; null filters match everything. One made only by owner-only
/// snapshots is listed to its creator alone. Positions are the store's insertion order.
/// </summary>
public sealed record ResourceAssociationQuery(
    string Catalog,
    string MemberAccountId,
    string? EngagementId,
    string? ResourceType,
    string? ResourceId,
    string? CreatedBy,
    SortPosition? After,
    int Limit,
    bool OnlyWithOwnSnapshot = true);
