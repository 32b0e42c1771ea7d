using System.Text.Json;
using Cosell.Service.Domain;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Selling-system settings ------------------------------------------------------------------------------

    public async Task<SellingSystemSettingsRecord?> GetSellingSystemSettingsAsync(string accountId, string catalog, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await using var command = Command("SELECT doc FROM selling_system_settings WHERE account_id = $1 AND catalog = $2");
        command.Parameters.Add(Text(accountId));
        command.Parameters.Add(Text(catalog));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? Deserialize(reader.GetString(0), StoreJsonContext.Stored.SellingSystemSettingsRecord)
            : null;
    }

    public async Task PutSellingSystemSettingsAsync(SellingSystemSettingsRecord settings, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        await using var command = Command(
            "INSERT INTO selling_system_settings (account_id, catalog, doc) VALUES ($1, $2, $3) " +
            "ON CONFLICT (account_id, catalog) DO UPDATE SET doc = excluded.doc");
        command.Parameters.Add(Text(settings.AccountId));
        command.Parameters.Add(Text(settings.Catalog));
        command.Parameters.Add(Text(JsonSerializer.Serialize(settings, StoreJsonContext.Stored.SellingSystemSettingsRecord)));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
