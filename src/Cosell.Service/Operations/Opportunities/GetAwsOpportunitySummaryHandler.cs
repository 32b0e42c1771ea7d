using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// The AWS opportunity linked to the caller's opportunity. It exists once the opportunity was submitted, or for an
/// AWS referral the partner can see (accepted); before that → ResourceNotFound (spec 03 §1.3).
/// </summary>
public sealed class GetAwsOpportunitySummaryHandler : IOperationHandler<GetAwsOpportunitySummaryRequest, GetAwsOpportunitySummaryResponse>
{
    public async Task<GetAwsOpportunitySummaryResponse> HandleAsync(GetAwsOpportunitySummaryRequest input, OperationContext ctx, CancellationToken ct)
    {
        var opportunity = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.RelatedOpportunityIdentifier, ct);
        if (opportunity.SubmittedAt is null && opportunity.Origin != OpportunityOrigin.AwsReferral)
        {
            throw ApiException.NotFound(
                $"No AWS opportunity is linked to opportunity {opportunity.Id} yet; it exists once the opportunity is submitted.");
        }
        return OpportunityViews.AwsSummary(opportunity);
    }
}
