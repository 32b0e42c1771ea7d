using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>The owner's full view of its opportunity; any other account gets ResourceNotFound (spec 03 §1, 06 Q3).</summary>
public sealed class GetOpportunityHandler : IOperationHandler<GetOpportunityRequest, GetOpportunityResponse>
{
    public async Task<GetOpportunityResponse> HandleAsync(GetOpportunityRequest input, OperationContext ctx, CancellationToken ct) =>
        OpportunityViews.Get(await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.Identifier, ct));
}
