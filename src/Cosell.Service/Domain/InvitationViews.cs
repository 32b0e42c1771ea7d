using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>How a stored invitation reads to its sender and receiver.</summary>
public static class InvitationViews
{
    /// <summary>ExpirationDate is shown while an invitation can still expire or has expired, not after an answer (spec 06 Q1).</summary>
    public static DateTimeOffset? VisibleExpiration(InvitationRecord i, InvitationStatus status) =>
        status == InvitationStatus.Pending || status == InvitationStatus.Expired ? i.ExpirationDate : null;

    public static EngagementInvitationSummary Summary(InvitationRecord i, string callerAccountId, DateTimeOffset now)
    {
        var status = i.StatusAt(now);
        return new EngagementInvitationSummary
        {
            Arn = Arns.Invitation(i.Catalog, i.Id),
            PayloadType = i.PayloadType,
            Id = i.Id,
            EngagementId = i.EngagementId,
            EngagementTitle = i.EngagementTitle,
            Status = status,
            InvitationDate = i.InvitationDate,
            ExpirationDate = VisibleExpiration(i, status),
            SenderAwsAccountId = i.SenderAccountId,
            SenderCompanyName = i.SenderCompanyName,
            Receiver = i.Receiver,
            Catalog = i.Catalog,
            ParticipantType = i.SenderAccountId == callerAccountId ? ParticipantType.Sender : ParticipantType.Receiver,
        };
    }
}
