namespace Cosell.Service.Domain;

/// <summary>One page of a listing and the keyset position after its last item (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, SortPosition? Next);

/// <summary>Where a keyset listing stopped: the sort key (UTC ticks) and the id that breaks ties.</summary>
public sealed record SortPosition(long Ticks, string Id);
