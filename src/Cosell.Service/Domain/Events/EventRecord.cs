namespace Cosell.Service.Domain.Events;

/// <summary>
/// One EventBridge event for one recipient account, as the outbox keeps it: the envelope exactly as delivered, plus
/// the columns delivery filters on. <see cref="Sequence"/> is assigned by the store (the feed cursor).
/// </summary>
public sealed record EventRecord(
    string Id,
    string AccountId,
    string Catalog,
    string DetailType,
    DateTimeOffset Time,
    string Envelope,
    long Sequence = 0);
