using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Engagements;

/// <summary>Engagements the caller is a member of (spec 01 §2), newest first unless asked otherwise.</summary>
public sealed class ListEngagementsHandler : IOperationHandler<ListEngagementsRequest, ListEngagementsResponse>
{
    public const int DefaultPageSize = 20;

    public async Task<ListEngagementsResponse> HandleAsync(ListEngagementsRequest input, OperationContext ctx, CancellationToken ct)
    {
        var ids = input.EngagementIdentifier.OrNull()?.Select(i => Arns.ResolveId(i, input.Catalog, "engagement", "engagementIdentifier")).ToList();
        var contextTypes = input.ContextTypes.OrNull()?.Select(t => t.Value).ToList();
        var excludeContextTypes = input.ExcludeContextTypes.OrNull()?.Select(t => t.Value).ToList();
        var ascending = input.Sort?.SortOrder == SortOrder.Ascending;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, ids, input.CreatedBy.OrNull(), input.ExcludeCreatedBy.OrNull(),
            contextTypes, excludeContextTypes, ascending);
        var page = await ctx.Store.ListEngagementsAsync(new EngagementQuery(
            input.Catalog, ctx.AccountId, ids, input.CreatedBy.OrNull(), input.ExcludeCreatedBy.OrNull(), contextTypes, excludeContextTypes,
            ascending, PageToken.Decode(input.NextToken, scope), input.MaxResults ?? DefaultPageSize), ct);
        return new ListEngagementsResponse
        {
            EngagementSummaryList = page.Items.Select(e => new EngagementSummary
            {
                Arn = Arns.Engagement(e.Catalog, e.Id),
                Id = e.Id,
                Title = e.Title,
                CreatedAt = e.CreatedAt,
                CreatedBy = e.CreatedBy,
                MemberCount = e.Members.Count,
                ModifiedAt = e.ModifiedAt,
                ModifiedBy = e.ModifiedBy,
                ContextTypes = e.Contexts.Select(c => c.Type).Distinct().ToList(),
            }).ToList(),
            NextToken = page.Next is null ? null : PageToken.Encode(page.Next, scope),
        };
    }
}
