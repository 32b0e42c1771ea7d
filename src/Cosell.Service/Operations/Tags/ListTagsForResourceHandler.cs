using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Tags;

/// <summary>The tags of the caller's opportunity or resource snapshot job, in the order they were added; none is an empty list.</summary>
public sealed class ListTagsForResourceHandler : IOperationHandler<ListTagsForResourceRequest, ListTagsForResourceResponse>
{
    public async Task<ListTagsForResourceResponse> HandleAsync(ListTagsForResourceRequest input, OperationContext ctx, CancellationToken ct) =>
        new() { Tags = await TaggableResources.ListAsync(ctx, input.ResourceArn, ct) };
}
