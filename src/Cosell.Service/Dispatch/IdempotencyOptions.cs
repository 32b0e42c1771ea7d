namespace Cosell.Service.Dispatch;

/// <summary>How long a ClientToken keeps answering with its first response.</summary>
public sealed record IdempotencyOptions
{
    /// <summary>
    /// AWS does not document a lifetime; spec 04 §1 (06 Q14) keeps a token at least 24 hours. Past it, the token's
    /// next request runs as a new one and its record replaces the old one, so a CRM deriving tokens from its own record
    /// ids can create again after a day instead of being answered with a months-old response.
    /// </summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(24);

    public TimeSpan TokenLifetime { get; init; } = DefaultTokenLifetime;

    /// <summary>
    /// The oldest creation time of a record that still replays at <paramref name="now"/>: one created earlier is lapsed
    /// (exactly one lifetime old counts as lapsed). The dispatcher and the sweep both decide by it.
    /// </summary>
    public DateTimeOffset ReplaysSince(DateTimeOffset now) => now - TokenLifetime + TimeSpan.FromTicks(1);
}
