using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>
/// Stopped → Running, and the job runs once (spec 03 §4). Running stays Running (the operation is idempotent); a Running job
/// whose last execution failed runs once more (ResourceSnapshotJobs.StartAsync).
/// </summary>
public sealed class StartResourceSnapshotJobHandler : IOperationHandler<StartResourceSnapshotJobRequest, Unit>
{
    public async Task<Unit> HandleAsync(StartResourceSnapshotJobRequest input, OperationContext ctx, CancellationToken ct)
    {
        var job = await ResourceSnapshotJobs.LoadAsync(ctx, input.Catalog, input.ResourceSnapshotJobIdentifier, ct);
        await ResourceSnapshotJobs.StartAsync(ctx, job, ct);
        return Unit.Value;
    }
}
