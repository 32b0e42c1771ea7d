using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Invitations;

/// <summary>
/// The sender always sees the whole invitation (the rejection reason included, spec 06 Q26); the receiver sees it until it
/// rejects; anyone else is refused (spec 02 §5).
/// </summary>
public sealed class GetEngagementInvitationHandler
    : IOperationHandler<GetEngagementInvitationRequest, GetEngagementInvitationResponse>
{
    public async Task<GetEngagementInvitationResponse> HandleAsync(
        GetEngagementInvitationRequest input, OperationContext ctx, CancellationToken ct)
    {
        var i = await InvitationAccess.LoadAsync(ctx, input.Catalog, input.Identifier, ct);
        var status = i.StatusAt(ctx.Now);
        var isSender = i.SenderAccountId == ctx.AccountId;
        var isReceiver = i.ReceiverAccountId == ctx.AccountId;
        if (!isSender && !isReceiver)
        {
            throw ApiException.AccessDenied($"Account {ctx.AccountId} is neither the sender nor the receiver of engagement invitation {i.Id}.");
        }
        if (!isSender && status == InvitationStatus.Rejected)
        {
            throw ApiException.AccessDenied($"Engagement invitation {i.Id} was rejected; its details are no longer available to the receiver.");
        }
        var engagement = await ctx.Store.GetEngagementAsync(i.Catalog, i.EngagementId, ct);
        return new GetEngagementInvitationResponse
        {
            Arn = Arns.Invitation(i.Catalog, i.Id),
            PayloadType = i.PayloadType,
            Id = i.Id,
            EngagementId = i.EngagementId,
            EngagementTitle = i.EngagementTitle,
            Status = status,
            InvitationDate = i.InvitationDate,
            ExpirationDate = InvitationViews.VisibleExpiration(i, status),
            SenderAwsAccountId = i.SenderAccountId,
            SenderCompanyName = i.SenderCompanyName,
            Receiver = i.Receiver,
            Catalog = i.Catalog,
            RejectionReason = isSender ? i.RejectionReason : null,
            Payload = i.Payload,
            InvitationMessage = i.Message,
            EngagementDescription = i.EngagementDescription,
            ExistingMembers = engagement?.Members.Take(10).Select(m => Participants.Summary(ctx.Accounts, m.AccountId)).ToList(),
        };
    }
}
