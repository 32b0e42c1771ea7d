using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>An engagement invitation as stored: visible to its sender and its receiver, never copied per account.</summary>
public sealed record InvitationRecord
{
    public required string Catalog { get; init; }
    public required string Id { get; init; }
    public required string EngagementId { get; init; }
    public required string SenderAccountId { get; init; }
    public required string SenderCompanyName { get; init; }
    public required string ReceiverAccountId { get; init; }
    public required Receiver Receiver { get; init; }
    public required EngagementInvitationPayloadType PayloadType { get; init; }
    public required Payload Payload { get; init; }
    public required string Message { get; init; }

    /// <summary>Copied from the engagement at creation: engagements have no update of title or description.</summary>
    public string? EngagementTitle { get; init; }
    public string? EngagementDescription { get; init; }

    /// <summary>The stored status; PENDING past <see cref="ExpirationDate"/> reads as EXPIRED (see <see cref="StatusAt"/>).</summary>
    public required InvitationStatus Status { get; init; }
    public required DateTimeOffset InvitationDate { get; init; }
    public required DateTimeOffset ExpirationDate { get; init; }
    public string? RejectionReason { get; init; }
    public DateTimeOffset? RespondedAt { get; init; }
    public long Version { get; init; }

    /// <summary>Expiry is evaluated lazily so that every read agrees with the clock, sweeper or not.</summary>
    public InvitationStatus StatusAt(DateTimeOffset now) =>
        Status == InvitationStatus.Pending && HasLapsed(ReceiverAccountId, ExpirationDate, now) ? InvitationStatus.Expired : Status;

    /// <summary>
    /// A pending invitation reads as expired from its expiration date on, except one to AWS: a submission's invitation
    /// is answered by AWS's review, which may take longer than 15 days (DG:events names expiry for invitations a partner
    /// did not act on; a public CRM integration reads Expired as Closed Lost). It keeps the 15-day ExpirationDate of
    /// spec 06 Q1 and stays PENDING until the review accepts it (our choice; the stores' sweeps and status filters agree).
    /// </summary>
    public static bool HasLapsed(string receiverAccountId, DateTimeOffset expirationDate, DateTimeOffset now) =>
        receiverAccountId != Participants.Aws && now >= expirationDate;
}
