using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain.Events;

/// <summary>
/// The events each state change produces (spec 05 §3), queued on the request's context; the dispatcher writes them to the
/// outbox in the same transaction as the change, so a rolled-back change has no events and a change never lacks them.
/// AWS ("aws") is never a recipient: it has no event bus here.
/// </summary>
public static class Emit
{
    private static void To(OperationContext ctx, string recipient, string catalog, string detailType, string? resource, System.Text.Json.Nodes.JsonObject detail)
    {
        if (recipient == Participants.Aws)
        {
            return;
        }
        ctx.Events.Add(EventFactory.Create(recipient, catalog, detailType, ctx.Now, resource, detail, ctx.NewEventId()));
    }

    public static void InvitationCreated(OperationContext ctx, InvitationRecord i)
    {
        var arn = Arns.Invitation(i.Catalog, i.Id);
        To(ctx, i.SenderAccountId, i.Catalog, EventTypes.InvitationCreated, arn, EventFactory.InvitationDetail(i, "SENDER", true, ctx.Accounts));
        To(ctx, i.ReceiverAccountId, i.Catalog, EventTypes.InvitationCreated, arn, EventFactory.InvitationDetail(i, "RECEIVER", true, ctx.Accounts));
    }

    /// <summary>Accepted, Rejected or Expired: to sender and receiver, each with its own participantType.</summary>
    public static void InvitationAnswered(OperationContext ctx, InvitationRecord i, string detailType)
    {
        var arn = Arns.Invitation(i.Catalog, i.Id);
        To(ctx, i.SenderAccountId, i.Catalog, detailType, arn, EventFactory.InvitationDetail(i, "SENDER", false, ctx.Accounts));
        To(ctx, i.ReceiverAccountId, i.Catalog, detailType, arn, EventFactory.InvitationDetail(i, "RECEIVER", false, ctx.Accounts));
    }

    /// <summary>Every member, the new one included, learns of the new member.</summary>
    public static void MemberAdded(OperationContext ctx, EngagementRecord engagement, string accountId)
    {
        var arn = Arns.Engagement(engagement.Catalog, engagement.Id);
        foreach (var m in engagement.Members)
        {
            To(ctx, m.AccountId, engagement.Catalog, EventTypes.MemberAdded, arn, EventFactory.MemberDetail(engagement, accountId, ctx.Accounts));
        }
    }

    public static void EngagementCreated(OperationContext ctx, EngagementRecord e, string recipient) =>
        To(ctx, recipient, e.Catalog, EventTypes.EngagementCreated, Arns.Engagement(e.Catalog, e.Id), EventFactory.EngagementDetail(e, created: true));

    public static void EngagementUpdated(OperationContext ctx, EngagementRecord e)
    {
        foreach (var m in e.Members)
        {
            To(ctx, m.AccountId, e.Catalog, EventTypes.EngagementUpdated, Arns.Engagement(e.Catalog, e.Id), EventFactory.EngagementDetail(e, created: false));
        }
    }

    /// <summary>Opportunity events name no resource: real ones carry <c>"resources": []</c> (see <see cref="EventFactory"/>).</summary>
    public static void OpportunityCreated(OperationContext ctx, OpportunityRecord o) =>
        To(ctx, o.OwnerAccountId, o.Catalog, EventTypes.OpportunityCreated, null, EventFactory.OpportunityDetail(o));

    /// <summary>One Opportunity Updated per opportunity and request, however many steps of the request changed it.</summary>
    public static void OpportunityUpdated(OperationContext ctx, OpportunityRecord o)
    {
        var arn = Arns.Opportunity(o.Catalog, o.OwnerAccountId, o.Id);
        if (!ctx.FirstOpportunityUpdate(arn))
        {
            return;
        }
        To(ctx, o.OwnerAccountId, o.Catalog, EventTypes.OpportunityUpdated, null, EventFactory.OpportunityDetail(o));
    }

    /// <summary>For snapshot events and anything else: one event per listed recipient.</summary>
    public static void Custom(OperationContext ctx, IEnumerable<string> recipients, string catalog, string detailType, string? resource, System.Text.Json.Nodes.JsonObject detail)
    {
        foreach (var r in recipients.Distinct())
        {
            To(ctx, r, catalog, detailType, resource, detail);
        }
    }
}
