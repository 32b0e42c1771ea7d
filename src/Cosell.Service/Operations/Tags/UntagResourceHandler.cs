using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Tags;

/// <summary>Removes tags by key; keys the resource does not carry are ignored, so a repeated call succeeds (spec 03 §7).</summary>
public sealed class UntagResourceHandler : IOperationHandler<UntagResourceRequest, UntagResourceResponse>
{
    public async Task<UntagResourceResponse> HandleAsync(UntagResourceRequest input, OperationContext ctx, CancellationToken ct)
    {
        await TaggableResources.ChangeAsync(ctx, input.ResourceArn, current => TaggableResources.Remove(current, input.TagKeys), ct);
        return new UntagResourceResponse();
    }
}
