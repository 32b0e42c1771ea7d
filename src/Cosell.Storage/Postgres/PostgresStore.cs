using System.Data;
using System.Net.Sockets;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

/// <summary>
/// The shared store: one PostgreSQL database that any number of Cosell instances use at once. Nothing correct depends
/// on this process: a write session is a READ COMMITTED transaction that locks the rows it reads (<c>FOR UPDATE</c>)
/// and the idempotency token it checks (an advisory transaction lock), so races between instances are decided by the
/// database. A read session is a REPEATABLE READ transaction: one consistent snapshot, never blocked by writers.
/// </summary>
public sealed class PostgresStore : IStore, IAsyncDisposable
{
    private static readonly TimeSpan StartupRetry = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    // Claims are session-level advisory locks on connections of their own, outside the pool: closing one ends its
    // session and so releases the lock, whatever happened to it (pooled connections skip Npgsql's reset on close).
    private readonly NpgsqlDataSource _claims;
    private readonly int _connectTimeout;
    private readonly int _commandTimeout;
    private int _disposed;

    private PostgresStore(NpgsqlDataSource dataSource, NpgsqlDataSource claims, string description, int connectTimeout, int commandTimeout)
    {
        _dataSource = dataSource;
        _claims = claims;
        Description = description;
        _connectTimeout = connectTimeout;
        _commandTimeout = commandTimeout;
    }

    public string Kind => "postgresql";

