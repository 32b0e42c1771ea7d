using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Invitations;

/// <summary>
/// Invitations the caller sent (SENDER) or received (RECEIVER), newest first by default (spec 02 §6). Rejected and
/// expired invitations stay listed; the Status filter sees expiry as the clock does.
/// </summary>
public sealed class ListEngagementInvitationsHandler
    : IOperationHandler<ListEngagementInvitationsRequest, ListEngagementInvitationsResponse>
{
    /// <summary>The model gives no default page size; 20 matches the service's other listings (spec README §6).</summary>
    public const int DefaultPageSize = 20;

    public async Task<ListEngagementInvitationsResponse> HandleAsync(
        ListEngagementInvitationsRequest input, OperationContext ctx, CancellationToken ct)
    {
        var asSender = input.ParticipantType == ParticipantType.Sender;
        var engagementIds = input.EngagementIdentifier.OrNull()?.Select(i => Arns.ResolveId(i, input.Catalog, "engagement", "engagementIdentifier")).ToList();
        var payloadTypes = input.PayloadType.OrNull()?.Select(p => p.Value).ToList();
        var statuses = input.Status.OrNull()?.Select(s => s.Value).ToList();
        var ascending = input.Sort?.SortOrder == SortOrder.Ascending;
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, input.Catalog, asSender, payloadTypes, statuses,
            engagementIds, input.SenderAwsAccountId.OrNull(), ascending);
        var page = await ctx.Store.ListInvitationsAsync(new InvitationQuery(
            input.Catalog, ctx.AccountId, asSender, payloadTypes, statuses, engagementIds, input.SenderAwsAccountId.OrNull(),
            ctx.Now, ascending, PageToken.Decode(input.NextToken, scope), input.MaxResults ?? DefaultPageSize), ct);
        return new ListEngagementInvitationsResponse
        {
            EngagementInvitationSummaries = page.Items.Select(i => InvitationViews.Summary(i, ctx.AccountId, ctx.Now)).ToList(),
            NextToken = page.Next is null ? null : PageToken.Encode(page.Next, scope),
        };
    }
}
