using Npgsql;

namespace Cosell.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts embedded as <c>postgres/NNNN_name.sql</c>, each in its own transaction with its row in
/// <c>schema_migrations</c>. The whole run holds a session-level advisory lock, so instances that start at the same time
/// on one database take turns: the first migrates, the others find the work done. Its connection has no time limit, for
/// its statements and its COMMITs alike: a script over a large store, or the wait for another instance's migration,
/// takes what it takes (the store's short default limit is for requests; Npgsql gives a transaction's COMMIT the
/// connection's limit, whatever the commands before it had).
/// </summary>
internal static class PostgresMigrator
{
    private const string ResourcePrefix = "postgres/";

    /// <summary>The advisory lock of schema changes (two-key form: 'Csl' and 1; other Cosell locks use the one-key form).</summary>
    private const int LockClass = 0x43736C;
    private const int LockObject = 1;

    public static IReadOnlyList<Migration> Embedded { get; } = MigrationScripts.Load(ResourcePrefix);

    /// <summary>
    /// Brings the schema to the newest version; returns the numbers it applied. <paramref name="schema"/>, when given,
    /// is created first (the search path of <paramref name="settings"/> names it). Connects with the store's settings,
    /// outside its pool and without its time limit.
    /// </summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(
        NpgsqlConnectionStringBuilder settings, string? schema, Action<string>? waiting, CancellationToken ct)
    {
        var unlimited = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(unlimited.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        // Held by this session: the connection is outside the pool, so closing it, however this ends, releases the lock.
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockClass}, {LockObject})", connection))
        {
            if (await tryLock.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                // The wait has no end of its own (a migration over a large store takes what it takes): whoever starts
                // this instance learns what it waits for, and whom to stop if that session is stuck.
                waiting?.Invoke(await DescribeHolderAsync(connection, ct).ConfigureAwait(false));
                await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockClass}, {LockObject})", ct).ConfigureAwait(false);
            }
        }
        if (schema is not null)
        {
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {QuoteIdentifier(schema)}", ct).ConfigureAwait(false);
        }
        await ExecuteAsync(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (" +
            "version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)", ct).ConfigureAwait(false);

        var done = new HashSet<int>();
        await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                done.Add(reader.GetInt32(0));
            }
        }

        var known = Embedded.Count == 0 ? 0 : Embedded[^1].Number;
        var newest = done.Count == 0 ? 0 : done.Max();
        if (newest > known)
        {
            throw new SchemaVersionException(newest, known);
        }

        var applied = new List<int>();
        foreach (var migration in Embedded)
        {
            if (done.Contains(migration.Number))
            {
                continue;
            }
            ct.ThrowIfCancellationRequested();
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Number });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DateTimeOffset.UtcNow.UtcTicks });
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            applied.Add(migration.Number);
        }
        return applied;
    }

    /// <summary>The session holding the lock, as pg_stat_activity shows it to this role (it may have ended since).</summary>
    private static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.pid, a.application_name, host(a.client_addr), a.xact_start, a.state FROM pg_locks l " +
            "JOIN pg_stat_activity a ON a.pid = l.pid " +
            $"WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {LockClass} AND l.objid = {LockObject} AND l.objsubid = 2 " +
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return "waiting for the lock of migrations, which one Cosell instance at a time holds per database, whatever its schema " +
                "(the holder's session is not visible to this role)";
        }
        var application = reader.IsDBNull(1) || reader.GetString(1).Length == 0 ? "no application name" : $"application '{reader.GetString(1)}'";
        var from = reader.IsDBNull(2) ? "" : $" from {reader.GetString(2)}";
        var since = reader.IsDBNull(3) ? "" : $", its current transaction begun {reader.GetFieldValue<DateTime>(3).ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC";
        var state = reader.IsDBNull(4) ? "" : $", {reader.GetString(4)}";
        return "waiting for the lock of migrations, which one Cosell instance at a time holds per database, whatever its schema: " +
            $"the PostgreSQL session holding it is pid {reader.GetInt32(0)} ({application}{from}{since}{state}); start-up goes on when it lets go";
    }

    /// <summary>A double-quoted identifier, so any schema name is taken literally.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
