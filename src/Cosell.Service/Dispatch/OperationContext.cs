using System.Text.Json;
using Cosell.Model.Contracts;
using Cosell.Service.Ports;

namespace Cosell.Service.Dispatch;

/// <summary>Everything a handler may use: the caller, one store session, the request's instant, ids and accounts.</summary>
public sealed class OperationContext
{
    public required Caller Caller { get; init; }
    public required string Operation { get; init; }

    /// <summary>
    /// The request's validated JSON body, for the few rules that tell an omitted member from an explicit null (the
    /// input record holds null for both). Undefined outside a request (the expiry sweeper).
    /// </summary>
    public JsonElement Body { get; init; }
    public required IStoreSession Store { get; init; }

    /// <summary>The request's single instant: every timestamp a request writes is this one.</summary>
    public required DateTimeOffset Now { get; init; }

    public required IIdGenerator Ids { get; init; }
    public required IAccountDirectory Accounts { get; init; }

    public string AccountId => Caller.AccountId;

    /// <summary>Events the request's changes produce; written to the outbox in the request's transaction.</summary>
    public List<Domain.Events.EventRecord> Events { get; } = [];

    // Made on the first Opportunity Updated only: most requests (every read, the invitation writes) queue none.
    private HashSet<string>? _opportunitiesUpdated;

    /// <summary>True the first time this request queues an Opportunity Updated for the opportunity <paramref name="arn"/>.</summary>
    internal bool FirstOpportunityUpdate(string arn) => (_opportunitiesUpdated ??= new(StringComparer.Ordinal)).Add(arn);

    public Guid NewEventId() => Ids.NewGuid();
}
