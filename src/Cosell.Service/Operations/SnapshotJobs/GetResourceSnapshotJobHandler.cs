using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>The caller's job (spec 03 §4); another account's is not found.</summary>
public sealed class GetResourceSnapshotJobHandler : IOperationHandler<GetResourceSnapshotJobRequest, GetResourceSnapshotJobResponse>
{
    public async Task<GetResourceSnapshotJobResponse> HandleAsync(GetResourceSnapshotJobRequest input, OperationContext ctx, CancellationToken ct) =>
        ResourceSnapshotJobs.View(await ResourceSnapshotJobs.LoadAsync(ctx, input.Catalog, input.ResourceSnapshotJobIdentifier, ct));
}
