using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// Creates a Pending Submission opportunity owned by the caller (spec 03 §1.3). CreatedDate is the instant in whole
/// seconds, LastModifiedDate the same instant in milliseconds (<see cref="Domain.Opportunities.CreateAsync"/>).
/// Read-only LifeCycle members in the request are ignored; the account's owner leads the team
/// (<see cref="OpportunityTeams.WithOwner"/>). In Sandbox, Origin AWS Referral hands the new opportunity to
/// <see cref="AwsReferralSimulation"/>.
/// </summary>
public sealed class CreateOpportunityHandler : IOperationHandler<CreateOpportunityRequest, CreateOpportunityResponse>
{
    public async Task<CreateOpportunityResponse> HandleAsync(CreateOpportunityRequest input, OperationContext ctx, CancellationToken ct)
    {
        input = input with { Project = SpendEstimationUrls.Apply(input.Project) };
        TaggableResources.CheckNew(input.Tags, "tags");
        OpportunityRules.CheckOrigin(input.Catalog, input.Origin);
        OpportunityRules.CheckContent(input.NationalSecurity, input.Customer, input.Project, input.Marketing, input.SoftwareRevenue, input.LifeCycle,
            ctx.Now, team: input.OpportunityTeam);
        // A new opportunity has no solution yet (CreateOpportunity cannot carry one), so it cannot start where
        // UpdateOpportunity would refuse to move it.
        OpportunityRules.CheckStageHasSolution(null, input.LifeCycle?.Stage, Domain.Opportunities.EmptyRelatedEntities, atCreation: true);
        // A Sandbox AWS referral is hidden from the start: its owner learns of it (Opportunity Created) only when the
        // referral's invitation is accepted (spec 06 Q9), not when it cannot even read it yet.
        var referral = input.Catalog == "Sandbox" && (input.Origin ?? OpportunityOrigin.PartnerReferral) == OpportunityOrigin.AwsReferral;
        if (referral)
        {
            OpportunityRules.ThrowIfIncomplete(OpportunityRules.MissingForAws(input.Customer, input.Project), "A simulated AWS Referral", "include it in the request");
        }
        var draft = OpportunityDraft.From(input) with
        {
            OpportunityTeam = OpportunityTeams.WithOwner(input.OpportunityTeam, ctx.Accounts.Find(ctx.AccountId)),
            Hidden = referral,
        };
        var opportunity = await Domain.Opportunities.CreateAsync(ctx, input.Catalog, draft, ct);
        if (referral)
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
