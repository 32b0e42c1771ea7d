using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>The sort fields of ListOpportunities. Every sort breaks ties by <see cref="OpportunityRecord.Number"/>, in the same direction.</summary>
public enum OpportunitySortKey
{
    LastModifiedDate,
    Identifier,
    CustomerCompanyName,
    CreatedDate,
    TargetCloseDate,
}

/// <summary>
/// The owner's opportunities (never hidden ones). A null list means no filter; list filters match any of their values
/// and filters combine with AND. Text keys compare ordinally (byte order of UTF-8, PostgreSQL <c>COLLATE "C"</c>).
/// </summary>
/// <param name="CustomerCompanyNames">Matched against <see cref="OpportunityRecord.CustomerCompanyNameKey"/>, so pass keys made by <see cref="OpportunityRecord.CompanyNameKey"/>.</param>
/// <param name="LastModifiedOnOrAfter">Inclusive lower bound; the Before bounds are exclusive.</param>
/// <param name="TargetCloseOnOrAfter">A <c>YYYY-MM-DD</c> date; opportunities without a target close date never match a date bound.</param>
public sealed record OpportunityQuery(
    string Catalog,
    string OwnerAccountId,
    IReadOnlyList<string>? Ids,
    IReadOnlyList<string>? Stages,
    IReadOnlyList<string>? ReviewStatuses,
    IReadOnlyList<string>? CustomerCompanyNames,
    DateTimeOffset? LastModifiedOnOrAfter,
    DateTimeOffset? LastModifiedBefore,
    DateTimeOffset? CreatedOnOrAfter,
    DateTimeOffset? CreatedBefore,
    string? TargetCloseOnOrAfter,
    string? TargetCloseBefore,
    OpportunitySortKey SortBy,
    bool Ascending,
    OpportunityPosition? After,
    int Limit);

/// <summary>
/// Where a listing stopped: the last item's sort key and its <see cref="OpportunityRecord.Number"/>. The key is
/// <see cref="Key"/> (UTC ticks) for the two date sorts and <see cref="Number"/> itself for Identifier;
/// <see cref="TextKey"/> for CustomerCompanyName (<see cref="OpportunityRecord.CustomerCompanyNameKey"/>) and
/// TargetCloseDate (<see cref="OpportunityRecord.TargetCloseDateKey"/>).
/// </summary>
public sealed record OpportunityPosition(long Key, string? TextKey, long Number);

public sealed record OpportunityPage(IReadOnlyList<OpportunityRecord> Items, OpportunityPosition? Next);
