using System.Collections.Frozen;

namespace Cosell.Service.Dispatch;

/// <summary>How long a ClientToken keeps answering with its first response, and which tokens are taken.</summary>
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
    /// Until when (excluded: exactly one lifetime old counts as lapsed) a record written at <paramref name="now"/>
    /// replays. Kept in the record, so that instances sharing a store with other lifetimes keep this one's promise.
    /// </summary>
    public DateTimeOffset ReplaysUntil(DateTimeOffset now) => now + TokenLifetime;

    /// <summary>
    /// Spec 06 Q15's optional strict mode: the engagement, task and snapshot operations take only the tokens AWS's API
    /// reference shows for CreateEngagementInvitation, StartEngagementByAcceptingInvitationTask, CreateResourceSnapshot
    /// and CreateResourceSnapshotJob (<see cref="StrictTokenPattern"/>, where the model allows any 1 to 255 characters;
    /// the reference's prose bounds CreateEngagement's and CreateEngagementContext's at 64 too, the other task pages show
    /// the model's form), so a CRM that sends longer tokens, or tokens with spaces, learns it here rather than in
    /// production. CreateOpportunity keeps the model's form: no page restricts it.
    /// </summary>
    public bool StrictTokens { get; init; }

    public const string StrictTokenPattern = "^[!-~]{1,64}$";

    public static readonly FrozenSet<string> StrictTokenOperations = FrozenSet.ToFrozenSet(
    [
        "CreateEngagement", "CreateEngagementContext", "CreateEngagementInvitation", "CreateResourceSnapshot",
        "CreateResourceSnapshotJob", "StartEngagementByAcceptingInvitationTask", "StartEngagementFromOpportunityTask",
        "StartOpportunityFromEngagementTask", "StartProspectingFromEngagementTask",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="token"/> matches <see cref="StrictTokenPattern"/>: 1 to 64 printable ASCII characters, no
    /// space. Written out: a .NET (or Java) <c>$</c> would also let a final newline through.
    /// </summary>
    public static bool IsStrictToken(string token) => token.Length is >= 1 and <= 64 && token.All(c => c is >= '!' and <= '~');
}
