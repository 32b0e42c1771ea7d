using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>Links a solution, AWS product or Marketplace offer to the opportunity (spec 03 §1.3, see <see cref="OpportunityAssociations"/>).</summary>
public sealed class AssociateOpportunityHandler : IOperationHandler<AssociateOpportunityRequest, Unit>
{
    public async Task<Unit> HandleAsync(AssociateOpportunityRequest input, OperationContext ctx, CancellationToken ct)
    {
        var opportunity = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.OpportunityIdentifier, ct);
        var related = OpportunityAssociations.Associate(ctx, opportunity, input.RelatedEntityType, input.RelatedEntityIdentifier);
        if (input.RelatedEntityType == RelatedEntityType.AwsMarketplaceOffers)
        {
            await OpportunityAssociations.ThrowIfOfferTakenAsync(ctx, opportunity, input.RelatedEntityIdentifier, ct);
        }
        await Domain.Opportunities.SaveAsync(ctx, opportunity, opportunity with { RelatedEntityIdentifiers = related }, ct);
        return Unit.Value;
    }
}
