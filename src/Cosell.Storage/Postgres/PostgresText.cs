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
/// and a sort key holding a NUL sorts as on SQLite. Values come from the documents; a key read back (the last row's sort
/// key, which a NextToken carries) goes through <see cref="Restore"/>, as the next page escapes it again.
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

    /// <summary>The inverse of <see cref="Storable"/>.</summary>
    public static string Restore(string stored)
    {
        if (!stored.Contains('\u0001', StringComparison.Ordinal))
        {
            return stored;
        }
        var text = new StringBuilder(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            var c = stored[i];
            text.Append(c == '\u0001' && i + 1 < stored.Length ? (stored[++i] == '\u0001' ? '\0' : '\u0001') : c);
        }
        return text.ToString();
    }

    public static NpgsqlParameter<string> Parameter(string name, string value) => new(name, Storable(value));
}
