using Cosell.Storage.Postgres;
using Npgsql;
using Xunit;

namespace Cosell.Storage.Tests;

/// <summary>
/// What Cosell reads from a connection string besides Npgsql (no database needed): which schema its search path puts
/// the tables in, and the time-outs it sets where the string sets none.
/// </summary>
public sealed class PostgresConnectionStringTests
{
    // The README's figures: 5 s to connect and 15 s a statement unless the connection string says otherwise.
    [Theory]
    [InlineData("Host=db;Database=cosell", 5, 15)]
    [InlineData("Host=db;Timeout=20", 20, 15)]
    [InlineData("Host=db;timeout=15", 15, 15)]
    [InlineData("Host=db;Command Timeout=30", 5, 30)]
    [InlineData("Host=db;CommandTimeout=0", 5, 0)]
    [InlineData("Host=db;COMMAND TIMEOUT=12;Timeout=3", 3, 12)]
    public void TimeoutDefaults_OnlyWhereTheConnectionStringSetsNone(string connectionString, int connect, int command)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);

        PostgresStore.ApplyTimeoutDefaults(connectionString, settings);

        Assert.Equal((connect, command), (settings.Timeout, settings.CommandTimeout));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("public", null)]
    [InlineData("\"$user\", public", null)]
    [InlineData("$user,public", null)]
    [InlineData("cosell", "cosell")]
    [InlineData(" Team_A , public", "team_a")]
    [InlineData("\"Team A\",public", "Team A")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    public void FirstSchema_IsTheSchemaCosellCreatesAndUses(string? searchPath, string? expected) =>
        Assert.Equal(expected, PostgresStore.FirstSchema(searchPath));
}
