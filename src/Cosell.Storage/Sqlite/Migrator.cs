using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// Applies the numbered scripts embedded as <c>sqlite/NNNN_name.sql</c> in order, each in its own transaction with
/// its row in <c>schema_migrations</c>, so a crash leaves the schema at a whole number.
/// </summary>
internal static class Migrator
{
    private const string ResourcePrefix = "sqlite/";

    public static IReadOnlyList<Migration> Embedded { get; } = MigrationScripts.Load(ResourcePrefix);

    /// <summary>Brings the database to the newest schema; returns the numbers it applied.</summary>
    public static IReadOnlyList<int> Apply(CachedConnection connection, CancellationToken ct)
    {
        connection.Execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (" +
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");

        var applied = new List<int>();
        foreach (var migration in Embedded)
        {
            ct.ThrowIfCancellationRequested();
            connection.Execute("BEGIN IMMEDIATE");
            try
            {
                // Checked inside the write transaction: another process may have applied it meanwhile.
                var exists = connection.Command("SELECT COUNT(*) FROM schema_migrations WHERE version = @version")
                    .Bind("@version", migration.Number).ExecuteScalar();
                if (Convert.ToInt64(exists, CultureInfo.InvariantCulture) == 0)
                {
                    using (var script = connection.Connection.CreateCommand())
                    {
                        script.CommandText = migration.Sql;
                        script.ExecuteNonQuery();
                    }
                    connection.Command(
                            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)")
                        .Bind("@version", migration.Number)
                        .Bind("@name", migration.Name)
                        .Bind("@at", DateTimeOffset.UtcNow.UtcTicks)
                        .ExecuteNonQuery();
                    applied.Add(migration.Number);
                }
                connection.Execute("COMMIT");
            }
            catch
            {
                TryRollback(connection);
                throw;
            }
        }

        var newest = Convert.ToInt64(connection.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), CultureInfo.InvariantCulture);
        var known = Embedded.Count == 0 ? 0 : Embedded[^1].Number;
        if (newest > known)
        {
            throw new SchemaVersionException(newest, known);
        }
        return applied;
    }

    private static void TryRollback(CachedConnection connection)
    {
        try
        {
            connection.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // The failed statement already ended the transaction.
        }
    }
}
