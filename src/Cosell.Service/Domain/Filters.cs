namespace Cosell.Service.Domain;

public static class Filters
{
    /// <summary>An empty filter list (the model allows some) means "no filter", as it does for an absent one.</summary>
    public static IReadOnlyList<T>? OrNull<T>(this IReadOnlyList<T>? list) => list is { Count: > 0 } ? list : null;
}
