using Cosell.Model;
using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>Engagements where <see cref="MemberAccountId"/> is a member, filtered; sorted by CreatedAt then Id.</summary>
public sealed record EngagementQuery(
    string Catalog,
    string MemberAccountId,
    IReadOnlyList<string>? Ids,
    IReadOnlyList<string>? CreatedBy,
    IReadOnlyList<string>? ExcludeCreatedBy,
    IReadOnlyList<string>? ContextTypes,
    IReadOnlyList<string>? ExcludeContextTypes,
    bool Ascending,
    SortPosition? After,
    int Limit);

/// <summary>
/// Invitations the account sent (<see cref="AsSender"/>) or received; sorted by InvitationDate then Id.
/// <see cref="Statuses"/> match the status as read at <see cref="Now"/> (PENDING past expiry is EXPIRED).
/// </summary>
public sealed record InvitationQuery(
    string Catalog,
    string AccountId,
    bool AsSender,
    IReadOnlyList<string>? PayloadTypes,
    IReadOnlyList<string>? Statuses,
    IReadOnlyList<string>? EngagementIds,
    IReadOnlyList<string>? SenderAccountIds,
    DateTimeOffset Now,
    bool Ascending,
    SortPosition? After,
    int Limit);
