namespace Cosell.Storage.Sqlite;

/// <summary>SQLite's primary result codes for the database file and its disk (<c>SqliteException.SqliteErrorCode</c>).</summary>
internal static class SqliteResultCodes
{
    public const int ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADatabase = 26;
}
