using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>The three engagement task kinds, named as in their ARNs.</summary>
public static class TaskKinds
{
    public const string AcceptInvitation = "engagement-by-accepting-invitation-task";
    public const string EngagementFromOpportunity = "engagement-from-opportunity-task";
    public const string OpportunityFromEngagement = "opportunity-from-engagement-task";
}

/// <summary>A task as stored: listed to the account that started it (spec 03 §2).</summary>
public sealed record TaskRecord
{
    public required string Catalog { get; init; }
    public required string Kind { get; init; }
    public required string Id { get; init; }
    public required string InitiatorAccountId { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public required Cosell.Model.TaskStatus Status { get; init; }
    public string? Message { get; init; }
    public ReasonCode? ReasonCode { get; init; }
    public string? OpportunityId { get; init; }
    public string? ResourceSnapshotJobId { get; init; }
    public string? EngagementId { get; init; }

    /// <summary>As the caller passed it (an ARN stays an ARN, as the service echoes it).</summary>
    public string? EngagementInvitationId { get; init; }

    /// <summary>The plain invitation id, for filtering.</summary>
    public string? InvitationId { get; init; }
    public string? ContextId { get; init; }

    /// <summary>
    /// The context the caller named when the task made another one (a lead converted, with the CustomerProject context
    /// in <see cref="ContextId"/>): a ContextIdentifier filter finds the task by either.
    /// </summary>
    public string? SourceContextId { get; init; }
    public long Version { get; init; }
}
