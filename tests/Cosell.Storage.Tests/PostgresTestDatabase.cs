using Cosell.Storage.Postgres;
using Npgsql;

namespace Cosell.Storage.Tests;

/// <summary>
/// The PostgreSQL the tests may use: the Npgsql connection string in <c>COSELL_TEST_POSTGRES</c>
/// (<c>scripts/postgres.sh start DIR</c> prints one). Without it the PostgreSQL test classes are reported skipped (<see cref="RequiresPostgresAttribute"/>).
/// Each test gets a schema of its own (<c>Search Path</c>), dropped afterwards.
/// </summary>
internal static class PostgresTestDatabase
{
    public const string Variable = "COSELL_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The connection string; classes that call this are marked <see cref="RequiresPostgresAttribute"/>.</summary>
    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException(PostgresAwareTestFramework.SkipReason);

    /// <summary>A connection string whose search path is a new, unused schema (the store creates it).</summary>
    public static (string ConnectionString, string Schema) NewSchema()
    {
        var schema = "cosell_test_" + Guid.NewGuid().ToString("N");
        var builder = new NpgsqlConnectionStringBuilder(RequireConnectionString()) { SearchPath = schema };
        return (builder.ConnectionString, schema);
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(RequireConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {PostgresMigrator.QuoteIdentifier(schema)} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one SQL statement in <paramref name="schema"/> and returns its first value.</summary>
    public static async Task<object?> ScalarAsync(string schema, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(RequireConnectionString()) { SearchPath = schema, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
