using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>State changes shared by AcceptEngagementInvitation and StartEngagementByAcceptingInvitationTask.</summary>
public static class InvitationTransitions
{
    public static async Task<EngagementRecord> AcceptAsync(OperationContext ctx, InvitationRecord invitation, CancellationToken ct)
    {
        var accepted = invitation with { Status = InvitationStatus.Accepted, RespondedAt = ctx.Now };
        if (!await ctx.Store.UpdateInvitationAsync(accepted, invitation.Version, ct))
        {
            throw ApiException.Conflict($"Engagement invitation {invitation.Id} was answered by another request.");
        }
        Events.Emit.InvitationAnswered(ctx, accepted, Events.EventTypes.InvitationAccepted);
        var engagement = await ctx.Store.GetEngagementAsync(invitation.Catalog, invitation.EngagementId, ct)
            ?? throw ApiException.NotFound($"Engagement {invitation.EngagementId} was not found in catalog {invitation.Catalog}.");
        if (engagement.IsMember(ctx.AccountId))
        {
            // CreateEngagementInvitation refuses a member and a second pending invitation, so only a clock that went back (a
            // restart after --clock-control moved it) leaves one behind; accepting it would give the member a second
            // opportunity in the engagement. Refused as creating it would have been; the transaction undoes the answer above.
            throw ApiException.Conflict($"Account {ctx.AccountId} is already a member of engagement {engagement.Id}.");
        }
        var joined = engagement.ChangedBy(ctx.AccountId, ctx.Now) with
        {
            Members = [.. engagement.Members, new EngagementMemberRecord(ctx.AccountId, ctx.Now)],
        };
        if (!await ctx.Store.UpdateEngagementAsync(joined, engagement.Version, ct))
        {
            throw ApiException.Conflict($"Engagement {engagement.Id} was changed by another request; retry.");
        }
        Events.Emit.MemberAdded(ctx, joined, ctx.AccountId);
        return joined;
    }
}
