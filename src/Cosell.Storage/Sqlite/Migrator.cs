using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

/// <summary>
/// Applies the numbered scripts embedded as <c>sqlite/NNNN_name.sql</c> in order, each in its own transaction with
/// its row in <c>schema_migrations</c>, so a crash leaves the schema at a whole number.
/// </summary>
internal static class Migrator
{
    private const string ResourcePrefix = "sqlite/";

    public sealed record Migration(int Number, string Name, string Sql);

    public static IReadOnlyList<Migration> Embedded { get; } = Load();

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
            throw new InvalidOperationException(
                $"The database has schema version {newest}, newer than this build knows ({known}); use a newer cosell.");
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

    private static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) ||
                !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 ||
                !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }
            migrations.Add(new Migration(number, name, Read(assembly, resource)));
        }
        migrations.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Number == migrations[i - 1].Number)
            {
                throw new InvalidOperationException($"Two migrations are numbered {migrations[i].Number}.");
            }
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded resource '{resource}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
