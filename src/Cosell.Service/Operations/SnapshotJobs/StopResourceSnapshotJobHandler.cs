using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>Running → Stopped; a job that never ran cannot be stopped, a stopped one stays stopped (spec 06 Q12).</summary>
public sealed class StopResourceSnapshotJobHandler : IOperationHandler<StopResourceSnapshotJobRequest, Unit>
{
    public async Task<Unit> HandleAsync(StopResourceSnapshotJobRequest input, OperationContext ctx, CancellationToken ct)
    {
        var job = await ResourceSnapshotJobs.LoadAsync(ctx, input.Catalog, input.ResourceSnapshotJobIdentifier, ct);
        await ResourceSnapshotJobs.StopAsync(ctx, job, ct);
        return Unit.Value;
    }
}
