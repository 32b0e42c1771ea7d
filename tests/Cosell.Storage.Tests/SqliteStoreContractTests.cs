using Cosell.Service.Ports;
using Cosell.Storage.Sqlite;

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

    protected override Task CleanupAsync()
    {
        TempDirectory.Delete(_directory);
        return Task.CompletedTask;
    }
}