    /// <summary>
    /// A deadlock (40P01) or a serialization failure (40001): PostgreSQL aborted this transaction so that a concurrent
    /// one could go on. Requests lock opportunities before their engagement; a cycle that order does not prevent is
    /// resolved by running the request again.
    /// </summary>
    public bool IsTransientConflict(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The database server is not there for us: no connection could be opened (refused, timed out, or turned away: a
    /// database not accepting connections, a password changed), or one broke (the server shut down, restarted or
    /// crashed: SQLSTATE class 08, 57P01-57P03, 53300, or the socket itself).
    /// </summary>
    public string? Unavailable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NoConnectionException:
                    return e.Message;
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState == PostgresErrorCodes.TooManyConnections:
                    return OneLine(p);
                case PostgresException:
                    return null;
                case NpgsqlException { InnerException: TimeoutException }:
                    // A live server cancels the statement and the connection stays usable; a hung one does not answer.
                    return $"no answer to a statement within {_commandTimeout} s (the connection string's Command Timeout): " +
                        "the server is stopped or cut off, or the statement takes that long";
                case NpgsqlException { InnerException: SocketException or IOException } n:
                    return OneLine(n);
            }
        }
        return null;
    }

    /// <summary>Where the data is, without secrets: host, port, database and schema.</summary>
    public string Description { get; }

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (Npgsql syntax) and migrates the schema. A <c>Search Path</c>
    /// in the connection string names the schema Cosell keeps its tables in; it is created when missing. A database that
    /// does not answer yet (a server still starting) is retried for 30 seconds. When another instance holds the lock of
    /// migrations, <paramref name="waiting"/> is told whose session it is before start-up waits for it.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, CancellationToken ct, Action<string>? waiting = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (settings.MaxAutoPrepare == 0)
        {
            // Each statement text is parsed and planned once per connection (the SQLite store prepares once too).
            settings.MaxAutoPrepare = 128;
            settings.AutoPrepareMinUsages = 2;
        }
        // A pooled connection is handed back as it was taken: sessions change no session state (their locks are
        // transaction-scoped), so Npgsql's reset on close (five statements run before the next session's first one,
        // measured at a third of the server's statements per write) is skipped.
        settings.NoResetOnClose = true;
        settings.ApplicationName ??= "cosell";
        ApplyTimeoutDefaults(connectionString, settings);
        var schema = FirstSchema(settings.SearchPath);
        var description = $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}" + (schema is null ? "" : $" schema {schema}");

        // The migrator connects on its own (outside the pool, without a time limit): the pool is built once it is done.
        var deadline = DateTimeOffset.UtcNow + StartupRetry;
        while (true)
        {
            try
            {
                await PostgresMigrator.ApplyAsync(settings, schema, waiting, ct).ConfigureAwait(false);
                break;
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
            }
        }
        // The pool's settings (application name, time-outs), without the pool.
        var claims = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
        return new PostgresStore(builder.Build(), claims.Build(), description, settings.Timeout, settings.CommandTimeout);
    }

    /// <summary>Seconds to open a connection, unless the connection string says (Npgsql's own default is 15).</summary>
    internal const int DefaultConnectTimeout = 5;

    /// <summary>Seconds a statement may take, unless the connection string says (Npgsql's own default is 30).</summary>
    internal const int DefaultCommandTimeout = 15;

    /// <summary>
    /// Shorter time-outs than Npgsql's, where the connection string sets none. A server that stopped answering (stopped,
    /// or cut off by the network) held a request for 60 s: a statement's 30 s, then the connect time-out twice (15 s) for
    /// Npgsql's cancellation of it, which opens a connection of its own and waits for its answer. That is botocore's read
    /// time-out: the SDK gave up and sent the request again. With these a request fails with a retryable error after
    /// about 25 s (15 + 2 × 5), and one that needs a new connection after 5 (the health check says 503 within 5 too). A
    /// statement still has 15 s: a List that no index serves on a very large store takes seconds (3 s over a million
    /// memberships, review23), and was refused when the limit was 5. Migrations set no limit (<see cref="PostgresMigrator"/>).
    /// </summary>
    internal static void ApplyTimeoutDefaults(string connectionString, NpgsqlConnectionStringBuilder settings)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Timeout"))
        {
            settings.Timeout = DefaultConnectTimeout;
        }
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            settings.CommandTimeout = DefaultCommandTimeout;
        }
    }

    /// <summary>A session here begins only with its first statement, so the ping sends one of its own.</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await using var connection = await ConnectAsync(_dataSource, ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    public async Task<IStoreClaim?> TryClaimAsync(string name, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = await ConnectAsync(_claims, ct).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresText.Storable("claim|" + name) });
            if (await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true)
            {
                return new PostgresClaim(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    public async Task<IStoreSession> BeginAsync(bool write, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ct.ThrowIfCancellationRequested();
        var connection = await ConnectAsync(_dataSource, ct).ConfigureAwait(false);
        try
        {
            // Npgsql sends BEGIN together with the session's first statement: no round trip of its own.
            var transaction = await connection.BeginTransactionAsync(
                write ? IsolationLevel.ReadCommitted : IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            return new PostgresSession(connection, transaction, write);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection, or <see cref="NoConnectionException"/> saying why there is none.</summary>
    private async Task<NpgsqlConnection> ConnectAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        try
        {
            return await source.OpenConnectionAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            // Npgsql's own words for this one are "The operation has timed out", twice.
            throw new NoConnectionException(e.InnerException is TimeoutException
                ? $"no connection within {_connectTimeout} s (the connection string's Timeout): the server is stopped or cut off"
                : OneLine(e), e);
        }
    }

    /// <summary>An Npgsql failure in one line: the SQLSTATE and the server's message, or the client's and its cause's.</summary>
    private static string OneLine(NpgsqlException e) =>
        e is PostgresException p ? $"{p.SqlState}: {p.MessageText}"
            : e.InnerException is { } cause ? $"{e.Message}: {cause.Message}" : e.Message;

    /// <summary>Opening a connection failed; the message says why, in one line.</summary>
    private sealed class NoConnectionException(string message, Exception inner) : Exception(message, inner);

    /// <summary>Closes the pooled connections; sessions still open keep theirs until they end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            await _claims.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The first schema of a search path, unquoted; null for none, <c>$user</c> or <c>public</c>.</summary>
    internal static string? FirstSchema(string? searchPath)
    {
        if (string.IsNullOrWhiteSpace(searchPath))
        {
            return null;
        }
        var first = searchPath.Split(',')[0].Trim();
        if (first.Length >= 2 && first[0] == '"' && first[^1] == '"')
        {
            first = first[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }
        else
        {
            first = first.ToLowerInvariant(); // unquoted identifiers fold to lower case, as PostgreSQL reads them
        }
        return first is "" or "$user" or "public" ? null : first;
    }
}
