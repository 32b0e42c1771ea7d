using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.SnapshotJobs;

/// <summary>
/// The caller's jobs, filtered by engagement and status; CreatedDate DESC by default, 100 a page (spec 03 §4, spec 06 Q24).
/// </summary>
public sealed class ListResourceSnapshotJobsHandler : IOperationHandler<ListResourceSnapshotJobsRequest, ListResourceSnapshotJobsResponse>
{
    public async Task<ListResourceSnapshotJobsResponse> HandleAsync(ListResourceSnapshotJobsRequest input, OperationContext ctx, CancellationToken ct)
    {
        var ascending = input.Sort?.SortOrder == SortOrder.Ascending;
        var status = input.Status?.Value;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, input.EngagementIdentifier, status, ascending);
        var page = await ctx.Store.ListSnapshotJobsAsync(new ResourceSnapshotJobQuery(input.Catalog, ctx.AccountId,
            input.EngagementIdentifier, status, ascending, PageToken.Decode(input.NextToken, scope),
            input.MaxResults ?? ResourceSnapshotJobs.DefaultPageSize), ct);
        return new ListResourceSnapshotJobsResponse
        {
            ResourceSnapshotJobSummaries = page.Items.Select(j => new ResourceSnapshotJobSummary
            {
                Id = j.Id,
                Arn = ResourceSnapshotJobs.Arn(j),
                EngagementId = j.EngagementId,
                Status = j.Status,
            }).ToList(),
            NextToken = page.Next is null ? null : PageToken.Encode(page.Next, scope),
        };
    }
}
