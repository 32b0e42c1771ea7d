using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>Prospecting tasks, keyed by (catalog, id) and read only by the account that started them.</summary>
public interface IProspectingTaskStore
{
    Task InsertProspectingTaskAsync(ProspectingTaskRecord task, CancellationToken ct);

    /// <summary>The task if <paramref name="initiatorAccountId"/> started it; null otherwise.</summary>
    Task<ProspectingTaskRecord?> GetProspectingTaskAsync(string catalog, string initiatorAccountId, string id, CancellationToken ct);

    Task<ProspectingTaskPage> ListProspectingTasksAsync(ProspectingTaskQuery query, CancellationToken ct);
}

public enum ProspectingTaskSortKey
{
    StartTime,
    TaskName,
    FailedEngagementCount,
}

/// <summary>
/// The initiator's tasks; null filters match everything, list filters match any of their values. Every sort breaks ties
/// by id in the same direction. Task names compare ordinally.
/// </summary>
/// <param name="StartedAfter">Exclusive lower bound on StartTime.</param>
/// <param name="StartedBefore">Exclusive upper bound on StartTime.</param>
public sealed record ProspectingTaskQuery(
    string Catalog,
    string InitiatorAccountId,
    IReadOnlyList<string>? TaskIds,
    IReadOnlyList<string>? TaskNames,
    DateTimeOffset? StartedAfter,
    DateTimeOffset? StartedBefore,
    ProspectingTaskSortKey SortBy,
    bool Ascending,
    ProspectingTaskPosition? After,
    int Limit);

/// <summary>Where a listing stopped: the last task's sort key (<see cref="Key"/> for StartTime ticks and the failed count, <see cref="TextKey"/> for the name) and its id.</summary>
public sealed record ProspectingTaskPosition(long Key, string? TextKey, string Id);

public sealed record ProspectingTaskPage(IReadOnlyList<ProspectingTaskRecord> Items, ProspectingTaskPosition? Next);
