using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>An engagement as stored: shared by its members, owned by none (its ARN has no account).</summary>
public sealed record EngagementRecord
{
    public required string Catalog { get; init; }
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset ModifiedAt { get; init; }
    public required string ModifiedBy { get; init; }

    /// <summary>Active members in join order; the creator first.</summary>
    public required IReadOnlyList<EngagementMemberRecord> Members { get; init; }

    public required IReadOnlyList<EngagementContextDetails> Contexts { get; init; }

    /// <summary>Optimistic-concurrency counter, bumped by every store update.</summary>
    public long Version { get; init; }

    /// <summary>
    /// This engagement as changed by <paramref name="accountId"/> at <paramref name="now"/>: ModifiedAt keeps its full
    /// precision, at least a millisecond after the current one (<see cref="ChangeTimes.After"/>), since clients send it
    /// back as UpdateEngagementContext's EngagementLastModifiedAt.
    /// </summary>
    public EngagementRecord ChangedBy(string accountId, DateTimeOffset now) =>
        this with { ModifiedAt = ChangeTimes.After(ModifiedAt, now), ModifiedBy = accountId };

    public bool IsMember(string accountId)
    {
        foreach (var m in Members)
        {
            if (m.AccountId == accountId)
            {
                return true;
            }
        }
        return false;
    }
}

public sealed record EngagementMemberRecord(string AccountId, DateTimeOffset JoinedAt);
