using Cosell.Service.Ports;
using Cosell.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Tests;

/// <summary>The store contract against <see cref="SqliteStore"/>, each test in its own temporary directory.</summary>
public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly string _directory = TempDirectory.Create();

    protected override async Task<IStore> CreateStoreAsync() => await SqliteStore.OpenAsync(_directory, CancellationToken.None);

    protected override async Task<IStore> ReopenStoreAsync(IStore store)
    {
        await ((SqliteStore)store).DisposeAsync();
        return await SqliteStore.OpenAsync(_directory, CancellationToken.None);
    }

    protected override Task RunSqlAsync(string sql)
    {
        var path = ((SqliteStore)Store).DatabasePath;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 5 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = WithBlobs(sql, "x'$1'");
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    protected override Task CleanupAsync()
    {
        TempDirectory.Delete(_directory);
        return Task.CompletedTask;
    }
}
