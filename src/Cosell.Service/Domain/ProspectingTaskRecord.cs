using System.Text.Json.Serialization;
using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>
/// A prospecting task (spec 01 §5): listed and read by the account that started it. Each engagement of the task has its
/// own outcome; the counts are kept beside them for listing and sorting.
/// </summary>
public sealed record ProspectingTaskRecord
{
    public required string Catalog { get; init; }
    public required string Id { get; init; }
    public required string InitiatorAccountId { get; init; }
    public required string TaskName { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public required ProspectingTaskStatus Status { get; init; }
    public string? Message { get; init; }
    public string? ReasonCode { get; init; }

    /// <summary>The identifiers exactly as the request gave them (the Start response echoes them).</summary>
    public required IReadOnlyList<string> Identifiers { get; init; }

    public required IReadOnlyList<EngagementProspectingResult> Engagements { get; init; }

    [JsonIgnore]
    public int TotalEngagementCount => Engagements.Count;
    [JsonIgnore]
    public int CompletedEngagementCount => Engagements.Count(e => e.Status == ProspectingTaskStatus.Completed);
    [JsonIgnore]
    public int FailedEngagementCount => Engagements.Count(e => e.Status == ProspectingTaskStatus.Failed);
}
