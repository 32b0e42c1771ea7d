using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Tasks;

/// <summary>Submit-and-engage runs started by the caller's account; how clients find an opportunity's engagement.</summary>
public sealed class ListEngagementFromOpportunityTasksHandler
    : IOperationHandler<ListEngagementFromOpportunityTasksRequest, ListEngagementFromOpportunityTasksResponse>
{
    public async Task<ListEngagementFromOpportunityTasksResponse> HandleAsync(
        ListEngagementFromOpportunityTasksRequest input, OperationContext ctx, CancellationToken ct)
    {
        var (items, next) = await Domain.Tasks.ListAsync(ctx, input.Catalog, TaskKinds.EngagementFromOpportunity,
            input.TaskStatus?.Select(s => s.Value).ToList(), input.TaskIdentifier, input.OpportunityIdentifier,
            input.EngagementIdentifier, null, null, input.Sort?.SortOrder == SortOrder.Ascending, input.MaxResults, input.NextToken, ct);
        return new ListEngagementFromOpportunityTasksResponse
        {
            TaskSummaries = items.Select(t => new ListEngagementFromOpportunityTaskSummary
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
                EngagementInvitationId = t.EngagementInvitationId,
            }).ToList(),
            NextToken = next,
        };
    }
}
