using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Tasks;

/// <summary>Accept-by-task runs started by the caller's account.</summary>
public sealed class ListEngagementByAcceptingInvitationTasksHandler
    : IOperationHandler<ListEngagementByAcceptingInvitationTasksRequest, ListEngagementByAcceptingInvitationTasksResponse>
{
    public async Task<ListEngagementByAcceptingInvitationTasksResponse> HandleAsync(
        ListEngagementByAcceptingInvitationTasksRequest input, OperationContext ctx, CancellationToken ct)
    {
        var (items, next) = await Domain.Tasks.ListAsync(ctx, input.Catalog, TaskKinds.AcceptInvitation,
            input.TaskStatus?.Select(s => s.Value).ToList(), input.TaskIdentifier, input.OpportunityIdentifier, null,
            input.EngagementInvitationIdentifier, null, input.Sort?.SortOrder == SortOrder.Ascending, input.MaxResults, input.NextToken, ct);
        return new ListEngagementByAcceptingInvitationTasksResponse
        {
            TaskSummaries = items.Select(t => new ListEngagementByAcceptingInvitationTaskSummary
            {
                TaskId = t.Id,
                TaskArn = Domain.Tasks.Arn(t.Catalog, t.Kind, t.Id),
                StartTime = t.StartTime,
                TaskStatus = t.Status,
                Message = t.Message,
                ReasonCode = t.ReasonCode,
                OpportunityId = t.OpportunityId,
                ResourceSnapshotJobId = t.ResourceSnapshotJobId,
                // The plain id, as the model's pattern for this member and a real listing (AWS's Postman samples)
                // have it; only the Start response echoes an ARN the caller passed (spec 02 §8).
                EngagementInvitationId = t.InvitationId ?? t.EngagementInvitationId,
            }).ToList(),
            NextToken = next,
        };
    }
}
