using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Engagements;

/// <summary>Members in join order; only members may list them (spec 01 §2).</summary>
public sealed class ListEngagementMembersHandler : IOperationHandler<ListEngagementMembersRequest, ListEngagementMembersResponse>
{
    public const int DefaultPageSize = 5;

    public async Task<ListEngagementMembersResponse> HandleAsync(ListEngagementMembersRequest input, OperationContext ctx, CancellationToken ct)
    {
        var e = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.Identifier, "identifier", ct);
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, e.Id);
        // The position is the join index, which never changes: members are only ever appended. The token's digest
        // covers it, but the digest is no secret: an index no page could have ended at is refused here too.
        var position = PageToken.Decode(input.NextToken, scope)?.Ticks ?? 0;
        if (position < 0 || position > e.Members.Count)
        {
            throw PageToken.Invalid();
        }
        var start = (int)position;
        var size = input.MaxResults ?? DefaultPageSize;
        var slice = e.Members.Skip(start).Take(size).ToList();
        var end = start + slice.Count;
        return new ListEngagementMembersResponse
        {
            EngagementMemberList = slice.Select(m => Participants.Member(ctx.Accounts, m.AccountId)).ToList(),
            NextToken = end < e.Members.Count ? PageToken.Encode(new SortPosition(end, e.Id), scope) : null,
        };
    }
}
