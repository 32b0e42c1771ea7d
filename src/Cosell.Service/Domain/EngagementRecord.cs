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
    /// The ModifiedAt of a change made at <paramref name="now"/>: at least a millisecond after the current one. Clients
    /// send EngagementLastModifiedAt back compared to the millisecond (spec 06 Q17), so two changes within one millisecond
    /// (or a clock that stepped back) would leave the older value still accepted.
    /// </summary>
    public DateTimeOffset NextModifiedAt(DateTimeOffset now)
    {
        var earliest = (ModifiedAt.UtcTicks / TimeSpan.TicksPerMillisecond + 1) * TimeSpan.TicksPerMillisecond;
        return now.UtcTicks >= earliest ? now : new DateTimeOffset(earliest, TimeSpan.Zero);
    }

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
