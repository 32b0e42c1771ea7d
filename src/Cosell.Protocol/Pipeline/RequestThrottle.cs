using System.Collections.Concurrent;
using Cosell.Model.Contracts;
using Cosell.Model.Operations;

namespace Cosell.Protocol.Pipeline;

/// <summary>
/// The quotas of the developer guide (spec 04 §4), per partner account and operation: a token bucket for the per-second
/// rate and a rolling 24-hour count, both read from the injected <see cref="TimeProvider"/> (so tests are deterministic).
/// Off unless enabled, globally or for one account: at one write per second the real limits would make most test suites
/// crawl. Only admitted requests count toward the 24-hour window. State lives per instance, so N instances behind a
/// balancer allow N times the rate.
/// </summary>
public sealed class RequestThrottle
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private readonly bool _enabled;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyDictionary<string, bool> _accountOverrides;
    private readonly ConcurrentDictionary<(string Account, string Operation), Meter> _meters = new();

    /// <param name="enabled">Whether quotas apply to accounts without an override.</param>
    /// <param name="clock">The source of time for both windows.</param>
    /// <param name="accountOverrides">Account id → quotas on/off for that account, whatever <paramref name="enabled"/> says.</param>
    public RequestThrottle(bool enabled, TimeProvider clock, IReadOnlyDictionary<string, bool>? accountOverrides = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _enabled = enabled;
        _clock = clock;
        _accountOverrides = accountOverrides ?? new Dictionary<string, bool>();
    }

    /// <summary>True when quotas apply to accounts without an override.</summary>
    public bool Enabled => _enabled;

    public bool IsEnabledFor(string accountId) =>
        _accountOverrides.TryGetValue(accountId, out var on) ? on : _enabled;

    /// <summary>Admits the request or throws ThrottlingException (429), which every SDK retries with back-off.</summary>
    public void Check(Caller caller, OperationDescriptor operation)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(operation);
        if (!IsEnabledFor(caller.AccountId))
        {
            return;
        }
        var meter = _meters.GetOrAdd((caller.AccountId, operation.Name), _ => new Meter(QuotaFor(operation.Name, operation.ReadOnly)));
        switch (meter.TryAdmit(_clock.GetUtcNow()))
        {
            case Verdict.Admitted:
                return;
            case Verdict.PerSecond:
                throw ApiException.Throttling(
                    $"Rate exceeded for {operation.Name}: at most {meter.Quota.PerSecond} request{(meter.Quota.PerSecond == 1 ? "" : "s")} per second.");
            default:
                throw ApiException.Throttling(
                    $"Rate exceeded for {operation.Name}: at most {meter.Quota.PerDay} requests in any 24 hours.");
        }
    }

    /// <summary>The documented per-second rate of an operation (spec 04 §4).</summary>
    public static int PerSecond(string operation, bool readOnly) => QuotaFor(operation, readOnly).PerSecond;

    /// <summary>
    /// The documented classes. Operations without documented numbers get the read class when read-only, else the write
    /// class, daily limits included (spec 04 §4, spec 06 Q20); the CreateEngagement and prospecting rows document no daily
    /// limit, so they have none.
    /// </summary>
    public static Quota QuotaFor(string operation, bool readOnly) => operation switch
    {
        "CreateEngagement" => new(15, null),
        "GetProspectingFromEngagementTask" => new(100, null),
        "ListProspectingFromEngagementTasks" => new(50, null),
        "StartProspectingFromEngagementTask" => new(2, null),
        _ => readOnly ? Quota.Read : Quota.Write,
    };

    /// <summary>A per-second rate (also the burst) and an optional rolling 24-hour limit.</summary>
    public sealed record Quota(int PerSecond, int? PerDay)
    {
        public static readonly Quota Read = new(10, 100_000);
        public static readonly Quota Write = new(1, 10_000);
    }

    private enum Verdict { Admitted, PerSecond, PerDay }

    /// <summary>One account's meter for one operation; each call holds its lock only for a few arithmetic steps.</summary>
    private sealed class Meter(Quota quota)
    {
        private readonly Lock _lock = new();
        // The seconds before the current one that still count, oldest first: values, not objects, since a busy read
        // operation holds up to 86,400 of them (leak21: one object a second, per account and operation, for a day).
        private readonly Queue<(long Second, int Count)> _admitted = new();
        private long _second = long.MinValue;
        private int _secondCount;
        private double _tokens = quota.PerSecond;
        private DateTimeOffset _refilled = DateTimeOffset.MinValue;
        private int _inWindow;

        public Quota Quota { get; } = quota;

        public Verdict TryAdmit(DateTimeOffset now)
        {
            lock (_lock)
            {
                Refill(now);
                if (Quota.PerDay is { } perDay)
                {
                    Expire(now);
                    if (_inWindow >= perDay)
                    {
                        return Verdict.PerDay;
                    }
                }
                if (_tokens < 1)
                {
                    return Verdict.PerSecond;
                }
                _tokens -= 1;
                if (Quota.PerDay is not null)
                {
                    Record(now);
                }
                return Verdict.Admitted;
            }
        }

        /// <summary>Tokens come back continuously at the per-second rate, up to one second's worth.</summary>
        private void Refill(DateTimeOffset now)
        {
            if (_refilled == DateTimeOffset.MinValue)
            {
                _refilled = now;
                return;
            }
            var elapsed = (now - _refilled).TotalSeconds;
            if (elapsed <= 0)
            {
                // The clock stood still or went back: no tokens, and the reference point stays where it was.
                return;
            }
            _tokens = Math.Min(Quota.PerSecond, _tokens + elapsed * Quota.PerSecond);
            _refilled = now;
        }

        /// <summary>Admissions are counted per whole second; a second leaves the window 24 hours after it began.</summary>
        private void Record(DateTimeOffset now)
        {
            var second = now.ToUnixTimeSeconds();
            if (second != _second)
            {
                if (_secondCount > 0)
                {
                    _admitted.Enqueue((_second, _secondCount));
                }
                (_second, _secondCount) = (second, 0);
            }
            _secondCount++;
            _inWindow++;
        }

        private void Expire(DateTimeOffset now)
        {
            var oldestKept = now.ToUnixTimeSeconds() - (long)Day.TotalSeconds;
            while (_admitted.TryPeek(out var head) && head.Second <= oldestKept)
            {
                _admitted.Dequeue();
                _inWindow -= head.Count;
            }
            if (_secondCount > 0 && _second <= oldestKept && _admitted.Count == 0)
            {
                _inWindow -= _secondCount;
                _secondCount = 0;
            }
        }
    }
}
