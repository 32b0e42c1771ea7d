using Cosell.Model;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// AWS as an engagement participant (pseudo-account "aws", spec README §2): the invitation a submission sends to AWS,
/// and AWS joining when it approves.
/// </summary>
public static class AwsParticipation
{
    /// <summary>Engagements made from an opportunity take the opportunity's title, cut to the 40 characters a title holds (spec 06 Q28).</summary>
    public static string EngagementTitle(string? title) =>
        string.IsNullOrEmpty(title) ? "Engagement" : CodePoints.Truncate(title, 40);

    public static string EngagementDescription(string? problem) =>
        string.IsNullOrEmpty(problem) ? "" : CodePoints.Truncate(problem, 255);

    /// <summary>True when AWS is a member or already holds a pending invitation to the engagement.</summary>
    public static async Task<bool> IsInvolvedAsync(OperationContext ctx, EngagementRecord engagement, CancellationToken ct)
    {
        if (engagement.IsMember(Participants.Aws))
        {
            return true;
        }
        var pending = await ctx.Store.ListPendingReceiversAsync(engagement.Catalog, engagement.Id, ct);
        return pending.Any(i => i.ReceiverAccountId == Participants.Aws && i.IsPendingAt(ctx.Now));
    }

    /// <summary>
    /// The partner opportunity whose data the AWS opportunity linked to <paramref name="o"/> shows. An engagement has one
    /// AWS opportunity, made by its submission or its AWS referral: a receiver's opportunity (made from an invitation,
    /// neither submitted nor referred itself) shows the submitter's or the referral's, as a real receiving partner's
    /// summary in AWS's Postman samples showed the sender's contacts, next steps and spend. Only GetAwsOpportunitySummary
    /// reads it so; the receiver's own AwsOpportunitySummaryFullView snapshots stay its own (its jobs follow its changes).
    /// Where several members submitted (one rejected, a later one approved), the copy shows the submission whose review it
    /// reads, the first such one.
    /// </summary>
    public static async Task<OpportunityRecord> AwsOpportunityOfAsync(OperationContext ctx, OpportunityRecord o, CancellationToken ct)
    {
        if (o.MadeAwsOpportunity || o.EngagementId is not { } engagement)
        {
            return o;
        }
        return (await ctx.Store.ListOpportunitiesByEngagementAsync(o.Catalog, engagement, ct))
            .Where(other => other.OwnerAccountId != o.OwnerAccountId && !other.Hidden && other.MadeAwsOpportunity)
            .OrderBy(other => OpportunityReview.MirroredStatus(other.ReviewStatus) == o.ReviewStatus ? 0 : 1)
            .ThenBy(other => other.Number)
            .FirstOrDefault() ?? o;
    }

    /// <summary>The invitation a partner's submission sends to AWS (spec 02 §10), built from the opportunity.</summary>
    public static async Task<InvitationRecord> InviteAwsAsync(
        OperationContext ctx, EngagementRecord engagement, OpportunityRecord opportunity, CancellationToken ct)
    {
        var invitation = NewInvitation(ctx, engagement, ctx.AccountId, Participants.Aws,
            OpportunityPayload(ctx, engagement, opportunity, [ReceiverResponsibility.CoSellFacilitator], null),
            $"Submission of opportunity {opportunity.Id} for AWS co-sell review.");
        await ctx.Store.InsertInvitationAsync(invitation, ct);
        Events.Emit.InvitationCreated(ctx, invitation);
        return invitation;
    }

    /// <summary>A PENDING OpportunityInvitation between two participants of an engagement, expiring after the usual lifetime.</summary>
    public static InvitationRecord NewInvitation(
        OperationContext ctx, EngagementRecord engagement, string sender, string receiver, OpportunityInvitationPayload payload, string message) => new()
    {
        Catalog = engagement.Catalog,
        Id = Identifiers.NewInvitationId(ctx.Ids),
        EngagementId = engagement.Id,
        EngagementTitle = engagement.Title,
        EngagementDescription = engagement.Description,
        SenderAccountId = sender,
        SenderCompanyName = Participants.CompanyName(ctx.Accounts, sender),
        ReceiverAccountId = receiver,
        Receiver = new Receiver { Account = new AccountReceiver { AwsAccountId = receiver, Alias = AliasOf(ctx, sender, receiver) } },
        PayloadType = EngagementInvitationPayloadType.OpportunityInvitation,
        Payload = new Payload { OpportunityInvitation = payload },
        Message = message,
        Status = InvitationStatus.Pending,
        InvitationDate = ctx.Now,
        ExpirationDate = ctx.Now + Operations.Invitations.CreateEngagementInvitationHandler.Lifetime,
    };

