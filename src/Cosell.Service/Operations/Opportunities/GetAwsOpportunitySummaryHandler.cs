using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// The AWS opportunity linked to the caller's opportunity (<see cref="ResourceSnapshots.HasAwsOpportunity"/>); before
/// there is one → ResourceNotFound (spec 03 §1.3), read from the partner opportunity that carries it
/// (<see cref="AwsParticipation.AwsOpportunityOfAsync"/>).
/// </summary>
public sealed class GetAwsOpportunitySummaryHandler : IOperationHandler<GetAwsOpportunitySummaryRequest, GetAwsOpportunitySummaryResponse>
{
    public async Task<GetAwsOpportunitySummaryResponse> HandleAsync(GetAwsOpportunitySummaryRequest input, OperationContext ctx, CancellationToken ct)
    {
        var opportunity = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.RelatedOpportunityIdentifier, ct);
        if (!ResourceSnapshots.HasAwsOpportunity(opportunity))
        {
            throw ApiException.NotFound(
                $"No AWS opportunity is linked to opportunity {opportunity.Id} yet; it exists once the opportunity is submitted to AWS.");
        }
        return OpportunityViews.AwsSummary(await AwsParticipation.AwsOpportunityOfAsync(ctx, opportunity, ct), opportunity.Id);
    }
}
