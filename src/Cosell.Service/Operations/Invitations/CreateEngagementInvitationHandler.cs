using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Operations.Invitations;

/// <summary>
/// Invites one partner account into an engagement. The checks run in the order of spec 02 §4 (shape validation and the
/// ClientToken replay happen before this handler), so the first failing rule decides the error.
/// </summary>
public sealed class CreateEngagementInvitationHandler
    : IOperationHandler<CreateEngagementInvitationRequest, CreateEngagementInvitationResponse>
{
    /// <summary>Partners per engagement, the originator included (DG:multi "up to ten partners"); AWS is not counted (spec 06 Q34).</summary>
    public const int MaxPartners = 10;

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(15);

    private const string ReceiverField = "invitation.receiver.account.awsAccountId";

    public async Task<CreateEngagementInvitationResponse> HandleAsync(
        CreateEngagementInvitationRequest input, OperationContext ctx, CancellationToken ct)
    {
        // §4 rows 3-4: the engagement exists in this catalog and the caller is a member.
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.EngagementIdentifier, "engagementIdentifier", ct);

        // Row 5: a known partner that is not the caller. AWS is invited only through StartEngagementFromOpportunityTask (spec 06 Q32).
        var receiver = input.Invitation.Receiver.Account!.AwsAccountId;
        if (receiver == ctx.AccountId)
        {
            throw ApiException.Business(ReceiverField, "INVALID_VALUE", "An engagement invitation cannot be sent to the sender's own account.");
        }
        if (receiver == Participants.Aws || ctx.Accounts.Find(receiver) is null)
        {
            throw ApiException.Business(ReceiverField, "INVALID_VALUE", $"Account {receiver} is not a Partner Central partner account that can receive invitations.");
        }

        // Row 6: the two partners are connected (spec 06 Q21).
        if (!Connections.AreConnected(ctx.Accounts, ctx.AccountId, receiver))
        {
            throw ApiException.Business(ReceiverField, "ACTION_NOT_PERMITTED",
                $"Account {receiver} is not connected to the sender; partners must be connected before inviting each other.");
        }

        // Rows 7-8: not already in, not already invited.
        if (engagement.IsMember(receiver))
        {
            throw ApiException.Conflict($"Account {receiver} is already a member of engagement {engagement.Id}.");
        }
        var pending = (await ctx.Store.ListPendingReceiversAsync(input.Catalog, engagement.Id, ct))
            .Where(i => i.IsPendingAt(ctx.Now)).ToList();
        if (pending.Any(i => i.ReceiverAccountId == receiver))
        {
            throw ApiException.Conflict($"Account {receiver} already holds a pending invitation to engagement {engagement.Id}.");
        }

        // Row 9: the payload must fit the engagement (spec 06 Q5, Q23).
        var payloadType = await CheckPayloadFitsAsync(ctx, input.Catalog, engagement, input.Invitation.Payload, ct);

        // Row 10: partner members plus pending partner invitations stay within the cap.
        var partners = engagement.Members.Count(m => m.AccountId != Participants.Aws)
            + pending.Count(i => i.ReceiverAccountId != Participants.Aws);
        if (partners + 1 > MaxPartners)
        {
            throw ApiException.QuotaExceeded(
                $"Engagement {engagement.Id} already has {partners} partners and pending partner invitations; at most {MaxPartners} partners may take part.");
        }

        var invitation = new InvitationRecord
        {
            Catalog = input.Catalog,
            Id = Identifiers.NewInvitationId(ctx.Ids),
            EngagementId = engagement.Id,
            EngagementTitle = engagement.Title,
            EngagementDescription = engagement.Description,
            SenderAccountId = ctx.AccountId,
            SenderCompanyName = Participants.CompanyName(ctx.Accounts, ctx.AccountId),
            ReceiverAccountId = receiver,
            Receiver = input.Invitation.Receiver,
            PayloadType = payloadType,
            Payload = input.Invitation.Payload,
            Message = input.Invitation.Message,
            Status = InvitationStatus.Pending,
            InvitationDate = ctx.Now,
            ExpirationDate = ctx.Now + Lifetime,
        };
        await ctx.Store.InsertInvitationAsync(invitation, ct);
        Emit.InvitationCreated(ctx, invitation);
        return new CreateEngagementInvitationResponse { Id = invitation.Id, Arn = Arns.Invitation(invitation.Catalog, invitation.Id) };
    }

    private static async Task<EngagementInvitationPayloadType> CheckPayloadFitsAsync(
        OperationContext ctx, string catalog, EngagementRecord engagement, Payload payload, CancellationToken ct)
    {
        if (payload.LeadInvitation is not null)
        {
            if (catalog == "AWS")
            {
                throw ApiException.Business("invitation.payload.leadInvitation", "ACTION_NOT_PERMITTED",
                    "In the AWS catalog a lead must be converted to an opportunity before partners are invited to it.");
            }
            // An associated opportunity does not stand in for the Lead context (spec 06 Q23 names it for OpportunityInvitation only).
            if (!engagement.Contexts.Any(c => c.Type == EngagementContextType.Lead))
            {
                throw ApiException.Business("invitation.payload.leadInvitation", "ACTION_NOT_PERMITTED",
                    $"A LeadInvitation needs an engagement with a Lead context; engagement {engagement.Id} has none.");
            }
            return EngagementInvitationPayloadType.LeadInvitation;
        }
        // Spec 06 Q23: a CustomerProject context or an associated opportunity. The context is on the loaded record, so
        // the store is asked about associations only when it is missing.
        if (!engagement.Contexts.Any(c => c.Type == EngagementContextType.CustomerProject)
            && !await HasAssociatedOpportunityAsync(ctx, engagement, ct))
        {
            throw ApiException.Business("invitation.payload.opportunityInvitation", "ACTION_NOT_PERMITTED",
                $"An OpportunityInvitation needs an engagement with a CustomerProject context or an associated opportunity; engagement {engagement.Id} has neither.");
        }
        // The receiver's opportunity is made from this payload: it takes the currencies and amounts an opportunity takes.
        const string Project = "invitation.payload.opportunityInvitation.project";
        var spend = payload.OpportunityInvitation?.Project?.ExpectedCustomerSpend;
        if ((OpportunityRules.SpendCurrencyError(spend, Project) ?? OpportunityRules.ZeroSpendError(spend, stored: null, Project)) is { } error)
        {
            throw ApiException.Business(error.FieldName, error.Code, error.Message);
        }
        return EngagementInvitationPayloadType.OpportunityInvitation;
    }

    /// <summary>
    /// Whether the engagement has an opportunity associated that its members can know of (spec 06 Q23): the query of
    /// ListEngagementResourceAssociations cut to one row, without that operation's demand that the caller has a snapshot
    /// of its own there, since the rule is about the engagement, not about what the caller has shared.
    /// </summary>
    private static async Task<bool> HasAssociatedOpportunityAsync(OperationContext ctx, EngagementRecord engagement, CancellationToken ct)
    {
        var page = await ctx.Store.ListResourceAssociationsAsync(new ResourceAssociationQuery(engagement.Catalog, ctx.AccountId,
            engagement.Id, ResourceSnapshots.OpportunityResourceType, ResourceId: null, CreatedBy: null, After: null, Limit: 1,
            OnlyWithOwnSnapshot: false), ct);
        return page.Items.Count > 0;
    }
}
