using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>
/// Deletes a Stopped job; a Running one is a ConflictException (spec 03 §4). Deleting it again succeeds, as the
/// operation is idempotent; an id the caller never had is not found. A job that never shared anything leaves its
/// opportunity free for another engagement.
/// </summary>
public sealed class DeleteResourceSnapshotJobHandler : IOperationHandler<DeleteResourceSnapshotJobRequest, Unit>
{
    public async Task<Unit> HandleAsync(DeleteResourceSnapshotJobRequest input, OperationContext ctx, CancellationToken ct)
    {
        var job = await ctx.Store.GetSnapshotJobAsync(input.Catalog, ctx.AccountId, input.ResourceSnapshotJobIdentifier, ct)
            ?? throw ApiException.NotFound($"Resource snapshot job {input.ResourceSnapshotJobIdentifier} was not found in catalog {input.Catalog}.");
        // The opportunity first: every path that changes a job holds its opportunity before the job.
        var opportunity = await ctx.Store.GetOpportunityAsync(job.Catalog, job.OwnerAccountId, job.ResourceId, ct);
        await ResourceSnapshotJobs.DeleteAsync(ctx, job, ct);
        if (opportunity is not null)
        {
            await ResourceSnapshots.UnlinkIfNeverSharedAsync(ctx, opportunity, job.EngagementId, ct);
        }
        return Unit.Value;
    }
}
