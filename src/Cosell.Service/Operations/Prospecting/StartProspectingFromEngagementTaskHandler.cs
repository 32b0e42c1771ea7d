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
            Id = Domain.Tasks.NewId(ctx),
            InitiatorAccountId = ctx.AccountId,
            TaskName = input.TaskName,
            StartTime = ctx.Now,
            Status = ProspectingTaskStatus.InProgress,
            Identifiers = input.Identifiers,
            Engagements = [],
        };
        var results = new List<EngagementProspectingResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in input.Identifiers)
        {
            var id = Arns.ResolveId(identifier, input.Catalog, "engagement", "identifiers");
            if (seen.Add(id))
            {
                results.Add(await Domain.Prospecting.ProspectAsync(ctx, input.Catalog, identifier, task, ct));
            }
        }
        task = Domain.Prospecting.Finish(task, results, ctx.Now);
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
