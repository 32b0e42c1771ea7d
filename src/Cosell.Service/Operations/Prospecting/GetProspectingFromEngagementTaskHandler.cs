using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Prospecting;

/// <summary>A prospecting task the caller started, with each engagement's outcome; anyone else's is not found.</summary>
public sealed class GetProspectingFromEngagementTaskHandler
    : IOperationHandler<GetProspectingFromEngagementTaskRequest, GetProspectingFromEngagementTaskResponse>
{
    public async Task<GetProspectingFromEngagementTaskResponse> HandleAsync(
        GetProspectingFromEngagementTaskRequest input, OperationContext ctx, CancellationToken ct)
    {
        // A plain id only: the model's pattern has no ARN form (API reference: GetProspectingFromEngagementTask).
        var id = input.TaskIdentifier;
        var task = await ctx.Store.GetProspectingTaskAsync(input.Catalog, ctx.AccountId, id, ct)
            ?? throw ApiException.NotFound($"Prospecting task {id} was not found in catalog {input.Catalog}.");
        return new GetProspectingFromEngagementTaskResponse
        {
            TaskId = task.Id,
            TaskArn = Domain.Prospecting.Arn(task.Catalog, task.Id),
            TaskName = task.TaskName,
            StartTime = task.StartTime,
            EndTime = task.EndTime,
            Engagements = task.Engagements,
        };
    }
}
