using Npgsql;

namespace Cosell.Storage.Postgres;

/// <summary>
/// Text as PostgreSQL can take it. Its <c>text</c> type cannot hold U+0000, which the model's patterns allow in many
/// members (names, ClientTokens, the tail of an ARN, filters) and which SQLite stores as it is. The documents are JSON,
/// where a NUL is already the escape <c>\u0000</c>; only the columns and parameters beside them see raw text, and there
/// a NUL becomes U+E000 (a private-use character), the same on every write and every lookup, so keys and filters still
/// match each other. Two values that differ only in a NUL against a U+E000 at the same place compare equal there, and a
/// text sort key holding a NUL sorts after ASCII here but first on SQLite: no client sends either on purpose.
/// </summary>
internal static class PostgresText
{
    public static string Storable(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uE000') : value;

    public static NpgsqlParameter<string> Parameter(string name, string value) => new(name, Storable(value));
}
