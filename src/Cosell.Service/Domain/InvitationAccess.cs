using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>Loading an invitation for a caller (spec 02 §5, §7, §9).</summary>
public static class InvitationAccess
{
    public static async Task<InvitationRecord> LoadAsync(OperationContext ctx, string catalog, string identifier, CancellationToken ct)
    {
        var id = Arns.ResolveId(identifier, catalog, "engagement-invitation", "identifier");
        return await ctx.Store.GetInvitationAsync(catalog, id, ct)
            ?? throw ApiException.NotFound($"Engagement invitation {id} was not found in catalog {catalog}.");
    }

    /// <summary>Only the receiver moves an invitation, and only while it is PENDING (expired ones included in "not").</summary>
    public static async Task<InvitationRecord> LoadPendingForReceiverAsync(
        OperationContext ctx, string catalog, string identifier, CancellationToken ct)
    {
        var invitation = await LoadAsync(ctx, catalog, identifier, ct);
        if (invitation.ReceiverAccountId != ctx.AccountId)
        {
            throw ApiException.AccessDenied($"Only the receiver of engagement invitation {invitation.Id} can respond to it.");
        }
        var status = invitation.StatusAt(ctx.Now);
        if (status != InvitationStatus.Pending)
        {
            throw ApiException.Conflict($"Engagement invitation {invitation.Id} is {status} and can no longer be accepted or rejected.");
        }
        return invitation;
    }
}
