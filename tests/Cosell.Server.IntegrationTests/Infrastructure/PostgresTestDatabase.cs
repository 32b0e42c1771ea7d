using Npgsql;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// When <c>COSELL_TEST_POSTGRES</c> holds an Npgsql connection string (<c>scripts/postgres.sh start DIR</c> prints one),
/// each <see cref="CosellServer"/> runs on PostgreSQL in a database of its own, created here and dropped afterwards;
/// otherwise on SQLite. The role needs CREATEDB.
/// </summary>
public static class PostgresTestDatabase
{
    public const string Variable = "COSELL_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Creates an empty database; returns its name and the connection string that uses it.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateAsync(string baseConnectionString)
    {
        var name = "cosell_it_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(baseConnectionString, $"CREATE DATABASE \"{name}\"");
        var builder = new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = name };
        return (name, builder.ConnectionString);
    }

    /// <summary>
    /// Drops the database, closing whatever connections are still open on it. Fixtures end concurrently, and PostgreSQL
    /// can refuse one DROP DATABASE while another database is being created or dropped: it is tried again a few times,
    /// then left behind (the test cluster is thrown away) with a line on stderr, rather than failing the run.
    /// </summary>
    public static async Task DropAsync(string baseConnectionString, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(baseConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (attempt < 5)
            {
                Console.Error.WriteLine($"DROP DATABASE {name}, attempt {attempt}: {e.SqlState} {e.MessageText}; trying again");
                await Task.Delay(200 * attempt);
            }
            catch (PostgresException e)
            {
                Console.Error.WriteLine($"DROP DATABASE {name} left behind: {e.SqlState} {e.MessageText}");
                return;
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
