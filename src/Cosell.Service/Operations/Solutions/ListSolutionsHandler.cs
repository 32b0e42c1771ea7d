using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Solutions;

/// <summary>
/// The caller's registered solutions in the catalog (spec 03 §5; configured, see <see cref="AccountProfiles"/>).
/// Identifier DESC by default; Identifier sorts by the number after <c>S-</c>; ties are broken by id.
/// </summary>
public sealed class ListSolutionsHandler : IOperationHandler<ListSolutionsRequest, ListSolutionsResponse>
{
    public const int DefaultPageSize = 20;

    public Task<ListSolutionsResponse> HandleAsync(ListSolutionsRequest input, OperationContext ctx, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var statuses = input.Status.OrNull()?.Select(s => s.Value).ToList();
        var ids = input.Identifier.OrNull();
        var categories = input.Category.OrNull();
        // Configured solutions carry no AWS Marketplace ARN (model/patches/004), so this filter matches none of them.
        var marketplaceArns = input.AwsMarketplaceSolutionArn.OrNull();
        var sortBy = input.Sort?.SortBy.Value ?? "Identifier";
        var ascending = input.Sort?.SortOrder == SortOrder.Ascending;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, statuses, ids, categories, sortBy, ascending, marketplaceArns);

        var all = ctx.Accounts.Find(ctx.AccountId) is { } account ? AccountProfiles.Solutions(account, input.Catalog) : [];
        var matching = all
            .Where(s => (statuses is null || statuses.Contains(s.Status.Value))
                && (ids is null || ids.Contains(s.Id))
                && (categories is null || categories.Contains(s.Category))
                && marketplaceArns is null)
            .ToList();
        matching.Sort((a, b) => ascending ? Compare(a, b, sortBy) : Compare(b, a, sortBy));

        // The position is the id of the last solution returned; the list is rebuilt from configuration on every call.
        var start = 0;
        if (PageToken.Decode(input.NextToken, scope) is { } after)
        {
            var index = matching.FindIndex(s => s.Id == after.Id);
            start = index < 0 ? matching.Count : index + 1;
        }
        var size = input.MaxResults ?? DefaultPageSize;
        var slice = matching.Skip(start).Take(size).ToList();
        var end = start + slice.Count;
        return Task.FromResult(new ListSolutionsResponse
        {
            SolutionSummaries = slice.Select(s => new SolutionBase
            {
                Catalog = input.Catalog,
                Id = s.Id,
                Arn = Arns.Solution(input.Catalog, ctx.AccountId, s.Id),
                Name = s.Name,
                Status = s.Status,
                Category = s.Category,
                CreatedDate = s.CreatedDate,
            }).ToList(),
            NextToken = end < matching.Count ? PageToken.Encode(new SortPosition(end, slice[^1].Id), scope) : null,
        });
    }

    private static int Compare(SolutionRecord a, SolutionRecord b, string sortBy)
    {
        var c = sortBy switch
        {
            "Name" => string.CompareOrdinal(a.Name, b.Name),
            "Status" => string.CompareOrdinal(a.Status.Value, b.Status.Value),
            "Category" => string.CompareOrdinal(a.Category, b.Category),
            "CreatedDate" => a.CreatedDate.CompareTo(b.CreatedDate),
            _ => 0,
        };
        return c != 0 ? c : CompareIds(a.Id, b.Id);
    }

    /// <summary>S-ids by their number (shorter digit strings are smaller), then as text.</summary>
    private static int CompareIds(string a, string b)
    {
        var c = a.Length.CompareTo(b.Length);
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }
}
