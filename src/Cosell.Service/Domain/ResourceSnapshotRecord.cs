using System.Text.Json.Serialization;
using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>
/// What a snapshot is a snapshot of: one resource (today always an opportunity) of one owner, inside one engagement,
/// through one template. Revisions count up per key from 1.
/// </summary>
public sealed record SnapshotKey(string Catalog, string EngagementId, string ResourceType, string ResourceId, string TemplateName);

/// <summary>
/// An immutable, engagement-scoped copy of a resource's template fields (spec 03 §3). Members of the engagement read it;
/// an <see cref="OwnerOnly"/> one (AwsOpportunitySummaryFullView) only its creator, the resource owner.
/// </summary>
public sealed record ResourceSnapshotRecord
{
    public required string Catalog { get; init; }
    public required string EngagementId { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }
    public required string TemplateName { get; init; }
    public required int Revision { get; init; }

    /// <summary>The resource owner (who created it, directly or through a running job).</summary>
    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required ResourceSnapshotPayload Payload { get; init; }

    /// <summary>Who may read it, as the Engagement Resource Snapshot Created event names them: the members when it was taken ("aws" included).</summary>
    public required IReadOnlyList<string> TargetMemberAccounts { get; init; }

    public bool OwnerOnly { get; init; }

    [JsonIgnore]
    public SnapshotKey Key => new(Catalog, EngagementId, ResourceType, ResourceId, TemplateName);
}

/// <summary>An engagement↔resource association, made by the first snapshot of the resource in the engagement.</summary>
public sealed record ResourceAssociationRecord(
    string Catalog, string EngagementId, string ResourceType, string ResourceId, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>
/// A resource snapshot job (spec 03 §4), owned by the account that created it (its ARN carries the owner). Stopped when
/// created; while Running it snapshots the resource again whenever its template fields change. Deleting keeps a tombstone
/// (<see cref="Deleted"/>) so that a repeated DeleteResourceSnapshotJob still succeeds (the operation is idempotent).
/// </summary>
public sealed record ResourceSnapshotJobRecord
{
    public required string Catalog { get; init; }
    public required string Id { get; init; }
    public required string OwnerAccountId { get; init; }
    public required string EngagementId { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }
    public required string TemplateName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required ResourceSnapshotJobStatus Status { get; init; }

    /// <summary>When it was last started; null for a job that never ran (StopResourceSnapshotJob refuses those, spec 06 Q12).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? LastSuccessfulExecutionDate { get; init; }

    /// <summary>The most recent failure's message, kept after later executions succeed (AWS documents the field as the
    /// message of the most recent failure once a job has had any).</summary>
    public string? LastFailure { get; init; }

    /// <summary>An execution succeeded after <see cref="LastFailure"/>. Stored as this flag, not as "failing", so that jobs
    /// written before it (when a success cleared LastFailure) read as failing exactly when they have a LastFailure.</summary>
    public bool Recovered { get; init; }

    /// <summary>The latest execution failed: a Start runs the job again, and an execution that finds the snapshot current
    /// still records its outcome.</summary>
    [JsonIgnore]
    public bool Failing => LastFailure is not null && !Recovered;

    public IReadOnlyList<Tag>? Tags { get; init; }
    public bool Deleted { get; init; }

    /// <summary>Optimistic-concurrency counter, bumped by every store update.</summary>
    public long Version { get; init; }

    [JsonIgnore]
    public SnapshotKey Key => new(Catalog, EngagementId, ResourceType, ResourceId, TemplateName);
}

/// <summary>GetSellingSystemSettings / PutSellingSystemSettings (spec 03 §6): per account and catalog.</summary>
public sealed record SellingSystemSettingsRecord(string AccountId, string Catalog, string? ResourceSnapshotJobRoleArn);
