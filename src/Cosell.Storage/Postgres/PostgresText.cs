using System.Text;
using Npgsql;

namespace Cosell.Storage.Postgres;

/// <summary>
/// Text as PostgreSQL can take it. Its <c>text</c> type cannot hold U+0000, which the model's patterns allow in many
/// members (names, ClientTokens, the tail of an ARN, filters) and which SQLite stores as it is. The documents are JSON,
/// where a NUL is already the escape <c>\u0000</c>; only the columns and parameters beside them see raw text, and there
/// a NUL becomes U+0001 U+0001 and a U+0001 becomes U+0001 U+0002, the same on every write and every lookup. The escape
/// is reversible and keeps code-point order (the two code words sort below every other character, NUL's first, and
/// neither is a prefix of the other), so distinct values stay distinct (two ClientTokens, two company names in a filter)
/// and a sort key holding a NUL sorts as on SQLite. Nothing reads these columns back as values.
/// </summary>
internal static class PostgresText
{
    public static string Storable(string value)
    {
        if (value.AsSpan().IndexOfAny('\0', '\u0001') < 0)
        {
            return value;
        }
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\0' => escaped.Append('\u0001').Append('\u0001'),
                '\u0001' => escaped.Append('\u0001').Append('\u0002'),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    public static NpgsqlParameter<string> Parameter(string name, string value) => new(name, Storable(value));
}
