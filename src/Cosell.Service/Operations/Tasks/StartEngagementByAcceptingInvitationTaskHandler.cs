using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using TaskStatus = Cosell.Model.TaskStatus;

namespace Cosell.Service.Operations.Tasks;

/// <summary>
/// Accepts an OpportunityInvitation and gives the receiver its own opportunity (spec 02 §8). Runs to completion at once,
/// as every observed task did. Problems decidable up front (unknown invitation, not the receiver, not PENDING) are
/// errors; a problem of the orchestration is a FAILED task with a ReasonCode and no side effect (spec 06 Q7).
/// </summary>
public sealed class StartEngagementByAcceptingInvitationTaskHandler
    : IOperationHandler<StartEngagementByAcceptingInvitationTaskRequest, StartEngagementByAcceptingInvitationTaskResponse>
{
    public async Task<StartEngagementByAcceptingInvitationTaskResponse> HandleAsync(
        StartEngagementByAcceptingInvitationTaskRequest input, OperationContext ctx, CancellationToken ct)
    {
        TaggableResources.CheckNew(input.Tags, "tags");
        var invitation = await InvitationAccess.LoadPendingForReceiverAsync(ctx, input.Catalog, input.Identifier, ct);
        var task = new TaskRecord
        {
            Catalog = input.Catalog,
            Kind = TaskKinds.AcceptInvitation,
            Id = Domain.Tasks.NewId(ctx),
            InitiatorAccountId = ctx.AccountId,
            StartTime = ctx.Now,
            Status = TaskStatus.InProgress,
            EngagementInvitationId = input.Identifier,
            InvitationId = invitation.Id,
            EngagementId = invitation.EngagementId,
        };

        if (invitation.Payload.OpportunityInvitation is not { } payload)
        {
            // Lead invitations make their receiver a member only; AcceptEngagementInvitation is the way (spec 01 §4).
            task = task with
            {
                Status = TaskStatus.Failed,
                ReasonCode = ReasonCode.InvitationValidationFailed,
                Message = $"Engagement invitation {invitation.Id} is a LeadInvitation; accept it with AcceptEngagementInvitation.",
            };
        }
        else
        {
            // The sender's opportunity, locked before the engagement the acceptance locks (the order every path keeps): a
            // Sandbox approval that reaches it (of it, or of the opportunity it mirrors) then comes wholly before this
            // acceptance (whose new opportunity copies Approved) or after it (and finds that opportunity), never between.
            OpportunityRecord? sender = null;
            if (invitation.SenderAccountId != Participants.Aws
                && (await ctx.Store.ListOpportunitiesByEngagementAsync(invitation.Catalog, invitation.EngagementId, ct))
                    .FirstOrDefault(o => o.OwnerAccountId == invitation.SenderAccountId && !o.Hidden) is { } listed)
            {
                sender = await ctx.Store.GetOpportunityAsync(listed.Catalog, listed.OwnerAccountId, listed.Id, ct);
            }
            await InvitationTransitions.AcceptAsync(ctx, invitation, ct);
            var opportunity = await ReceiverOpportunityAsync(ctx, invitation, payload, input.Tags, sender, ct);
            var job = await ResourceSnapshotJobs.ShareAsync(ctx, invitation.EngagementId, opportunity, input.Tags, ct);
            task = task with
            {
                Status = TaskStatus.Complete,
                OpportunityId = opportunity.Id,
                ResourceSnapshotJobId = job.Id,
            };
        }
        await ctx.Store.InsertTaskAsync(task, ct);
        return new StartEngagementByAcceptingInvitationTaskResponse
        {
            TaskId = task.Id,
            TaskArn = Domain.Tasks.Arn(task.Catalog, task.Kind, task.Id),
            StartTime = task.StartTime,
            TaskStatus = task.Status,
            Message = task.Message,
            ReasonCode = task.ReasonCode,
            OpportunityId = task.OpportunityId,
            ResourceSnapshotJobId = task.ResourceSnapshotJobId,
            EngagementInvitationId = task.EngagementInvitationId,
        };
    }

    /// <summary>
    /// An AWS referral reveals the opportunity the referral kept hidden, Approved (spec 06 Q9), the task's tags added to
    /// those it was created with (as TagResource adds them: a CRM's record-id tag survives); a partner's invitation
    /// creates one from the invitation, mirroring the review status of the sender's opportunity in the engagement (DG:multi;
    /// Pending Submission when the sender has none, spec 06 Q22).
    /// </summary>
    private static async Task<OpportunityRecord> ReceiverOpportunityAsync(OperationContext ctx, InvitationRecord invitation,
        OpportunityInvitationPayload payload, IReadOnlyList<Tag>? tags, OpportunityRecord? sender, CancellationToken ct)
    {
        if (invitation.SenderAccountId == Participants.Aws
            && (await ctx.Store.ListOpportunitiesByEngagementAsync(invitation.Catalog, invitation.EngagementId, ct))
                .FirstOrDefault(o => o.OwnerAccountId == ctx.AccountId && o.Hidden) is { } referral)
        {
            return await Domain.Opportunities.SaveAsync(ctx, referral, referral with
            {
                Hidden = false,
                LifeCycle = referral.LifeCycle with { ReviewStatus = ReviewStatus.Approved },
                Tags = tags is null ? referral.Tags : TaggableResources.Merge(referral.Tags ?? [], tags),
            }, ct);
        }
        var draft = OpportunityDrafts.FromInvitation(payload, ctx.Accounts.Find(ctx.AccountId), invitation.EngagementId, tags);
        // One Opportunity Updated, whether or not the mirrored review status below changes it again.
        var created = await Domain.Opportunities.CreateForEngagementAsync(ctx, invitation.Catalog, draft, ct);
        var mirrored = OpportunityReview.MirroredStatus(sender?.ReviewStatus);
        return mirrored == ReviewStatus.PendingSubmission
            ? created
            : await Domain.Opportunities.SaveAsync(ctx, created, created with { LifeCycle = created.LifeCycle with { ReviewStatus = mirrored } }, ct);
    }
}
