using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// Which stores the store-sensitive tests run against: always the default SQLite file, and PostgreSQL as well when
/// <c>COSELL_TEST_POSTGRES</c> holds a connection string, as the integration suite does it (<see cref="PostgresTestDatabase"/>:
/// a fresh database per server, dropped afterwards).
/// </summary>
public static class StoreSelection
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>xunit theory data: "sqlite", plus "postgres" when COSELL_TEST_POSTGRES is set.</summary>
    public static TheoryData<string> Stores
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresTestDatabase.ConnectionString is not null)
            {
                data.Add(Postgres);
            }
            return data;
        }
    }

    /// <summary>A fresh database for <paramref name="store"/> (null for SQLite, which lives in the data directory).</summary>
    public static async Task<(string Name, string ConnectionString)?> CreateAsync(string store) => store switch
    {
        Sqlite => null,
        Postgres => await PostgresTestDatabase.CreateAsync(PostgresTestDatabase.ConnectionString
            ?? throw new InvalidOperationException($"{PostgresTestDatabase.Variable} is not set")),
        _ => throw new ArgumentException($"unknown store {store}", nameof(store)),
    };

    public static async Task DropAsync((string Name, string ConnectionString)? database)
    {
        if (database is { } d)
        {
            await PostgresTestDatabase.DropAsync(PostgresTestDatabase.ConnectionString!, d.Name);
        }
    }

    /// <summary>Extra <c>cosell serve</c> arguments for a database (none for SQLite).</summary>
    public static IReadOnlyList<string> ServeArguments(string? connection) => connection is null ? [] : ["--store", connection];
}
