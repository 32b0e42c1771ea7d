using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Tasks;

/// <summary>Lead-to-opportunity runs started by the caller's account.</summary>
public sealed class ListOpportunityFromEngagementTasksHandler
    : IOperationHandler<ListOpportunityFromEngagementTasksRequest, ListOpportunityFromEngagementTasksResponse>
{
    public async Task<ListOpportunityFromEngagementTasksResponse> HandleAsync(
        ListOpportunityFromEngagementTasksRequest input, OperationContext ctx, CancellationToken ct)
    {
        var (items, next) = await Domain.Tasks.ListAsync(ctx, input.Catalog, TaskKinds.OpportunityFromEngagement,
            input.TaskStatus?.Select(s => s.Value).ToList(), input.TaskIdentifier, input.OpportunityIdentifier,
            input.EngagementIdentifier, null, input.ContextIdentifier, input.Sort?.SortOrder == SortOrder.Ascending,
            input.MaxResults, input.NextToken, ct);
        return new ListOpportunityFromEngagementTasksResponse
        {
            TaskSummaries = items.Select(t => new ListOpportunityFromEngagementTaskSummary
            {
                TaskId = t.Id,
                TaskArn = Domain.Tasks.Arn(t.Catalog, t.Kind, t.Id),
                StartTime = t.StartTime,
                TaskStatus = t.Status,
                Message = t.Message,
                ReasonCode = t.ReasonCode,
                OpportunityId = t.OpportunityId,
                ResourceSnapshotJobId = t.ResourceSnapshotJobId,
                EngagementId = t.EngagementId,
                ContextId = t.ContextId,
            }).ToList(),
            NextToken = next,
        };
    }
}
