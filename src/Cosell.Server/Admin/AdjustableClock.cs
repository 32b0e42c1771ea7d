namespace Cosell.Server.Admin;

/// <summary>
/// The business clock under <c>--clock-control</c>: <paramref name="inner"/>'s time plus an offset that only grows, so a
/// CRM's tests can see what 15 days do (expired invitations, lapsed ClientTokens) without waiting for them. It moves
/// forward only: stored times (LastModifiedDate, the event order) may rely on never going back. Timers and timestamps are
/// the inner clock's (only the date moves); request signatures are checked against the inner clock, which is what the
/// SDKs sign with.
/// </summary>
public sealed class AdjustableClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeProvider Inner => inner;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/> (not negative) unless the offset would pass <paramref name="most"/>;
    /// false leaves it as it was. One compare-and-swap, so requests at once cannot pass the bound together.
    /// </summary>
    public bool TryAdvance(TimeSpan by, TimeSpan most)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        while (true)
        {
            var current = Interlocked.Read(ref _offsetTicks);
            if (by.Ticks > most.Ticks - current)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _offsetTicks, current + by.Ticks, current) == current)
            {
                return true;
            }
        }
    }
}
