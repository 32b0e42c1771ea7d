using Cosell.Service.Ports;

namespace Cosell.Service.Dispatch;

/// <summary>
/// Deletes the records of ClientTokens past their lifetime. The dispatcher already ignores such a record, so nothing a
/// client sees depends on the sweep: it only keeps a long-running store from holding every response it ever gave.
/// </summary>
public sealed class ClientTokenSweep(IStore store, TimeProvider clock)
{
    /// <summary>Records deleted per write session, so that a large backlog never holds the SQLite writer for long.</summary>
    public const int BatchSize = 1000;

    /// <summary>Sweeps until nothing past the lifetime is left; returns how many records were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await store.DeleteInBatchesAsync(session => session.DeleteLapsedIdempotencyAsync(now, BatchSize, ct), BatchSize, ct);
    }
}
