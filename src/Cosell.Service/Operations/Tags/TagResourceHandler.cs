using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Tags;

/// <summary>Adds tags to the caller's opportunity or resource snapshot job; a key already there gets the new value (spec 03 §7).</summary>
public sealed class TagResourceHandler : IOperationHandler<TagResourceRequest, TagResourceResponse>
{
    public async Task<TagResourceResponse> HandleAsync(TagResourceRequest input, OperationContext ctx, CancellationToken ct)
    {
        await TaggableResources.ChangeAsync(ctx, input.ResourceArn, current => TaggableResources.Merge(current, input.Tags), ct);
        return new TagResourceResponse();
    }
}
