using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using TaskStatus = Cosell.Model.TaskStatus;

namespace Cosell.Service.Operations.Tasks;

/// <summary>
/// Submits the caller's opportunity to AWS and engages (spec 03 §2.1): the opportunity's engagement, made if it has
/// none; an invitation to AWS unless AWS is involved already (a member or invited: the AWS sample's step 10, a lead AWS
/// sent, answers without one; a lead engagement a partner made gets one, as a Sandbox capture in AWS's Postman samples
/// shows); then the submission.
/// </summary>
public sealed class StartEngagementFromOpportunityTaskHandler
    : IOperationHandler<StartEngagementFromOpportunityTaskRequest, StartEngagementFromOpportunityTaskResponse>
{
    public async Task<StartEngagementFromOpportunityTaskResponse> HandleAsync(
        StartEngagementFromOpportunityTaskRequest input, OperationContext ctx, CancellationToken ct)
    {
        TaggableResources.CheckNew(input.Tags, "tags");
        var opportunity = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, Arns.OpportunityIdOf(input.Identifier), ct);
        // A request AWS refuses up front: no task is made.
        OpportunityRules.CheckInvolvement(input.AwsSubmission);
        var task = new TaskRecord
        {
            Catalog = input.Catalog,
            Kind = TaskKinds.EngagementFromOpportunity,
            Id = Domain.Tasks.NewId(ctx),
            InitiatorAccountId = ctx.AccountId,
            StartTime = ctx.Now,
            Status = TaskStatus.InProgress,
            OpportunityId = opportunity.Id,
            EngagementId = opportunity.EngagementId,
        };

        var engagement = opportunity.EngagementId is { } linked ? await ctx.Store.GetEngagementAsync(input.Catalog, linked, ct) : null;
        var failure = Precondition(input.Catalog, opportunity, engagement);
        if (failure is var (reason, message))
        {
            // The response's EngagementId is "only populated if TaskStatus is COMPLETE" (model doc), even when the
            // opportunity already has an engagement.
            task = task with { Status = TaskStatus.Failed, ReasonCode = reason, Message = message, EngagementId = null };
        }
        else
        {
            if (engagement is null)
            {
                engagement = await CreateEngagementAsync(ctx, opportunity, ct);
                opportunity = await Domain.Opportunities.SaveAsync(ctx, opportunity, opportunity with { EngagementId = engagement.Id }, ct);
            }
            string? invitationId = null;
            if (!await AwsParticipation.IsInvolvedAsync(ctx, engagement, ct))
            {
                invitationId = (await AwsParticipation.InviteAwsAsync(ctx, engagement, opportunity, ct)).Id;
            }
            try
            {
                // An Action Required opportunity goes back into AWS's review (spec 03 §1.1); a new one is submitted.
                opportunity = opportunity.ReviewStatus == ReviewStatus.ActionRequired
                    ? await Domain.Opportunities.SaveAsync(ctx, opportunity, opportunity with
                    {
                        LifeCycle = opportunity.LifeCycle with { ReviewStatus = ReviewStatus.Submitted },
                        AwsSubmission = input.AwsSubmission with { Visibility = input.AwsSubmission.Visibility ?? Visibility.Full },
                    }, ct)
                    : await Domain.Opportunities.SubmitAsync(ctx, opportunity, input.AwsSubmission, ct);
            }
            catch (ApiException e) when (e.Type == "ValidationException")
            {
                throw ApiException.Business("identifier", "INVALID_RESOURCE_STATE", e.ErrorList is [var first, ..] ? first.Message : e.Message);
            }
            task = task with
            {
                Status = TaskStatus.Complete,
                EngagementId = engagement.Id,
                EngagementInvitationId = invitationId,
                InvitationId = invitationId,
                // The snapshot is taken after the submission, so members see the opportunity as it now stands.
                ResourceSnapshotJobId = (await ResourceSnapshotJobs.ShareAsync(ctx, engagement.Id, opportunity, input.Tags, ct)).Id,
            };
        }
        await ctx.Store.InsertTaskAsync(task, ct);
        return new StartEngagementFromOpportunityTaskResponse
        {
            TaskId = task.Id,
            TaskArn = Domain.Tasks.Arn(task.Catalog, task.Kind, task.Id),
            StartTime = task.StartTime,
            TaskStatus = task.Status,
            Message = task.Message,
            ReasonCode = task.ReasonCode,
            OpportunityId = task.OpportunityId,
            ResourceSnapshotJobId = task.ResourceSnapshotJobId,
            EngagementId = task.EngagementId,
            EngagementInvitationId = task.EngagementInvitationId,
        };
    }

    /// <summary>
    /// Why a submission cannot go ahead, decided before anything changes: only a Pending Submission or Action Required
    /// opportunity is submitted; in the AWS catalog it needs a solution (spec 06 Q10: relaxed in Sandbox); a lead engagement
    /// needs a CustomerProject context first (DG:leads).
    /// </summary>
    private static (ReasonCode, string)? Precondition(string catalog, OpportunityRecord o, EngagementRecord? engagement)
    {
        if (!OpportunityRules.Submittable(o.ReviewStatus))
        {
            return (ReasonCode.OpportunitySubmissionFailed, $"Opportunity {o.Id} is {o.ReviewStatus}; only a Pending Submission or Action Required opportunity can be submitted.");
        }
        if (o.LifeCycle.Stage == Stage.ClosedLost)
        {
            return (ReasonCode.OpportunitySubmissionFailed, OpportunityRules.ClosedLostMessage(o.Id));
        }
        if (catalog == "AWS" && !OpportunityRules.OffersASolution(o))
        {
            return (ReasonCode.OpportunitySubmissionFailed, OpportunityRules.NoSolutionMessage(o.Id));
        }
        // The task invites AWS with the opportunity's customer, whose website the invitation requires even for national security.
        if (OpportunityRules.MissingForSubmission(o) is { Count: > 0 } missing)
        {
            return (ReasonCode.OpportunityValidationFailed, OpportunityRules.IncompleteMessage(o.Id, missing));
        }
        if (engagement is not null && engagement.Contexts.Any(c => c.Type == EngagementContextType.Lead)
            && !engagement.Contexts.Any(c => c.Type == EngagementContextType.CustomerProject))
        {
            return (ReasonCode.EngagementValidationFailed, $"Engagement {engagement.Id} is a lead without a CustomerProject context; convert the lead with StartOpportunityFromEngagementTask first.");
        }
        return null;
    }

    private static async Task<EngagementRecord> CreateEngagementAsync(OperationContext ctx, OpportunityRecord o, CancellationToken ct)
    {
        var project = OpportunityDrafts.CustomerProjectFromOpportunity(o, ctx.Now);
        var engagement = new EngagementRecord
        {
            Catalog = o.Catalog,
            Id = Identifiers.NewEngagementId(ctx.Ids),
            Title = AwsParticipation.EngagementTitle(o.Project?.Title),
            Description = AwsParticipation.EngagementDescription(o.Project?.CustomerBusinessProblem),
            CreatedAt = ctx.Now,
            CreatedBy = ctx.AccountId,
            ModifiedAt = ctx.Now,
            ModifiedBy = ctx.AccountId,
            Members = [new EngagementMemberRecord(ctx.AccountId, ctx.Now)],
            Contexts = [new EngagementContextDetails { Id = "1", Type = EngagementContextType.CustomerProject, Payload = new EngagementContextPayload { CustomerProject = project } }],
        };
        await ctx.Store.InsertEngagementAsync(engagement, ct);
        Domain.Events.Emit.EngagementCreated(ctx, engagement, ctx.AccountId);
        // The submitter becomes the engagement's first member: spec 05 §3 lists Engagement Member Added among the
        // submission's events (CreateEngagement has Engagement Created only).
        Domain.Events.Emit.MemberAdded(ctx, engagement, ctx.AccountId);
        return engagement with { Version = 1 };
    }
}
