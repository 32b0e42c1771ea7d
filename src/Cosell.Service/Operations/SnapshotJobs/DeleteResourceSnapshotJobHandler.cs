using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>
/// Deletes a Stopped job; a Running one is a ConflictException (spec 03 §4). Deleting it again succeeds, as the
/// operation is idempotent; an id the caller never had is not found.
/// </summary>
public sealed class DeleteResourceSnapshotJobHandler : IOperationHandler<DeleteResourceSnapshotJobRequest, Unit>
{
    public async Task<Unit> HandleAsync(DeleteResourceSnapshotJobRequest input, OperationContext ctx, CancellationToken ct)
    {
        var job = await ctx.Store.GetSnapshotJobAsync(input.Catalog, ctx.AccountId, input.ResourceSnapshotJobIdentifier, ct)
            ?? throw ApiException.NotFound($"Resource snapshot job {input.ResourceSnapshotJobIdentifier} was not found in catalog {input.Catalog}.");
        await ResourceSnapshotJobs.DeleteAsync(ctx, job, ct);
        return Unit.Value;
    }
}
