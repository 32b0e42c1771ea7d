using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>
/// Opportunities, keyed by (catalog, owner account, id): every read names the owner, so another account's opportunity
/// is simply not there. Ids come from a per-catalog counter (<see cref="NextOpportunityNumberAsync"/>).
/// </summary>
public interface IOpportunityStore
{
    /// <summary>
    /// The next number of the catalog's opportunity counter: 1 for the first call in a catalog, then 2, 3, ... The
    /// counter is part of the session's transaction (a rolled-back session gives its number back), so committed numbers
    /// increase strictly in commit order.
    /// </summary>
    Task<long> NextOpportunityNumberAsync(string catalog, CancellationToken ct);

    /// <summary>The opportunity, hidden or not; null when <paramref name="ownerAccountId"/> owns none with this id.</summary>
    Task<OpportunityRecord?> GetOpportunityAsync(string catalog, string ownerAccountId, string id, CancellationToken ct);

    /// <summary>Stores a new opportunity with Version 1 (whatever the record says).</summary>
    Task InsertOpportunityAsync(OpportunityRecord opportunity, CancellationToken ct);

    /// <summary>Writes the opportunity if its stored Version still equals <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateOpportunityAsync(OpportunityRecord opportunity, long expectedVersion, CancellationToken ct);

    /// <summary>One page of the owner's opportunities that are not hidden, filtered and sorted as the query says.</summary>
    Task<OpportunityPage> ListOpportunitiesAsync(OpportunityQuery query, CancellationToken ct);

    /// <summary>
    /// The id of the owner's first opportunity (by Number, hidden ones included) whose related entities list the AWS
    /// Marketplace offer ARN; null when none does. In a write session, sessions asking about the same offer run one after
    /// the other from here to their commit, so two cannot both find it free.
    /// </summary>
    Task<string?> FindOpportunityWithOfferAsync(string catalog, string ownerAccountId, string offerArn, CancellationToken ct);

    /// <summary>Every opportunity linked to the engagement (<see cref="OpportunityRecord.EngagementId"/>), of any owner, hidden ones included; by Number.</summary>
    Task<IReadOnlyList<OpportunityRecord>> ListOpportunitiesByEngagementAsync(string catalog, string engagementId, CancellationToken ct);
}
