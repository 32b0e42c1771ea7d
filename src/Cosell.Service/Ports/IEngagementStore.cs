using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

public interface IEngagementStore
{
    Task<EngagementRecord?> GetEngagementAsync(string catalog, string id, CancellationToken ct);
    /// <summary>
    /// The account ids of an engagement's members in join order, at most <paramref name="limit"/>, without reading its
    /// document (empty when the engagement does not exist).
    /// </summary>
    Task<IReadOnlyList<string>> ListEngagementMemberIdsAsync(string catalog, string id, int limit, CancellationToken ct);

    Task InsertEngagementAsync(EngagementRecord engagement, CancellationToken ct);

    /// <summary>Writes the engagement if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateEngagementAsync(EngagementRecord engagement, long expectedVersion, CancellationToken ct);

    Task<Page<EngagementRecord>> ListEngagementsAsync(EngagementQuery query, CancellationToken ct);
}
