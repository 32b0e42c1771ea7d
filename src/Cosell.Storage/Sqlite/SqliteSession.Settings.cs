using System.Text.Json;
using Cosell.Service.Domain;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Selling-system settings ------------------------------------------------------------------------------

    public Task<SellingSystemSettingsRecord?> GetSellingSystemSettingsAsync(string accountId, string catalog, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command("SELECT doc FROM selling_system_settings WHERE account_id = @account_id AND catalog = @catalog")
                .Bind("@account_id", accountId)
                .Bind("@catalog", catalog);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? Deserialize(reader, 0, StoreJsonContext.Stored.SellingSystemSettingsRecord) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<SellingSystemSettingsRecord?>(e);
        }
    }

    public Task PutSellingSystemSettingsAsync(SellingSystemSettingsRecord settings, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            _db.Command(
                    "INSERT INTO selling_system_settings (account_id, catalog, doc) VALUES (@account_id, @catalog, @doc) " +
                    "ON CONFLICT (account_id, catalog) DO UPDATE SET doc = excluded.doc")
                .Bind("@account_id", settings.AccountId)
                .Bind("@catalog", settings.Catalog)
                .Bind("@doc", JsonSerializer.Serialize(settings, StoreJsonContext.Stored.SellingSystemSettingsRecord))
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }
}
