namespace Cosell.Service.Domain;

/// <summary>A stored PENDING invitation as the create rules see it: who holds it and until when.</summary>
public sealed record PendingInvitation(string ReceiverAccountId, DateTimeOffset ExpirationDate)
{
    /// <summary>Expiry is evaluated lazily, by the rule <see cref="InvitationRecord.StatusAt"/> uses.</summary>
    public bool IsPendingAt(DateTimeOffset now) => !InvitationRecord.HasLapsed(ReceiverAccountId, ExpirationDate, now);
}
