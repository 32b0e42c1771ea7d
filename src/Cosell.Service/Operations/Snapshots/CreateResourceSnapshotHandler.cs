using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Snapshots;

/// <summary>
/// A member shares its own opportunity into the engagement as the next revision of a snapshot (spec 03 §3): the first
/// snapshot associates the opportunity with the engagement. The AWS full view needs an AWS opportunity (submitted, or an
/// accepted AWS referral).
/// </summary>
public sealed class CreateResourceSnapshotHandler : IOperationHandler<CreateResourceSnapshotRequest, CreateResourceSnapshotResponse>
{
    public async Task<CreateResourceSnapshotResponse> HandleAsync(CreateResourceSnapshotRequest input, OperationContext ctx, CancellationToken ct)
    {
        ResourceSnapshots.CheckResourceType(input.ResourceType);
        ResourceSnapshots.CheckTemplate(input.ResourceSnapshotTemplateIdentifier);
        var (opportunity, engagement) = await ResourceSnapshots.LoadAsync(ctx, input.Catalog, input.ResourceIdentifier, input.EngagementIdentifier, ct);
        if (input.ResourceSnapshotTemplateIdentifier == ResourceSnapshots.AwsOpportunitySummaryFullView && !ResourceSnapshots.HasAwsOpportunity(opportunity))
        {
            throw ApiException.Business("resourceSnapshotTemplateIdentifier", "INVALID_RESOURCE_STATE",
                $"Opportunity {opportunity.Id} has no AWS opportunity yet (it appears once the opportunity is submitted), so there is no {ResourceSnapshots.AwsOpportunitySummaryFullView} to take.");
        }
        opportunity = await ResourceSnapshots.LinkAsync(ctx, opportunity, engagement.Id, ct);
        var (snapshot, _) = await ResourceSnapshots.TakeAsync(ctx, engagement, opportunity, input.ResourceSnapshotTemplateIdentifier, ct);
        return new CreateResourceSnapshotResponse { Arn = ResourceSnapshots.Arn(snapshot), Revision = snapshot.Revision };
    }
}
