using System.Text.Json;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// Full replacement of the partner-editable members (spec 03 §1.3): what the request omits becomes null. Origin, team,
/// tags, related entities and the review members of LifeCycle are not the partner's to replace; NextStepsHistory is
/// kept by the service. LastModifiedDate must match the stored value to the millisecond (spec 06 Q17), else Conflict;
/// the review status decides what may change (§1.1). In Sandbox a ReviewStatus of Approved or Action Required plays
/// AWS's review (<see cref="OpportunityReview"/>); a partner's update in Action Required sends the opportunity back to
/// review (Submitted).
/// </summary>
public sealed class UpdateOpportunityHandler : IOperationHandler<UpdateOpportunityRequest, UpdateOpportunityResponse>
{
    public async Task<UpdateOpportunityResponse> HandleAsync(UpdateOpportunityRequest input, OperationContext ctx, CancellationToken ct)
    {
        input = input with { Project = SpendEstimationUrls.Apply(input.Project) };
        var stored = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.Identifier, ct);
        if (!ChangeTimes.SameMillisecond(input.LastModifiedDate, stored.LastModifiedDate))
        {
            throw ApiException.Conflict(
                $"The LastModifiedDate given is not when opportunity {stored.Id} was last modified; read it again with GetOpportunity and retry.");
        }
        input = KeepOmittedContractDuration(input, stored, ctx);
        input = input with
        {
            Project = SpendTargets.Normalize(input.Project),
            NationalSecurity = OpportunityDefaults.NationalSecurityOr(input.NationalSecurity),
            OpportunityType = OpportunityDefaults.OpportunityTypeOr(input.OpportunityType),
        };
        var decision = OpportunityReview.RequestedDecision(input.Catalog, stored, input.LifeCycle?.ReviewStatus);
        OpportunityEdits.CheckRequiredOnUpdate(stored, input);
        var changedFields = OpportunityEdits.ChangedFields(stored, input);
        OpportunityEdits.CheckAllowed(stored, changedFields, reviewSimulation: decision is not null);
        OpportunityRules.CheckContent(input.NationalSecurity, input.Customer, input.Project, input.Marketing, input.SoftwareRevenue, input.LifeCycle,
            ctx.Now, stored);
        OpportunityRules.CheckStageHasSolution(stored.LifeCycle.Stage, input.LifeCycle?.Stage, stored.RelatedEntityIdentifiers);

        var given = input.LifeCycle ?? new LifeCycle();
        var changed = stored with
        {
            PrimaryNeedsFromAws = input.PrimaryNeedsFromAws,
            NationalSecurity = input.NationalSecurity,
            PartnerOpportunityIdentifier = input.PartnerOpportunityIdentifier,
            Customer = input.Customer,
            Project = input.Project,
            OpportunityType = input.OpportunityType,
            Marketing = input.Marketing,
            // Compared as the same (an amount written otherwise, "1200.00" for "1200"): kept as stored, so the block an
            // approval freezes whole is never rewritten; a change elsewhere in it takes the request's text throughout.
            SoftwareRevenue = OpportunityEdits.Changes(changedFields, "softwareRevenue")
                ? Domain.Opportunities.UnlessEmpty(input.SoftwareRevenue)
                : stored.SoftwareRevenue,
            LifeCycle = stored.LifeCycle with
            {
                Stage = given.Stage,
                ClosedLostReason = given.ClosedLostReason,
                NextSteps = given.NextSteps,
                TargetCloseDate = given.TargetCloseDate,
                // Dated as the update's LastModifiedDate, which only increases, even after a clock that went back.
                NextStepsHistory = Domain.Opportunities.WithNextSteps(
                    stored.LifeCycle.NextStepsHistory, stored.LifeCycle.NextSteps, given.NextSteps,
                    Domain.Opportunities.NextModified(stored.LastModifiedDate, ctx.Now)),
            },
        };
        if (decision is { } review)
        {
            changed = await OpportunityReview.ApplyAsync(ctx, changed, review, given.ReviewComments, given.ReviewStatusReason, ct);
        }
        else if (stored.ReviewStatus == ReviewStatus.ActionRequired)
        {
            changed = changed with { LifeCycle = changed.LifeCycle with { ReviewStatus = ReviewStatus.Submitted } };
        }
        var saved = await Domain.Opportunities.SaveAsync(ctx, stored, changed, ct);
        return new UpdateOpportunityResponse { Id = saved.Id, LastModifiedDate = saved.LastModifiedDate };
    }

    /// <summary>
    /// The one exception to full replacement (spec 03 §1.3, DG:deal): a Project that leaves ExpectedContractDuration out
    /// keeps the stored one, so a CRM that predates the member does not wipe it on every update; an explicit null clears
    /// it. A request without any Project replaces the whole Project, duration included, as before.
    /// </summary>
    private static UpdateOpportunityRequest KeepOmittedContractDuration(
        UpdateOpportunityRequest input, OpportunityRecord stored, OperationContext ctx)
    {
        if (input.Project is not { } project || stored.Project?.ExpectedContractDuration is not { } kept
            || ctx.Body.ValueKind != JsonValueKind.Object
            || !ctx.Body.TryGetProperty("Project", out var given) || given.ValueKind != JsonValueKind.Object
            || given.TryGetProperty("ExpectedContractDuration", out _))
        {
            return input;
        }
        return input with { Project = project with { ExpectedContractDuration = kept } };
    }
}
