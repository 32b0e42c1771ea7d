using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Operations.Contexts;
using TaskStatus = Cosell.Model.TaskStatus;

namespace Cosell.Service.Operations.Tasks;

/// <summary>
/// Converts a lead into the caller's opportunity (spec 03 §2.2): a draft opportunity from the Lead context, linked to the
/// engagement, and a new CustomerProject context whose id the response returns (spec 06 Q11; each member's conversion
/// adds its own). A disqualified lead (in any letter case: the status is free text) is not converted.
/// </summary>
public sealed class StartOpportunityFromEngagementTaskHandler
    : IOperationHandler<StartOpportunityFromEngagementTaskRequest, StartOpportunityFromEngagementTaskResponse>
{
    public async Task<StartOpportunityFromEngagementTaskResponse> HandleAsync(
        StartOpportunityFromEngagementTaskRequest input, OperationContext ctx, CancellationToken ct)
    {
        TaggableResources.CheckNew(input.Tags, "tags");
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.Identifier, "identifier", ct);
        var task = new TaskRecord
        {
            Catalog = input.Catalog,
            Kind = TaskKinds.OpportunityFromEngagement,
            Id = Domain.Tasks.NewId(ctx),
            InitiatorAccountId = ctx.AccountId,
            StartTime = ctx.Now,
            Status = TaskStatus.InProgress,
            EngagementId = engagement.Id,
            ContextId = input.ContextIdentifier,
        };

        var source = engagement.Contexts.FirstOrDefault(c => c.Id == input.ContextIdentifier);
        var failure = source switch
        {
            null => (ReasonCode.ContextNotFound, $"Engagement {engagement.Id} has no context {input.ContextIdentifier}."),
            { Type: var t } when t == EngagementContextType.CustomerProject =>
                (ReasonCode.CustomerProjectContextNotPermitted, $"Context {input.ContextIdentifier} is a CustomerProject context; only a Lead context can become an opportunity."),
            // No code of the model's list fits a ProspectingResult context better: no Lead context has this id.
            { Payload.Lead: null, Type: var t } => (ReasonCode.ContextNotFound,
                $"Context {input.ContextIdentifier} is a {t} context, not a Lead context; only a Lead context can become an opportunity."),
            { Payload.Lead.QualificationStatus: var status } when string.Equals(status, "Disqualified", StringComparison.OrdinalIgnoreCase) =>
                (ReasonCode.DisqualifiedLeadNotPermitted, $"The lead in context {input.ContextIdentifier} is Disqualified and cannot become an opportunity."),
            _ => ((ReasonCode, string)?)null,
        };
        if (failure is var (reason, message))
        {
            task = task with { Status = TaskStatus.Failed, ReasonCode = reason, Message = message };
        }
        // Converting the lead again would make a second opportunity of the partner, and a second CustomerProject context.
        else if (await Domain.Opportunities.OwnInEngagementAsync(ctx, input.Catalog, engagement.Id, ct) is { } own)
        {
            task = task with
            {
                Status = TaskStatus.Failed,
                ReasonCode = ReasonCode.OpportunityConflict,
                Message = Domain.Opportunities.OneOpportunityPerPartner(engagement.Id, own.Id),
            };
        }
        else if (engagement.Contexts.Count >= EngagementContexts.MaxContexts)
        {
            task = task with
            {
                Status = TaskStatus.Failed,
                ReasonCode = ReasonCode.ServiceQuotaExceeded,
                Message = $"Engagement {engagement.Id} already has {EngagementContexts.MaxContexts} contexts; no CustomerProject context can be added.",
            };
        }
        else
        {
            var lead = source!.Payload!.Lead!;
            var opportunity = await Domain.Opportunities.CreateForEngagementAsync(ctx, input.Catalog, OpportunityDrafts.FromLead(lead, ctx.Accounts.Find(ctx.AccountId), engagement.Id, ctx.Now, input.Tags), ct);
            var (_, contextId) = await CreateEngagementContextHandler.AddAsync(ctx, engagement, EngagementContextType.CustomerProject,
                new EngagementContextPayload { CustomerProject = OpportunityDrafts.CustomerProjectFromLead(lead, ctx.Now) }, ct);
            task = task with
            {
                Status = TaskStatus.Complete,
                OpportunityId = opportunity.Id,
                ContextId = contextId,
                SourceContextId = input.ContextIdentifier,
                ResourceSnapshotJobId = (await ResourceSnapshotJobs.ShareAsync(ctx, engagement.Id, opportunity, input.Tags, ct)).Id,
            };
        }
        await ctx.Store.InsertTaskAsync(task, ct);
        return new StartOpportunityFromEngagementTaskResponse
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
            ContextId = task.ContextId,
        };
    }
}
