using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>
/// Store operations of one request, one interface per resource. Every call is scoped by catalog (AWS and Sandbox are
/// separate datasets). Nothing is visible to other sessions before <see cref="CommitAsync"/>; disposing without
/// committing rolls back.
/// </summary>
public interface IStoreSession : IAsyncDisposable, IEngagementStore, IInvitationStore, ITaskStore, IOpportunityStore, IEventStore,
    IResourceSnapshotStore, IResourceSnapshotJobStore, ISellingSystemSettingsStore, IProspectingTaskStore
{
    Task CommitAsync(CancellationToken ct);

    // Idempotency (scope: account, catalog, operation, token)
    Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string catalog, string operation, string token, CancellationToken ct);
    Task SaveIdempotencyAsync(IdempotencyRecord record, CancellationToken ct);

    /// <summary>
    /// Replaces the record of a token used again past its lifetime. The session read it, but the sweep of lapsed records
    /// may have deleted it since: the new record is written all the same.
    /// </summary>
    Task ReplaceIdempotencyAsync(IdempotencyRecord record, CancellationToken ct);

    /// <summary>Deletes up to <paramref name="limit"/> records that no longer replay at <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteLapsedIdempotencyAsync(DateTimeOffset now, int limit, CancellationToken ct);

    // Accounts (demo accounts persisted when no accounts file is given)
    Task<IReadOnlyList<AccountRecord>> ListAccountsAsync(CancellationToken ct);
    Task SaveAccountAsync(AccountRecord account, CancellationToken ct);
}
