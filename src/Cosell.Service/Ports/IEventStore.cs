using Cosell.Service.Domain.Events;

namespace Cosell.Service.Ports;

/// <summary>The event outbox: appended in the transaction of the change, read by the feed and the delivery workers.</summary>
public interface IEventStore
{
    /// <summary>Appends the events in order; each gets the next sequence number when the transaction commits.</summary>
    Task AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken ct);

    /// <summary>The account's events with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EventRecord>> ListEventsAsync(string accountId, long afterSequence, int limit, CancellationToken ct);

    /// <summary>The sequence of each account's newest event; accounts without events are left out.</summary>
    Task<IReadOnlyDictionary<string, long>> LatestEventSequencesAsync(IReadOnlyList<string> accountIds, CancellationToken ct);

    /// <summary>How far a delivery target (a webhook URL, say) of an account has got; 0 when it has delivered nothing.</summary>
    Task<long> GetDeliveryCursorAsync(string accountId, string target, CancellationToken ct);

    Task SetDeliveryCursorAsync(string accountId, string target, long sequence, CancellationToken ct);

    /// <summary>
    /// Deletes, among the <paramref name="limit"/> oldest events (by sequence), those dated before <paramref name="cutoff"/>
    /// that no newer-dated event precedes (times can go back: a clock set back, a restart after --clock-control moved it),
    /// so that what is deleted is always the oldest by sequence, as the event feed assumes of a token it cannot find (two
    /// PostgreSQL instances sweeping at once may leave a gap between their commits, for that moment). Never
    /// the newest event, so that sequence numbers never start again (SQLite numbers a new row after the highest one left);
    /// returns how many. Only the oldest are looked at, so a sweep with nothing to delete reads one page.
    /// </summary>
    Task<int> DeleteOldEventsAsync(DateTimeOffset cutoff, int limit, CancellationToken ct);

    /// <summary>The lowest sequence still stored (of any account), or null when there is no event.</summary>
    Task<long?> OldestEventSequenceAsync(CancellationToken ct);
}
