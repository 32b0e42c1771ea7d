using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Prospecting;

/// <summary>
/// Prospects up to 100 engagements (spec 01 §5): each one the caller is a member of gets a synthetic ProspectingResult
/// context (<see cref="Domain.Prospecting"/>); each one fails or succeeds on its own. The task completes in the request:
/// COMPLETED, or FAILED when every engagement failed. A repeated ClientToken returns the first response.
/// </summary>
public sealed class StartProspectingFromEngagementTaskHandler
    : IOperationHandler<StartProspectingFromEngagementTaskRequest, StartProspectingFromEngagementTaskResponse>
{
    public async Task<StartProspectingFromEngagementTaskResponse> HandleAsync(
        StartProspectingFromEngagementTaskRequest input, OperationContext ctx, CancellationToken ct)
    {
        var task = new ProspectingTaskRecord
        {
            Catalog = input.Catalog,
            Id = Domain.Prospecting.NewId(ctx),
            InitiatorAccountId = ctx.AccountId,
            TaskName = input.TaskName,
            StartTime = ctx.Now,
            Status = ProspectingTaskStatus.InProgress,
            Identifiers = input.Identifiers,
            Engagements = [],
        };
        // One result per engagement (a repeated identifier counts once), in the order the request names them; engagements
        // are processed in id order, so that two tasks naming the same engagements take their locks in the same order.
        var order = input.Identifiers.Distinct(StringComparer.Ordinal).ToList();
        var outcomes = new Dictionary<string, EngagementProspectingResult>(StringComparer.Ordinal);
        foreach (var id in order.Order(StringComparer.Ordinal))
        {
            outcomes[id] = await Domain.Prospecting.ProspectAsync(ctx, input.Catalog, id, task, ct);
        }
        task = Domain.Prospecting.Finish(task, order.Select(id => outcomes[id]).ToList(), ctx.Now);
        await ctx.Store.InsertProspectingTaskAsync(task, ct);
        return new StartProspectingFromEngagementTaskResponse
        {
            Identifiers = task.Identifiers,
            TaskName = task.TaskName,
            StartTime = task.StartTime,
            TaskStatus = task.Status,
            Message = task.Message,
            ReasonCode = task.ReasonCode,
            TaskId = task.Id,
            TaskArn = Domain.Prospecting.Arn(task.Catalog, task.Id),
        };
    }
}
