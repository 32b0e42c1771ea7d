using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

public interface IEngagementStore
{
    Task<EngagementRecord?> GetEngagementAsync(string catalog, string id, CancellationToken ct);
    Task InsertEngagementAsync(EngagementRecord engagement, CancellationToken ct);

    /// <summary>Writes the engagement if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateEngagementAsync(EngagementRecord engagement, long expectedVersion, CancellationToken ct);

    Task<Page<EngagementRecord>> ListEngagementsAsync(EngagementQuery query, CancellationToken ct);
}
