using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>
/// A Stopped job that, once started, keeps the snapshot of the caller's opportunity in the engagement current (spec 03 §4).
/// The opportunity becomes associated with the engagement; one job per engagement, resource and template (else Conflict).
/// Tags apply to the job.
/// </summary>
public sealed class CreateResourceSnapshotJobHandler : IOperationHandler<CreateResourceSnapshotJobRequest, CreateResourceSnapshotJobResponse>
{
    public async Task<CreateResourceSnapshotJobResponse> HandleAsync(CreateResourceSnapshotJobRequest input, OperationContext ctx, CancellationToken ct)
    {
        ResourceSnapshots.CheckResourceType(input.ResourceType);
        ResourceSnapshots.CheckTemplate(input.ResourceSnapshotTemplateIdentifier);
        TaggableResources.CheckNew(input.Tags, "tags");
        var (opportunity, engagement) = await ResourceSnapshots.LoadAsync(ctx, input.Catalog, input.ResourceIdentifier, input.EngagementIdentifier, ct);
        await ResourceSnapshots.LinkAsync(ctx, opportunity, engagement.Id, ct);
        var key = new SnapshotKey(input.Catalog, engagement.Id, ResourceSnapshots.OpportunityResourceType, opportunity.Id, input.ResourceSnapshotTemplateIdentifier);
        var job = await ResourceSnapshotJobs.CreateAsync(ctx, key, input.Tags, ct);
        return new CreateResourceSnapshotJobResponse { Id = job.Id, Arn = ResourceSnapshotJobs.Arn(job) };
    }
}
