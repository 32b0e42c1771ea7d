using System.Globalization;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// The caller's opportunities (spec 03 §1.3), LastModifiedDate DESC unless asked otherwise, ties broken by id. Date
/// filters: After is "on or after", Before is strictly before. CustomerCompanyName matches whole names, ignoring case.
/// </summary>
public sealed class ListOpportunitiesHandler : IOperationHandler<ListOpportunitiesRequest, ListOpportunitiesResponse>
{
    public const int DefaultPageSize = 20;

    public async Task<ListOpportunitiesResponse> HandleAsync(ListOpportunitiesRequest input, OperationContext ctx, CancellationToken ct)
    {
        var sortBy = SortKey(input.Sort?.SortBy);
        var ascending = input.Sort?.SortOrder == SortOrder.Ascending;
        var ids = input.Identifier.OrNull();
        var stages = input.LifeCycleStage.OrNull()?.Select(s => s.Value).ToList();
        var statuses = input.LifeCycleReviewStatus.OrNull()?.Select(s => s.Value).ToList();
        var names = input.CustomerCompanyName.OrNull()?.Select(OpportunityRecord.CompanyNameKey).ToList();
        var modified = input.LastModifiedDate;
        var created = input.CreatedDate;
        var close = input.TargetCloseDate;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, ids, stages, statuses, names,
            modified?.AfterLastModifiedDate?.UtcTicks, modified?.BeforeLastModifiedDate?.UtcTicks,
            created?.AfterCreatedDate?.UtcTicks, created?.BeforeCreatedDate?.UtcTicks,
            close?.AfterTargetCloseDate, close?.BeforeTargetCloseDate, sortBy, ascending);
        var page = await ctx.Store.ListOpportunitiesAsync(new OpportunityQuery(
            input.Catalog, ctx.AccountId, ids, stages, statuses, names,
            modified?.AfterLastModifiedDate, modified?.BeforeLastModifiedDate,
            created?.AfterCreatedDate, created?.BeforeCreatedDate,
            close?.AfterTargetCloseDate, close?.BeforeTargetCloseDate,
            sortBy, ascending, Decode(input.NextToken, scope, sortBy), input.MaxResults ?? DefaultPageSize), ct);
        return new ListOpportunitiesResponse
        {
            OpportunitySummaries = page.Items.Select(OpportunityViews.Summary).ToList(),
            NextToken = page.Next is { } next ? Encode(next, scope, sortBy) : null,
        };
    }

    private static OpportunitySortKey SortKey(OpportunitySortName? name) => name?.Value switch
    {
        "Identifier" => OpportunitySortKey.Identifier,
        "CustomerCompanyName" => OpportunitySortKey.CustomerCompanyName,
        "CreatedDate" => OpportunitySortKey.CreatedDate,
        "TargetCloseDate" => OpportunitySortKey.TargetCloseDate,
        _ => OpportunitySortKey.LastModifiedDate,
    };

    private static bool IsTextSort(OpportunitySortKey key) =>
        key is OpportunitySortKey.CustomerCompanyName or OpportunitySortKey.TargetCloseDate;

    /// <summary>The token's keyset position: the id number, and the sort key as text (ticks in decimal for the date sorts).</summary>
    private static string Encode(OpportunityPosition p, string scope, OpportunitySortKey sortBy) =>
        PageToken.Encode(new SortPosition(p.Number,
            IsTextSort(sortBy) ? p.TextKey ?? "" : p.Key.ToString(CultureInfo.InvariantCulture)), scope);

    private static OpportunityPosition? Decode(string? token, string scope, OpportunitySortKey sortBy)
    {
        if (PageToken.Decode(token, scope) is not { } p)
        {
            return null;
        }
        if (IsTextSort(sortBy))
        {
            return new OpportunityPosition(0, p.Id, p.Ticks);
        }
        return long.TryParse(p.Id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? new OpportunityPosition(key, null, p.Ticks)
            : throw PageToken.Invalid();
    }
}
