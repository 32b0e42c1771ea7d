using Npgsql;

namespace Cosell.MultiInstance.Tests.Infrastructure;

/// <summary>The PostgreSQL of <c>COSELL_TEST_POSTGRES</c>; each cluster of instances gets a database of its own.</summary>
public static class Postgres
{
    public const string Variable = "COSELL_TEST_POSTGRES";

    public static string? BaseConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static string Base => BaseConnectionString ?? throw new InvalidOperationException(PostgresAwareTestFramework.SkipReason);

    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var name = "cosell_mi_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return (name, new NpgsqlConnectionStringBuilder(Base) { Database = name }.ConnectionString);
    }

    /// <summary>
    /// Drops a cluster's database; a refusal while other tests create or drop theirs is tried again, then the database
    /// is left on the throwaway test server with a line on stderr (clean-up must not fail a test that passed).
    /// </summary>
    public static async Task DropDatabaseAsync(string name)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e)
            {
                Console.Error.WriteLine($"DROP DATABASE {name}, attempt {attempt} of 5: {e.SqlState} {e.MessageText}");
                await Task.Delay(200 * attempt);
            }
        }
    }

    /// <summary>
    /// Makes a database unreachable (no new connections, its sessions ended: what a PostgreSQL outage looks like to an
    /// instance), or reachable again. The test role owns the database, which is all ALTER DATABASE needs here.
    /// </summary>
    public static async Task SetReachableAsync(string name, bool reachable)
    {
        await ExecuteAsync($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(reachable ? "true" : "false")}");
        if (!reachable)
        {
            await ExecuteAsync($"SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '{name}'");
        }
    }

    /// <summary>One value read straight from a Cosell database (to check what the API cannot show).</summary>
    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Base) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
