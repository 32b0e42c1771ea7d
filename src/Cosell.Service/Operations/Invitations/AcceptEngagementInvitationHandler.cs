using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Invitations;

/// <summary>
/// The receiver joins the engagement: membership only, no opportunity (spec 02 §7; for an OpportunityInvitation too,
/// spec 06 Q4). Accepting modifies the engagement (ModifiedAt/ModifiedBy), as the AWS sample shows.
/// </summary>
public sealed class AcceptEngagementInvitationHandler : IOperationHandler<AcceptEngagementInvitationRequest, Unit>
{
    public async Task<Unit> HandleAsync(AcceptEngagementInvitationRequest input, OperationContext ctx, CancellationToken ct)
    {
        var invitation = await InvitationAccess.LoadPendingForReceiverAsync(ctx, input.Catalog, input.Identifier, ct);
        await InvitationTransitions.AcceptAsync(ctx, invitation, ct);
        return Unit.Value;
    }
}
