namespace Cosell.Service.Ports;

/// <summary>The persistent store. Each request runs in one session; a write session is one transaction.</summary>
public interface IStore
{
    string Kind { get; }

    /// <summary>A write session serialises against other writers and commits all or nothing.</summary>
    Task<IStoreSession> BeginAsync(bool write, CancellationToken ct);

    /// <summary>Whether the store can serve now (the health check's question); throws when it cannot.</summary>
    async Task PingAsync(CancellationToken ct)
    {
        await using var session = await BeginAsync(write: false, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="error"/> means the store rolled the session back because of a concurrent one (a deadlock,
    /// say) and the whole request may simply run again. Never true for a failure the request itself caused.
    /// </summary>
    bool IsTransientConflict(Exception error) => false;

    /// <summary>
    /// Why the store cannot serve, in one line, when <paramref name="error"/> says so (a database server that is down,
    /// restarting or refusing connections; a disk that is full or failing); null for every other failure. Such failures
    /// are the operator's to fix, not the code's: they are logged without a stack trace.
    /// </summary>
    string? Unavailable(Exception error) => null;

    /// <summary>
    /// An exclusive claim on <paramref name="name"/> among every process using this store, held until disposed and
    /// without a transaction; null when another holder has it now. A store served by one process (SQLite) has no one else
    /// to exclude, and always grants it.
    /// </summary>
    Task<IStoreClaim?> TryClaimAsync(string name, CancellationToken ct) => Task.FromResult<IStoreClaim?>(Unclaimed.Instance);

    private sealed class Unclaimed : IStoreClaim
    {
        public static readonly Unclaimed Instance = new();

        public Task<bool> StillHeldAsync(CancellationToken ct) => Task.FromResult(true);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
