namespace Cosell.Service.Domain;

/// <summary>
/// Change times that clients send back as optimistic-concurrency tokens (an engagement's ModifiedAt, an opportunity's
/// LastModifiedDate): SDKs keep them to the millisecond (JS) or the microsecond (boto3), so they are compared to the
/// millisecond (spec 06 Q17), and every change moves one at least a millisecond on, so that an older value never passes.
/// </summary>
public static class ChangeTimes
{
    public static DateTimeOffset Milliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static bool SameMillisecond(DateTimeOffset a, DateTimeOffset b) => Milliseconds(a) == Milliseconds(b);

    /// <summary><paramref name="candidate"/>, or the first millisecond after <paramref name="previous"/>'s when that is later.</summary>
    public static DateTimeOffset After(DateTimeOffset previous, DateTimeOffset candidate)
    {
        var floor = Milliseconds(previous).AddMilliseconds(1);
        return candidate >= floor ? candidate : floor;
    }
}
