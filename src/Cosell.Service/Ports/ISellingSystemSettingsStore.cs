using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>Selling-system settings, one row per (account, catalog).</summary>
public interface ISellingSystemSettingsStore
{
    /// <summary>The settings last put; null when the account never put any in the catalog.</summary>
    Task<SellingSystemSettingsRecord?> GetSellingSystemSettingsAsync(string accountId, string catalog, CancellationToken ct);

    /// <summary>Replaces (or creates) the account's settings in the catalog.</summary>
    Task PutSellingSystemSettingsAsync(SellingSystemSettingsRecord settings, CancellationToken ct);
}
