using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Prospecting;

/// <summary>
/// The prospecting tasks the caller started: filters by id, name and a StartTime window (both ends exclusive, as "after"
/// and "before" read); sorted by StartTime, TaskName or FailedEngagementCount, StartTime DESC by default; 20 a page.
/// </summary>
public sealed class ListProspectingFromEngagementTasksHandler
    : IOperationHandler<ListProspectingFromEngagementTasksRequest, ListProspectingFromEngagementTasksResponse>
{
    public async Task<ListProspectingFromEngagementTasksResponse> HandleAsync(
        ListProspectingFromEngagementTasksRequest input, OperationContext ctx, CancellationToken ct)
    {
        // Plain task ids only, as GetProspectingFromEngagementTask takes (API reference: ListProspectingFromEngagementTasks).
        var ids = input.TaskIdentifier.OrNull();
        var names = input.TaskName.OrNull();
        var sortBy = input.Sort?.SortBy.Value switch
        {
            "TaskName" => ProspectingTaskSortKey.TaskName,
            "FailedEngagementCount" => ProspectingTaskSortKey.FailedEngagementCount,
            _ => ProspectingTaskSortKey.StartTime,
        };
        var ascending = input.Sort?.SortOrder == SortOrder.Ascending;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, ids, names, input.StartAfter?.UtcTicks,
            input.StartBefore?.UtcTicks, sortBy, ascending);
        var after = PageToken.Decode(input.NextToken, scope);
        var page = await ctx.Store.ListProspectingTasksAsync(new ProspectingTaskQuery(input.Catalog, ctx.AccountId, ids, names,
            input.StartAfter, input.StartBefore, sortBy, ascending, Position(after, sortBy), input.MaxResults ?? Domain.Prospecting.DefaultPageSize), ct);
        return new ListProspectingFromEngagementTasksResponse
        {
            TaskSummaries = page.Items.Select(t => new ProspectingTaskSummary
            {
                TaskId = t.Id,
                TaskArn = Domain.Prospecting.Arn(t.Catalog, t.Id),
                TaskName = t.TaskName,
                StartTime = t.StartTime,
                EndTime = t.EndTime,
                TotalEngagementCount = t.TotalEngagementCount,
                CompletedEngagementCount = t.CompletedEngagementCount,
                FailedEngagementCount = t.FailedEngagementCount,
            }).ToList(),
            NextToken = page.Next is { } next ? PageToken.Encode(Token(next, sortBy), scope) : null,
        };
    }

    // The page token carries (number, id); a TaskName position keeps the name in the id part, before the task id.
    private static ProspectingTaskPosition? Position(SortPosition? p, ProspectingTaskSortKey sortBy)
    {
        if (p is null)
        {
            return null;
        }
        if (sortBy != ProspectingTaskSortKey.TaskName)
        {
            return new ProspectingTaskPosition(p.Ticks, null, p.Id);
        }
        var split = p.Id.LastIndexOf('\n');
        return new ProspectingTaskPosition(0, p.Id[..Math.Max(split, 0)], p.Id[(split + 1)..]);
    }

    private static SortPosition Token(ProspectingTaskPosition p, ProspectingTaskSortKey sortBy) =>
        sortBy == ProspectingTaskSortKey.TaskName ? new SortPosition(0, p.TextKey + "\n" + p.Id) : new SortPosition(p.Key, p.Id);
}
