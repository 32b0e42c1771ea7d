using Cosell.Service.Ports;

namespace Cosell.Service.Domain.Events;

/// <summary>
/// How long events stay in the store (the feed, webhook delivery and EventBridge targets read them from there): null keeps
/// them, as before this option. Real EventBridge keeps nothing once delivered; a shared instance that runs for months
/// would otherwise grow by two rows for every invitation.
/// </summary>
public sealed record EventRetentionOptions(TimeSpan? Retention);

/// <summary>Deletes the events older than the retention, oldest first, in batches that keep each write session short.</summary>
public sealed class EventRetention(IStore store, EventRetentionOptions options, TimeProvider clock)
{
    public const int BatchSize = 1000;

    /// <summary>Sweeps until the oldest events are within the retention; returns how many were deleted (0 when events are kept).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (options.Retention is not { } retention)
        {
            return 0;
        }
        var cutoff = clock.GetUtcNow() - retention;
        return await store.DeleteInBatchesAsync(session => session.DeleteOldEventsAsync(cutoff, BatchSize, ct), BatchSize, ct);
    }
}
