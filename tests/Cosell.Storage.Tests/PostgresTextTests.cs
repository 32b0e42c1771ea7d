using Cosell.Storage.Postgres;
using Xunit;

namespace Cosell.Storage.Tests;

public sealed class PostgresTextTests
{
    // In code-point order, as SQLite and PostgreSQL's "C" collation compare them.
    private static readonly string[] Ordered = ["", "\0", "\0\0", "\0\u0001", "\0a", "\u0001", "\u0001\0", "\u0001\u0001", "\u0001\u0002", "\u0002", "a", "a\0", "\uE000"];

    [Fact]
    public void Storable_NoNul_AndRestoreGivesTheTextBack()
    {
        foreach (var text in Ordered)
        {
            Assert.DoesNotContain('\0', PostgresText.Storable(text));
            Assert.Equal(text, PostgresText.Restore(PostgresText.Storable(text)));
        }
    }

    [Fact]
    public void Storable_KeepsCodePointOrderAndDistinctness()
    {
        var stored = Ordered.Select(PostgresText.Storable).ToList();

        Assert.Equal(stored, stored.Order(StringComparer.Ordinal));
        Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
    }
}
