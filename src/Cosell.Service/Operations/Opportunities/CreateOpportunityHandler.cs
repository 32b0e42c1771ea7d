using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// Creates a Pending Submission opportunity owned by the caller (spec 03 §1.3). LastModifiedDate equals CreatedDate,
/// whole seconds. Read-only LifeCycle members in the request are ignored. In Sandbox, Origin AWS Referral hands the new
/// opportunity to <see cref="AwsReferralSimulation"/>.
/// </summary>
public sealed class CreateOpportunityHandler : IOperationHandler<CreateOpportunityRequest, CreateOpportunityResponse>
{
    public async Task<CreateOpportunityResponse> HandleAsync(CreateOpportunityRequest input, OperationContext ctx, CancellationToken ct)
    {
        OpportunityRules.CheckOrigin(input.Catalog, input.Origin);
        OpportunityRules.CheckContent(input.NationalSecurity, input.Customer, input.LifeCycle);
        var opportunity = await Domain.Opportunities.CreateAsync(ctx, input.Catalog, OpportunityDraft.From(input), ct);
        if (input.Catalog == "Sandbox" && opportunity.Origin == OpportunityOrigin.AwsReferral)
        {
            opportunity = await AwsReferralSimulation.OnCreatedAsync(ctx, opportunity, ct);
        }
        return new CreateOpportunityResponse
        {
            Id = opportunity.Id,
            PartnerOpportunityIdentifier = opportunity.PartnerOpportunityIdentifier,
            LastModifiedDate = opportunity.LastModifiedDate,
        };
    }
}
