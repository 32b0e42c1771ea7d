using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// AWS's review of a submitted opportunity (spec 03 §1.1). In Sandbox a partner plays AWS by sending UpdateOpportunity
/// with LifeCycle.ReviewStatus Approved, Action Required or Rejected; the AWS catalog never lets partners set it.
/// Spec 03 names Approved and Action Required (DG:sandbox); Rejected is added because a public integration's notes on
/// the real Sandbox list it among the statuses partners set there, and exercise the rejection path so (2026).
/// </summary>
public static class OpportunityReview
{
    /// <summary>The review outcomes a Sandbox partner may simulate.</summary>
    public static bool IsSimulatedDecision(ReviewStatus status) =>
        status == ReviewStatus.Approved || status == ReviewStatus.ActionRequired || status == ReviewStatus.Rejected;

    /// <summary>
    /// Checks a ReviewStatus an UpdateOpportunity asks for; returns the decision to simulate, or null when the request
    /// leaves the status as it is (absent, or the stored value echoed back).
    /// </summary>
    public static ReviewStatus? RequestedDecision(string catalog, OpportunityRecord stored, ReviewStatus? requested)
    {
        if (requested is not { } decision || decision == stored.ReviewStatus)
        {
            return null;
        }
        if (catalog != "Sandbox")
        {
            throw ApiException.Business("lifeCycle.reviewStatus", "ACTION_NOT_PERMITTED",
                "LifeCycle.ReviewStatus is set by AWS's review and cannot be changed by partners.");
        }
        var current = stored.ReviewStatus;
        if (current == ReviewStatus.Approved || current == ReviewStatus.Rejected)
        {
            // A decided review is final, whatever is asked; the real Sandbox's refusal after an approval, as a public
            // integration quotes it.
            throw ApiException.Business("lifeCycle.reviewStatus", "INVALID_RESOURCE_STATE", $"reviewStatus is not editable if status is {current}");
        }
        if (!IsSimulatedDecision(decision))
        {
            throw ApiException.Business("lifeCycle.reviewStatus", "ACTION_NOT_PERMITTED",
                $"In Sandbox a partner can simulate AWS's review with ReviewStatus {ReviewStatus.Approved}, {ReviewStatus.ActionRequired} or {ReviewStatus.Rejected} only, not {decision}.");
        }
        // Not only a submitted one: a public integration's notes on the real Sandbox (2026) drive an opportunity from
        // Pending Submission straight to Approved, and AWS's own update samples send Action Required whatever the state.
        return decision;
    }

    /// <summary>
    /// Applies AWS's decision to <paramref name="opportunity"/> and returns it; the caller stores it. This is where the
    /// consequences of a decision for other records belong (the approval cascade of spec 03 §1.1: AWS joins the
    /// engagement, mirrored opportunities follow; a rejection declines AWS's invitation, and the mirrors follow it too);
    /// they run in the same store session as the update.
    /// </summary>
    public static async Task<OpportunityRecord> ApplyAsync(
        OperationContext ctx, OpportunityRecord opportunity, ReviewStatus decision, string? comments, string? reason, CancellationToken ct)
    {
        // Only a real submission (one that went to AWS) is what AWS decides for the whole engagement; a receiver's
        // mirrored copy (never submitted itself) reviewed in Sandbox changes only that copy.
        if ((decision == ReviewStatus.Approved || decision == ReviewStatus.Rejected)
            && opportunity.EngagementId is { } engagementId && opportunity.AwsSubmission is not null)
        {
            // Approval is AWS accepting the submission: AWS joins the engagement, and the partners whose opportunities
            // mirror this one (accepted by task while it was under review) see Approved too (DG:multi); a rejection
            // declines the invitation to AWS, and the mirrors see Rejected. Every path locks
            // opportunities before their engagement (a member's CreateResourceSnapshot locks its opportunity, then the
            // engagement), so the mirrors are all locked first; then AWS joins, so that the snapshots the mirrors' changes
            // take (their owners' jobs) list AWS among their readers. Either other order deadlocked on PostgreSQL.
            var mirrors = new List<OpportunityRecord>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // Listed again until nothing new appears: an acceptance of a mirror owner's invitation locks that mirror
            // before it copies its status, so a copy committed while this waited for the lock shows up in the next round.
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var listed in await ctx.Store.ListOpportunitiesByEngagementAsync(opportunity.Catalog, engagementId, ct))
                {
                    // Filtered before locking: locking another submitted opportunity would deadlock with its own approval.
                    if (listed.OwnerAccountId == opportunity.OwnerAccountId || !IsMirrorUnderReview(listed)
                        || !seen.Add(listed.OwnerAccountId + "/" + listed.Id))
                    {
                        continue;
                    }
                    grew = true;
                    // Decided again on the locked record: its owner may have changed it since the list was read.
                    if (await ctx.Store.GetOpportunityAsync(listed.Catalog, listed.OwnerAccountId, listed.Id, ct) is { } mirror
                        && IsMirrorUnderReview(mirror))
                    {
                        mirrors.Add(mirror);
                    }
                }
            }
            if (decision == ReviewStatus.Approved)
            {
                await AwsParticipation.JoinAsync(ctx, opportunity.Catalog, engagementId, ct);
            }
            else if (!await AnotherSubmissionUnderReviewAsync(ctx, opportunity, engagementId, ct))
            {
                // AWS's invitation stands for every submission in the engagement (a later one sends none while it is
                // pending), so it is declined only with the last one under review.
                await AwsParticipation.DeclineAsync(ctx, opportunity.Catalog, engagementId, ct);
            }
            foreach (var mirror in mirrors)
            {
                await Opportunities.SaveAsync(ctx, mirror, mirror with { LifeCycle = mirror.LifeCycle with { ReviewStatus = decision } }, ct);
            }
        }
        return opportunity with
        {
            LifeCycle = opportunity.LifeCycle with { ReviewStatus = decision, ReviewComments = comments, ReviewStatusReason = reason },
        };
    }

    private static async Task<bool> AnotherSubmissionUnderReviewAsync(OperationContext ctx, OpportunityRecord decided, string engagementId, CancellationToken ct) =>
        (await ctx.Store.ListOpportunitiesByEngagementAsync(decided.Catalog, engagementId, ct)).Any(o =>
            !(o.OwnerAccountId == decided.OwnerAccountId && o.Id == decided.Id) && o.AwsSubmission is not null
            && UnderReview(o.ReviewStatus));

    /// <summary>
    /// A receiver's opportunity reads Submitted while the sender's is under review, Approved or Rejected once AWS decided
    /// (as the copies made before the decision follow it).
    /// </summary>
    public static ReviewStatus MirroredStatus(ReviewStatus? sender) =>
        sender == ReviewStatus.Approved || sender == ReviewStatus.Rejected ? sender.Value
        : sender is { } status && UnderReview(status) ? ReviewStatus.Submitted
        : ReviewStatus.PendingSubmission;

    /// <summary>Submitted and not yet decided: what AWS's review (or its Sandbox stand-in) can still decide.</summary>
    private static bool UnderReview(ReviewStatus status) =>
        status == ReviewStatus.Submitted || status == ReviewStatus.InReview || status == ReviewStatus.ActionRequired;

    /// <summary>A receiver's copy of an opportunity under review: visible, never submitted itself, Submitted.</summary>
    private static bool IsMirrorUnderReview(OpportunityRecord o) =>
        o is { Hidden: false, AwsSubmission: null } && o.ReviewStatus == ReviewStatus.Submitted;
}
