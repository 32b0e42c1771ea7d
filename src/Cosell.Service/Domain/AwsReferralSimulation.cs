using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// Sandbox only: CreateOpportunity with Origin "AWS Referral" stands in for AWS referring a customer to the partner
/// (DG:sandbox; spec 02 §11, 06 Q9). What the real Sandbox produced is reproduced in the same transaction: an engagement
/// AWS created (title the opportunity's, cut to 40; AWS its only member), and a PENDING OpportunityInvitation from AWS to
/// the caller. The opportunity stays hidden until the invitation is accepted by task, which reveals it Approved.
/// </summary>
public static class AwsReferralSimulation
{
    /// <summary>The message the real Sandbox put on referral invitations (PM "Demo Accept AWS-originated Opportunities").</summary>
    public const string InvitationMessage =
        "This invite is for an AWS originated referral. Accepting this invitation will create an AWS originated opportunity in your pipeline.";

    /// <returns>The opportunity as it now stands, which is what CreateOpportunity reports.</returns>
    public static async Task<OpportunityRecord> OnCreatedAsync(OperationContext ctx, OpportunityRecord opportunity, CancellationToken ct)
    {
        var engagement = new EngagementRecord
        {
            Catalog = opportunity.Catalog,
            Id = Identifiers.NewEngagementId(ctx.Ids),
            Title = AwsParticipation.EngagementTitle(opportunity.Project?.Title),
            Description = AwsParticipation.EngagementDescription(opportunity.Project?.CustomerBusinessProblem),
            CreatedAt = ctx.Now,
            CreatedBy = Participants.Aws,
            ModifiedAt = ctx.Now,
            ModifiedBy = Participants.Aws,
            Members = [new EngagementMemberRecord(Participants.Aws, ctx.Now)],
            Contexts =
            [
                new EngagementContextDetails
                {
                    Id = "1",
                    Type = EngagementContextType.CustomerProject,
                    Payload = new EngagementContextPayload { CustomerProject = OpportunityDrafts.CustomerProjectFromOpportunity(opportunity, ctx.Now) },
                },
            ],
        };
        await ctx.Store.InsertEngagementAsync(engagement, ct);

        var invitation = AwsParticipation.NewInvitation(ctx, engagement, Participants.Aws, ctx.AccountId,
            AwsParticipation.OpportunityPayload(ctx, engagement, opportunity,
                [ReceiverResponsibility.ServicesPartner, ReceiverResponsibility.SoftwarePartner],
                [new SenderContact { Email = "pdm@aws.example.com", FirstName = "AWS", LastName = "PDM", BusinessTitle = "PDM" }]),
            InvitationMessage);
        await ctx.Store.InsertInvitationAsync(invitation, ct);
        Events.Emit.InvitationCreated(ctx, invitation);

        // Linking the engagement is part of creating the referral, not a change of it: LastModifiedDate stays the creation's.
        var linked = opportunity with { Hidden = true, EngagementId = engagement.Id };
        if (!await ctx.Store.UpdateOpportunityAsync(linked, opportunity.Version, ct))
        {
            throw ApiException.Conflict($"Opportunity {opportunity.Id} was changed by another request; retry.");
        }
        return linked with { Version = opportunity.Version + 1 };
    }
}
