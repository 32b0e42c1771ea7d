using Cosell.Model;
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

        var account = opportunity.Customer?.Account;
        var invitation = new InvitationRecord
        {
            Catalog = opportunity.Catalog,
            Id = Identifiers.NewInvitationId(ctx.Ids),
            EngagementId = engagement.Id,
            EngagementTitle = engagement.Title,
            EngagementDescription = engagement.Description,
            SenderAccountId = Participants.Aws,
            SenderCompanyName = Participants.CompanyName(ctx.Accounts, Participants.Aws),
            ReceiverAccountId = ctx.AccountId,
            Receiver = new Receiver { Account = new AccountReceiver { AwsAccountId = ctx.AccountId } },
            PayloadType = EngagementInvitationPayloadType.OpportunityInvitation,
            // The invitation withholds what identifies the customer beyond company, industry, website and country (DG:awsopp).
            Payload = new Payload
            {
                OpportunityInvitation = new OpportunityInvitationPayload
                {
                    ReceiverResponsibilities = [ReceiverResponsibility.ServicesPartner, ReceiverResponsibility.SoftwarePartner],
                    SenderContacts = [new SenderContact { Email = "pdm@aws.example.com", FirstName = "AWS", LastName = "PDM", BusinessTitle = "PDM" }],
                    Customer = new EngagementCustomer
                    {
                        CompanyName = account?.CompanyName ?? "",
                        Industry = account?.Industry ?? Industry.Create("Other"),
                        WebsiteUrl = account?.WebsiteUrl ?? "",
                        CountryCode = account?.Address?.CountryCode ?? CountryCode.Create("US"),
                    },
                    Project = new ProjectDetails
                    {
                        Title = opportunity.Project?.Title ?? engagement.Title,
                        BusinessProblem = opportunity.Project?.CustomerBusinessProblem ?? engagement.Description,
                        TargetCompletionDate = opportunity.LifeCycle.TargetCloseDate ?? OpportunityDrafts.Date(ctx.Now + OpportunityDrafts.LeadCloseHorizon),
                        ExpectedCustomerSpend = opportunity.Project?.ExpectedCustomerSpend ?? [],
                    },
                },
            },
            Message = InvitationMessage,
            Status = InvitationStatus.Pending,
            InvitationDate = ctx.Now,
            ExpirationDate = ctx.Now + Operations.Invitations.CreateEngagementInvitationHandler.Lifetime,
        };
        await ctx.Store.InsertInvitationAsync(invitation, ct);
        Events.Emit.InvitationCreated(ctx, invitation);

        // Linking the engagement is part of creating the referral, not a change of it: LastModifiedDate stays CreatedDate.
        var linked = opportunity with { Hidden = true, EngagementId = engagement.Id };
        if (!await ctx.Store.UpdateOpportunityAsync(linked, opportunity.Version, ct))
        {
            throw Model.Contracts.ApiException.Conflict($"Opportunity {opportunity.Id} was changed by another request; retry.");
        }
        return linked with { Version = opportunity.Version + 1 };
    }
}
