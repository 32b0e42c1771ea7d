using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

public interface ITaskStore
{
    Task InsertTaskAsync(TaskRecord task, CancellationToken ct);
    Task<TaskRecord?> GetTaskAsync(string catalog, string kind, string id, CancellationToken ct);
    Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken ct);
}

/// <summary>Tasks of one kind started by one account; sorted by StartTime then id; list filters OR within, AND across.</summary>
public sealed record TaskQuery(
    string Catalog,
    string Kind,
    string InitiatorAccountId,
    IReadOnlyList<string>? Statuses,
    IReadOnlyList<string>? TaskIds,
    IReadOnlyList<string>? OpportunityIds,
    IReadOnlyList<string>? EngagementIds,
    IReadOnlyList<string>? InvitationIds,
    IReadOnlyList<string>? ContextIds,
    bool Ascending,
    SortPosition? After,
    int Limit);
