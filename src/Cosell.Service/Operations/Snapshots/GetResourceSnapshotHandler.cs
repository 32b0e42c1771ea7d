using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Snapshots;

/// <summary>
/// One revision of a snapshot (the latest when Revision is absent), read by any member of the engagement; an owner-only
/// template (AwsOpportunitySummaryFullView) by the opportunity's owner alone (spec 03 §3; others: AccessDenied, spec 06 Q3).
/// </summary>
public sealed class GetResourceSnapshotHandler : IOperationHandler<GetResourceSnapshotRequest, GetResourceSnapshotResponse>
{
    public async Task<GetResourceSnapshotResponse> HandleAsync(GetResourceSnapshotRequest input, OperationContext ctx, CancellationToken ct)
    {
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.EngagementIdentifier, "engagementIdentifier", ct);
        var key = new SnapshotKey(input.Catalog, engagement.Id, input.ResourceType.Value, input.ResourceIdentifier, input.ResourceSnapshotTemplateIdentifier);
        // Whose an owner-only snapshot is, is decided on its latest revision before the one asked for is looked up: another
        // member, from whose lists it is hidden, learns no more from a missing revision than from a present one.
        if (input.Revision is not null && ResourceSnapshots.IsOwnerOnly(key.TemplateName)
            && await ctx.Store.GetSnapshotAsync(key, null, ct) is { } latest && latest.CreatedBy != ctx.AccountId)
        {
            throw OwnerOnly(key);
        }
        var snapshot = await ctx.Store.GetSnapshotAsync(key, input.Revision, ct)
            ?? throw ApiException.NotFound(
                $"No {(input.Revision is { } r ? $"revision {r} of a " : "")}snapshot of {key.ResourceType} {key.ResourceId} with template {key.TemplateName} exists in engagement {engagement.Id}.");
        if (snapshot.OwnerOnly && snapshot.CreatedBy != ctx.AccountId)
        {
            throw OwnerOnly(key);
        }
        return ResourceSnapshots.View(snapshot);
    }

    private static ApiException OwnerOnly(SnapshotKey key) =>
        ApiException.AccessDenied($"Only the owner of {key.ResourceType} {key.ResourceId} may read its {key.TemplateName} snapshots.");
}
