using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

/// <summary>
/// A session-level advisory lock and the connection of its own that holds it: closing the connection ends the session
/// and so releases the lock. The session can also end without us (a PostgreSQL restart, <c>pg_terminate_backend</c>, an
/// idle timeout of a proxy): then the lock is free for another instance, which <see cref="StillHeldAsync"/> tells.
/// </summary>
internal sealed class PostgresClaim(NpgsqlConnection connection) : IStoreClaim
{
    /// <summary>The backend process that holds the lock (for tests that end its session).</summary>
    internal int ProcessId => connection.ProcessID;

    public async Task<bool> StillHeldAsync(CancellationToken ct)
    {
        // A session-level advisory lock lasts as long as its session: a live session still holds it.
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
