using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

public interface IInvitationStore
{
    Task<InvitationRecord?> GetInvitationAsync(string catalog, string id, CancellationToken ct);
    Task InsertInvitationAsync(InvitationRecord invitation, CancellationToken ct);

    /// <summary>Writes the invitation if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateInvitationAsync(InvitationRecord invitation, long expectedVersion, CancellationToken ct);

    /// <summary>Invitations of one engagement whose stored status is PENDING (expiry is judged by the caller).</summary>
    Task<IReadOnlyList<InvitationRecord>> ListPendingInvitationsForEngagementAsync(string catalog, string engagementId, CancellationToken ct);

    /// <summary>
    /// The receivers and expiry dates of the invitations of one engagement stored as PENDING, oldest first: the columns
    /// the create rules need, without reading the documents (the create path runs on the store's single writer).
    /// </summary>
    Task<IReadOnlyList<PendingInvitation>> ListPendingReceiversAsync(string catalog, string engagementId, CancellationToken ct);

    Task<Page<InvitationRecord>> ListInvitationsAsync(InvitationQuery query, CancellationToken ct);

    /// <summary>Invitations of any catalog still stored as PENDING whose ExpirationDate is at or before <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<InvitationRecord>> ListLapsedInvitationsAsync(DateTimeOffset now, int limit, CancellationToken ct);
}
