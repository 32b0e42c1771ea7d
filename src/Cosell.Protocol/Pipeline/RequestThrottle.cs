using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Cosell.Model.Contracts;
using Cosell.Model.Operations;

namespace Cosell.Protocol.Pipeline;

/// <summary>
/// Per-account, per-operation token buckets with the per-second quotas of the developer guide (spec 04 §4). Off unless
/// enabled: at one write per second, the real limits would make most test suites crawl. The 24-hour windows are not
/// emulated. Buckets live per instance, so N instances behind a balancer allow N times the rate.
/// </summary>
public sealed class RequestThrottle(bool enabled, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Account, string Operation), TokenBucketRateLimiter> _buckets = new();

    public bool Enabled => enabled;

    public void Check(Caller caller, OperationDescriptor operation)
    {
        if (!enabled)
        {
            return;
        }
        var bucket = _buckets.GetOrAdd((caller.AccountId, operation.Name), key => Create(PerSecond(key.Operation, operation.ReadOnly)));
        using var lease = bucket.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw ApiException.Throttling($"Rate exceeded for {operation.Name}.");
        }
    }

    /// <summary>Documented classes; undocumented operations get the read class when read-only, else the write class (spec 06 Q20).</summary>
    public static int PerSecond(string operation, bool readOnly) => operation switch
    {
        "CreateEngagement" => 15,
        "GetProspectingFromEngagementTask" => 100,
        "ListProspectingFromEngagementTasks" => 50,
        "StartProspectingFromEngagementTask" => 2,
        _ => readOnly ? 10 : 1,
    };

    private TokenBucketRateLimiter Create(int perSecond)
    {
        _ = clock; // Token buckets replenish on their own timer; the clock is kept for a future deterministic mode.
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
