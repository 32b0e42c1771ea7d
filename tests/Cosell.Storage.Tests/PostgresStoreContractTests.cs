using Cosell.Service.Ports;
using Cosell.Storage.Postgres;

namespace Cosell.Storage.Tests;

/// <summary>
/// The store contract against <see cref="PostgresStore"/>, each test in its own schema of the database named by
/// <c>COSELL_TEST_POSTGRES</c>; skipped without it.
/// </summary>
[RequiresPostgres]
public sealed class PostgresStoreContractTests : StoreContract
{
    private readonly (string ConnectionString, string Schema)? _target =
        PostgresTestDatabase.ConnectionString is null ? null : PostgresTestDatabase.NewSchema();

    protected override async Task<IStore> CreateStoreAsync() =>
        await PostgresStore.OpenAsync(_target!.Value.ConnectionString, CancellationToken.None);

    protected override async Task<IStore> ReopenStoreAsync(IStore store)
    {
        await ((PostgresStore)store).DisposeAsync();
        return await PostgresStore.OpenAsync(_target!.Value.ConnectionString, CancellationToken.None);
    }

    protected override Task RunSqlAsync(string sql) =>
        PostgresTestDatabase.ScalarAsync(_target!.Value.Schema, WithBlobs(sql, @"'\x$1'"));

    protected override async Task CleanupAsync()
    {
        if (_target is { } target)
        {
            await PostgresTestDatabase.DropSchemaAsync(target.Schema);
        }
    }
}
