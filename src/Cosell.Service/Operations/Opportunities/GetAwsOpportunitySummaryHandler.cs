using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// The AWS opportunity linked to the caller's opportunity (<see cref="ResourceSnapshots.HasAwsOpportunity"/>); before
/// there is one → ResourceNotFound (spec 03 §1.3). An engagement has one AWS opportunity, the one its submission made:
/// a receiver's opportunity (made from an invitation, never submitted itself) reads the submitter's, as a real
/// receiving partner's summary in AWS's Postman samples showed the sender's contacts, next steps and spend.
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
        return OpportunityViews.AwsSummary(await SubmittedInTheEngagementAsync(ctx, opportunity, ct) ?? opportunity, opportunity.Id);
    }

    private static async Task<OpportunityRecord?> SubmittedInTheEngagementAsync(OperationContext ctx, OpportunityRecord o, CancellationToken ct)
    {
        if (o.SubmittedAt is not null || o.Origin == OpportunityOrigin.AwsReferral || o.EngagementId is not { } engagement)
        {
            return null;
        }
        return (await ctx.Store.ListOpportunitiesByEngagementAsync(o.Catalog, engagement, ct))
            .Where(other => other.OwnerAccountId != o.OwnerAccountId && !other.Hidden && other.SubmittedAt is not null)
            .OrderBy(other => other.SubmittedAt)
            .FirstOrDefault();
    }
}
