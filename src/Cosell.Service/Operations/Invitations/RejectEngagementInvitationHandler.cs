using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Invitations;

/// <summary>The receiver declines; the reason is kept for the sender, and the receiver loses the details (spec 02 §9).</summary>
public sealed class RejectEngagementInvitationHandler : IOperationHandler<RejectEngagementInvitationRequest, Unit>
{
    public async Task<Unit> HandleAsync(RejectEngagementInvitationRequest input, OperationContext ctx, CancellationToken ct)
    {
        var invitation = await InvitationAccess.LoadPendingForReceiverAsync(ctx, input.Catalog, input.Identifier, ct);
        var rejected = invitation with
        {
            Status = InvitationStatus.Rejected,
            RejectionReason = input.RejectionReason,
            RespondedAt = ctx.Now,
        };
        if (!await ctx.Store.UpdateInvitationAsync(rejected, invitation.Version, ct))
        {
            throw ApiException.Conflict($"Engagement invitation {invitation.Id} was answered by another request.");
        }
        Emit.InvitationAnswered(ctx, rejected, EventTypes.InvitationRejected);
        return Unit.Value;
    }
}