    /// <summary>
    /// AWS names the receiving partner by its company name (cut to the 80 characters an alias holds), as the real
    /// invitations AWS sent in AWS's Postman samples show; what a partner's submission sends AWS is not known.
    /// </summary>
    private static string? AliasOf(OperationContext ctx, string sender, string receiver) =>
        sender == Participants.Aws ? CodePoints.Truncate(Participants.CompanyName(ctx.Accounts, receiver), 80) : null;

    /// <summary>
    /// An OpportunityInvitation payload from an opportunity: only company, industry, website and country identify the
    /// customer (DG:awsopp); members the opportunity lacks get neutral values so the payload stays model-valid.
    /// </summary>
    public static OpportunityInvitationPayload OpportunityPayload(
        OperationContext ctx, EngagementRecord engagement, OpportunityRecord opportunity,
        IReadOnlyList<ReceiverResponsibility> responsibilities, IReadOnlyList<SenderContact>? senderContacts)
    {
        var account = opportunity.Customer?.Account;
        return new OpportunityInvitationPayload
        {
            ReceiverResponsibilities = responsibilities,
            SenderContacts = senderContacts,
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
        };
    }

    /// <summary>
    /// AWS declines the engagement a rejected submission invited it to: its pending invitation becomes REJECTED (event
    /// Engagement Invitation Rejected); AWS does not join.
    /// </summary>
    public static Task DeclineAsync(OperationContext ctx, string catalog, string engagementId, CancellationToken ct) =>
        AnswerPendingAsync(ctx, catalog, engagementId, InvitationStatus.Rejected, Events.EventTypes.InvitationRejected, ct);

    /// <summary>Answers AWS's pending invitations into the engagement with <paramref name="answer"/>, one event each.</summary>
    private static async Task AnswerPendingAsync(
        OperationContext ctx, string catalog, string engagementId, InvitationStatus answer, string eventType, CancellationToken ct)
    {
        foreach (var pending in await ctx.Store.ListPendingInvitationsForEngagementAsync(catalog, engagementId, ct))
        {
            if (pending.ReceiverAccountId == Participants.Aws && pending.StatusAt(ctx.Now) == InvitationStatus.Pending)
            {
                var answered = pending with { Status = answer, RespondedAt = ctx.Now };
                if (!await ctx.Store.UpdateInvitationAsync(answered, pending.Version, ct))
                {
                    throw Model.Contracts.ApiException.Conflict($"Engagement invitation {pending.Id} was answered by another request.");
                }
                Events.Emit.InvitationAnswered(ctx, answered, eventType);
            }
        }
    }

    /// <summary>AWS accepts its pending invitation and joins the engagement (what approval of a submission does, spec 02 §10).</summary>
    public static async Task<EngagementRecord?> JoinAsync(OperationContext ctx, string catalog, string engagementId, CancellationToken ct)
    {
        var engagement = await ctx.Store.GetEngagementAsync(catalog, engagementId, ct);
        if (engagement is null)
        {
            return null;
        }
        await AnswerPendingAsync(ctx, catalog, engagementId, InvitationStatus.Accepted, Events.EventTypes.InvitationAccepted, ct);
        if (engagement.IsMember(Participants.Aws))
        {
            return engagement;
        }
        var joined = engagement.ChangedBy(Participants.Aws, ctx.Now) with
        {
            Members = [.. engagement.Members, new EngagementMemberRecord(Participants.Aws, ctx.Now)],
        };
        if (!await ctx.Store.UpdateEngagementAsync(joined, engagement.Version, ct))
        {
            throw Model.Contracts.ApiException.Conflict($"Engagement {engagement.Id} was changed by another request; retry.");
        }
        Events.Emit.MemberAdded(ctx, joined, Participants.Aws);
        return joined with { Version = engagement.Version + 1 };
    }
}
