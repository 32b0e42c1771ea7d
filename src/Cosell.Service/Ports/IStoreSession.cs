using Cosell.Model;
using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>
/// Store operations of one request. Every call is scoped by catalog (AWS and Sandbox are separate datasets).
/// Nothing is visible to other sessions before <see cref="CommitAsync"/>; disposing without committing rolls back.
/// </summary>
public interface IStoreSession : IAsyncDisposable
{
    Task CommitAsync(CancellationToken ct);

    // Idempotency (scope: account, catalog, operation, token)
    Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string catalog, string operation, string token, CancellationToken ct);
    Task SaveIdempotencyAsync(IdempotencyRecord record, CancellationToken ct);

    // Accounts (demo accounts persisted when no accounts file is given)
    Task<IReadOnlyList<AccountRecord>> ListAccountsAsync(CancellationToken ct);
    Task SaveAccountAsync(AccountRecord account, CancellationToken ct);

    // Engagements
    Task<EngagementRecord?> GetEngagementAsync(string catalog, string id, CancellationToken ct);
    Task InsertEngagementAsync(EngagementRecord engagement, CancellationToken ct);

    /// <summary>Writes the engagement if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateEngagementAsync(EngagementRecord engagement, long expectedVersion, CancellationToken ct);

    Task<Page<EngagementRecord>> ListEngagementsAsync(EngagementQuery query, CancellationToken ct);

    // Invitations
    Task<InvitationRecord?> GetInvitationAsync(string catalog, string id, CancellationToken ct);
    Task InsertInvitationAsync(InvitationRecord invitation, CancellationToken ct);

    /// <summary>Writes the invitation if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateInvitationAsync(InvitationRecord invitation, long expectedVersion, CancellationToken ct);

    /// <summary>Invitations of one engagement whose stored status is PENDING (expiry is judged by the caller).</summary>
    Task<IReadOnlyList<InvitationRecord>> ListPendingInvitationsForEngagementAsync(string catalog, string engagementId, CancellationToken ct);

    Task<Page<InvitationRecord>> ListInvitationsAsync(InvitationQuery query, CancellationToken ct);
}
