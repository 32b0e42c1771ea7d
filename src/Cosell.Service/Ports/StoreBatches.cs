namespace Cosell.Service.Ports;

public static class StoreBatches
{
    /// <summary>
    /// Runs <paramref name="deleteBatch"/> in one write session after another until a batch deletes fewer than
    /// <paramref name="batchSize"/> rows, so that a large backlog never holds the SQLite writer for long; returns the total.
    /// </summary>
    public static async Task<int> DeleteInBatchesAsync(this IStore store, Func<IStoreSession, Task<int>> deleteBatch, int batchSize, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var session = await store.BeginAsync(write: true, ct);
            var deleted = await deleteBatch(session);
            await session.CommitAsync(ct);
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }
}
