using Cosell.Storage.Postgres;
using Xunit;

namespace Cosell.Storage.Tests;

/// <summary>Which schema a connection string's search path puts Cosell's tables in (no database needed).</summary>
public sealed class PostgresConnectionStringTests
{
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
