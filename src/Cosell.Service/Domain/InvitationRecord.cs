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
        Status == InvitationStatus.Pending && HasLapsed(ExpirationDate, now) ? InvitationStatus.Expired : Status;

    /// <summary>A pending invitation reads as expired from its expiration date on.</summary>
    public static bool HasLapsed(DateTimeOffset expirationDate, DateTimeOffset now) => now >= expirationDate;
}
