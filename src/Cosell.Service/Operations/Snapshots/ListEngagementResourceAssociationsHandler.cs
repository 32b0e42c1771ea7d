using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Snapshots;

/// <summary>
/// Which resources are shared into which engagements (spec 03 §3): the associations snapshots made, in the engagements
/// where the caller is a member now and has at least one snapshot of its own, in the order they were made. Any other
/// engagement simply contributes nothing. MaxResults defaults to 100 (the model's default).
/// </summary>
public sealed class ListEngagementResourceAssociationsHandler
    : IOperationHandler<ListEngagementResourceAssociationsRequest, ListEngagementResourceAssociationsResponse>
{
    public const int DefaultPageSize = 100;

    public async Task<ListEngagementResourceAssociationsResponse> HandleAsync(
        ListEngagementResourceAssociationsRequest input, OperationContext ctx, CancellationToken ct)
    {
        var type = input.ResourceType?.Value;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, input.EngagementIdentifier, type,
            input.ResourceIdentifier, input.CreatedBy);
        var page = await ctx.Store.ListResourceAssociationsAsync(new ResourceAssociationQuery(input.Catalog, ctx.AccountId,
            input.EngagementIdentifier, type, input.ResourceIdentifier, input.CreatedBy,
            PageToken.Decode(input.NextToken, scope), input.MaxResults ?? DefaultPageSize), ct);
        return new ListEngagementResourceAssociationsResponse
        {
            EngagementResourceAssociationSummaries = page.Items.Select(a => new EngagementResourceAssociationSummary
            {
                Catalog = a.Catalog,
                EngagementId = a.EngagementId,
                ResourceType = ResourceType.Create(a.ResourceType),
                ResourceId = a.ResourceId,
                CreatedBy = a.CreatedBy,
            }).ToList(),
            NextToken = page.Next is null ? null : PageToken.Encode(page.Next, scope),
        };
    }
}
