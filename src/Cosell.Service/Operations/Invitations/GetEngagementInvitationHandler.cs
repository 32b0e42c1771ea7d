using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Invitations;

/// <summary>
/// The sender always sees the whole invitation (the rejection reason included, spec 06 Q26); the receiver sees it until it
/// rejects; anyone else is refused (spec 02 §5). A lead invitation also carries what the engagement knows about the lead
/// beyond its payload (EnrichmentContext: the lead's insights, the AWS prospecting result), read when it is read.
/// </summary>
public sealed class GetEngagementInvitationHandler
    : IOperationHandler<GetEngagementInvitationRequest, GetEngagementInvitationResponse>
{
    private const int MaxExistingMembers = 10;

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
        // Only the members' ids are needed: read from the member rows, not by parsing the engagement's document.
        var members = await ctx.Store.ListEngagementMemberIdsAsync(i.Catalog, i.EngagementId, MaxExistingMembers, ct);
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
            ExistingMembers = members.Count == 0 ? null : members.Select(m => Participants.Summary(ctx.Accounts, m)).ToList(),
            EnrichmentContext = i.PayloadType == EngagementInvitationPayloadType.LeadInvitation ? await EnrichmentAsync(ctx, i, ct) : null,
        };
    }

    /// <summary>
    /// Read from the engagement's document (lead invitations only, so the common read stays without it). An invitation
    /// does not record which Lead context it is about: the first one with insights speaks for the engagement.
    /// </summary>
    private static async Task<EnrichmentContext?> EnrichmentAsync(OperationContext ctx, InvitationRecord i, CancellationToken ct)
    {
        var contexts = (await ctx.Store.GetEngagementAsync(i.Catalog, i.EngagementId, ct))?.Contexts ?? [];
        var insights = contexts.Select(c => c.Payload?.Lead?.Insights).FirstOrDefault(x => x is not null);
        var aws = contexts.Select(c => c.Payload?.ProspectingResult?.Aws).FirstOrDefault(x => x is not null);
        return insights is null && aws is null ? null : new EnrichmentContext
        {
            LeadInsights = insights,
            ProspectingResultAws = aws is null ? null : new InvitationProspectingResultAws { Customer = aws.Customer, Insights = aws.Insights },
        };
    }
}
