using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Snapshots;

/// <summary>
/// The snapshots of one engagement, to its members, in the order they were taken; other owners' owner-only snapshots are
/// left out (spec 03 §3). MaxResults defaults to 100 (the model's default).
/// </summary>
public sealed class ListResourceSnapshotsHandler : IOperationHandler<ListResourceSnapshotsRequest, ListResourceSnapshotsResponse>
{
    public const int DefaultPageSize = 100;

    public async Task<ListResourceSnapshotsResponse> HandleAsync(ListResourceSnapshotsRequest input, OperationContext ctx, CancellationToken ct)
    {
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.EngagementIdentifier, "engagementIdentifier", ct);
        var type = input.ResourceType?.Value;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, engagement.Id, type, input.ResourceIdentifier,
            input.ResourceSnapshotTemplateIdentifier, input.CreatedBy);
        var page = await ctx.Store.ListSnapshotsAsync(new ResourceSnapshotQuery(input.Catalog, engagement.Id, ctx.AccountId, type,
            input.ResourceIdentifier, input.ResourceSnapshotTemplateIdentifier, input.CreatedBy,
            PageToken.Decode(input.NextToken, scope), input.MaxResults ?? DefaultPageSize), ct);
        return new ListResourceSnapshotsResponse
        {
            ResourceSnapshotSummaries = page.Items.Select(ResourceSnapshots.Summary).ToList(),
            NextToken = page.Next is null ? null : PageToken.Encode(page.Next, scope),
        };
    }
}
