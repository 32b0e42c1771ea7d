using Cosell.Service.Ports;
using Cosell.Storage.Postgres;
using Cosell.Storage.Sqlite;
using Npgsql;

namespace Cosell.Bench.Servers;

/// <summary>Where a Cosell under test keeps its data: a SQLite folder, or a schema of its own in a PostgreSQL database.</summary>
internal abstract class BenchStore
{
    public abstract string Kind { get; }

    /// <summary>The store itself, for seeding through the store port (close it before the server starts).</summary>
    public abstract Task<IStore> OpenAsync(CancellationToken ct);

    /// <summary>What <c>cosell serve</c> is told about the store: arguments, and environment variables.</summary>
    public abstract IReadOnlyList<string> ServeArguments { get; }

    public virtual IReadOnlyDictionary<string, string> ServeEnvironment { get; } = new Dictionary<string, string>();

    public abstract Task DeleteAsync(CancellationToken ct);

    public static async Task CloseAsync(IStore store)
    {
        if (store is IAsyncDisposable d)
        {
            await d.DisposeAsync().ConfigureAwait(false);
        }
    }
}

internal sealed class SqliteBenchStore(string directory) : BenchStore
{
    public string Directory { get; } = directory;

    public override string Kind => "sqlite";

    public override async Task<IStore> OpenAsync(CancellationToken ct) => await SqliteStore.OpenAsync(Directory, ct).ConfigureAwait(false);

    public override IReadOnlyList<string> ServeArguments => ["--data", Directory];

    public bool Exists => File.Exists(Path.Combine(Directory, SqliteStore.FileName));

    public override Task DeleteAsync(CancellationToken ct)
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return Task.CompletedTask;
    }
}

/// <summary>A schema of its own (<c>Search Path</c>) in the database the connection string names; dropped by <see cref="DeleteAsync"/>.</summary>
internal sealed class PostgresBenchStore(string connectionString, string schema) : BenchStore
{
    public string Schema { get; } = schema;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString();

    public override string Kind => "postgresql";

    public override async Task<IStore> OpenAsync(CancellationToken ct) => await PostgresStore.OpenAsync(ConnectionString, ct).ConfigureAwait(false);

    /// <summary>The connection string goes in COSELL_STORE, so that its password does not show in the process list.</summary>
    public override IReadOnlyList<string> ServeArguments => [];

    public override IReadOnlyDictionary<string, string> ServeEnvironment => new Dictionary<string, string> { ["COSELL_STORE"] = ConnectionString };

    public async Task<bool> ExistsAsync(string markerTable, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", $"{Schema}.{markerTable}");
        return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task MarkAsync(string markerTable, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE TABLE IF NOT EXISTS \"{Schema}\".\"{markerTable}\" (done int); ANALYZE", connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Statistics for what was just seeded. Without them the first queries are planned for empty tables (a join that scans
    /// every member row), and whether autovacuum's ANALYZE came before the measured window decided the figure: the
    /// PostgreSQL get measured 280 req/s in some runs and 4,600 in others.
    /// </summary>
    public async Task AnalyzeAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public override async Task DeleteAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
