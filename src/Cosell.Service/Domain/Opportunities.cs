using System.Globalization;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// Creating, loading and changing opportunities (spec 03 §1), shared by the opportunity handlers and the engagement
/// tasks. Nothing here checks request rules (see <see cref="OpportunityRules"/>); every write goes through the store's
/// version check.
/// </summary>
public static class Opportunities
{
    /// <summary>Added to the per-catalog counter, so ids look like the real ones (<c>O5408941</c>: 7–8 digits).</summary>
    public const long IdBase = 5_000_000;

    public const int MaxNextStepsHistory = 50;

    public static string IdFor(long counter) => "O" + (IdBase + counter).ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset WholeSeconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>
    /// LastModifiedDate after a change: the request's instant in milliseconds (the precision the service shows), at least
    /// 1 ms after the previous value (<see cref="ChangeTimes.After"/>).
    /// </summary>
    public static DateTimeOffset NextModified(DateTimeOffset previous, DateTimeOffset now) =>
        ChangeTimes.After(previous, ChangeTimes.Milliseconds(now));

    /// <summary>
    /// Creates an opportunity owned by <paramref name="ownerAccountId"/> (the caller when null): a new id from the
    /// catalog's counter, ReviewStatus Pending Submission, Stage Prospect unless given, no related entities; CreatedDate
    /// the request's instant in whole seconds and LastModifiedDate the same instant in milliseconds, as the service
    /// answers today (AWS's opportunity-to-offer sample, November 2025: CreateOpportunity's LastModifiedDate
    /// "…45.972"; a converted lead read back in December 2025: CreatedDate "…13Z", LastModifiedDate "…13.149Z"; the
    /// 2024 capture gave whole seconds for both). Spec 03's "LastModifiedDate = CreatedDate" is read as the same instant,
    /// each at its precision: a sync's watermark from a change made just before is never later than a new
    /// opportunity's. Returns the stored record (Version 1).
    /// </summary>
    public static async Task<OpportunityRecord> CreateAsync(
        OperationContext ctx, string catalog, OpportunityDraft draft, CancellationToken ct, string? ownerAccountId = null)
    {
        var number = await ctx.Store.NextOpportunityNumberAsync(catalog, ct);
        var created = WholeSeconds(ctx.Now);
        var modified = ChangeTimes.Milliseconds(ctx.Now);
        var given = draft.LifeCycle ?? new LifeCycle();
        var record = new OpportunityRecord
        {
            Catalog = catalog,
            Id = IdFor(number),
            OwnerAccountId = ownerAccountId ?? ctx.AccountId,
            Origin = draft.Origin ?? OpportunityOrigin.PartnerReferral,
            PrimaryNeedsFromAws = draft.PrimaryNeedsFromAws,
            NationalSecurity = draft.NationalSecurity,
            PartnerOpportunityIdentifier = draft.PartnerOpportunityIdentifier,
            Customer = draft.Customer,
            Project = SpendTargets.Normalize(draft.Project),
            OpportunityType = draft.OpportunityType,
            Marketing = draft.Marketing,
            SoftwareRevenue = draft.SoftwareRevenue,
            LifeCycle = given with
            {
                Stage = given.Stage ?? Stage.Prospect,
                ReviewStatus = ReviewStatus.PendingSubmission,
                ReviewComments = null,
                ReviewStatusReason = null,
                // The history is the service's: one the request carries (entries dated at will) is not taken over. It
                // starts empty: real opportunities created with NextSteps read back "NextStepsHistory": null (three
                // GetOpportunity answers in AWS's Postman samples); changes of NextSteps are recorded from then on.
                NextStepsHistory = null,
            },
            OpportunityTeam = draft.OpportunityTeam ?? [],
            RelatedEntityIdentifiers = EmptyRelatedEntities,
            Tags = draft.Tags,
            CreatedDate = created,
            LastModifiedDate = modified,
            EngagementId = draft.EngagementId,
            Hidden = draft.Hidden,
            Version = 1,
        };
        await ctx.Store.InsertOpportunityAsync(record, ct);
        if (!record.Hidden)
        {
            Events.Emit.OpportunityCreated(ctx, record);
        }
        return record;
    }

    public static RelatedEntityIdentifiers EmptyRelatedEntities { get; } = new()
    {
        AwsMarketplaceOffers = [], AwsMarketplaceOfferSets = [], Solutions = [], AwsProducts = [],
        AwsMarketplaceSolutions = [], AwsMarketplaceProducts = [],
    };

    /// <summary>
    /// The caller's visible opportunity in the engagement, if it has one there. A partner takes part in an engagement with
    /// one opportunity (each member's own, as AWS describes it): what would bring a second one refuses with
    /// <see cref="OneOpportunityPerPartner"/>.
    /// </summary>
    public static async Task<OpportunityRecord?> OwnInEngagementAsync(OperationContext ctx, string catalog, string engagementId, CancellationToken ct) =>
        (await ctx.Store.ListOpportunitiesByEngagementAsync(catalog, engagementId, ct))
            .FirstOrDefault(o => o.OwnerAccountId == ctx.AccountId && !o.Hidden);

    public static string OneOpportunityPerPartner(string engagementId, string opportunityId) =>
        $"Engagement {engagementId} already holds your opportunity {opportunityId}; a partner takes part in an engagement with one opportunity.";

    /// <summary>The caller's own, visible opportunity; anything else is ResourceNotFound (spec 06 Q3).</summary>
    public static async Task<OpportunityRecord> LoadAsync(OperationContext ctx, string catalog, string id, CancellationToken ct)
    {
        var opportunity = await ctx.Store.GetOpportunityAsync(catalog, ctx.AccountId, id, ct);
        return opportunity is { Hidden: false }
            ? opportunity
            : throw ApiException.NotFound($"Opportunity {id} was not found in catalog {catalog}.");
    }

    /// <summary>
    /// Creates an opportunity that a task ties to an engagement as it makes it (accepting an invitation, converting a
    /// lead): its owner hears Opportunity Created and, for the tie, Opportunity Updated (spec 05 §3 lists both for the
    /// accepting task; the converting task is read the same way).
    /// </summary>
    public static async Task<OpportunityRecord> CreateForEngagementAsync(
        OperationContext ctx, string catalog, OpportunityDraft draft, CancellationToken ct)
    {
        var created = await CreateAsync(ctx, catalog, draft, ct);
        Events.Emit.OpportunityUpdated(ctx, created);
        return created;
    }

    /// <summary>
    /// Stores <paramref name="changed"/> (a changed copy of <paramref name="current"/>) with a new LastModifiedDate
    /// (<see cref="NextModified"/>); ConflictException when another request changed it first. Returns the stored record.
    /// A ReviewStatusReason belongs to Rejected and Action Required only (model doc): every other status clears it here,
    /// whichever path moved it (an approval, a partner's fix, a mirrored copy following its sender, a client echoing
    /// GetOpportunity's output with an earlier reason in it).
    /// </summary>
    public static async Task<OpportunityRecord> SaveAsync(
        OperationContext ctx, OpportunityRecord current, OpportunityRecord changed, CancellationToken ct)
    {
        var status = changed.LifeCycle.ReviewStatus;
        var keepsReason = status == ReviewStatus.ActionRequired || status == ReviewStatus.Rejected;
        var stored = changed with
        {
            LastModifiedDate = NextModified(current.LastModifiedDate, ctx.Now),
            LifeCycle = keepsReason || changed.LifeCycle.ReviewStatusReason is null ? changed.LifeCycle : changed.LifeCycle with { ReviewStatusReason = null },
        };
        if (!await ctx.Store.UpdateOpportunityAsync(stored, current.Version, ct))
        {
            throw ApiException.Conflict($"Opportunity {current.Id} was changed by another request; read it again and retry.");
        }
        if (current.Hidden && !stored.Hidden)
        {
            // A Sandbox AWS referral becomes the owner's opportunity only now (spec 06 Q9).
            Events.Emit.OpportunityCreated(ctx, stored);
        }
        if (!stored.Hidden)
        {
            Events.Emit.OpportunityUpdated(ctx, stored);
        }
        var saved = stored with { Version = current.Version + 1 };
        if (!saved.Hidden)
        {
            // Running resource snapshot jobs take a new revision when the change touched their template's fields (spec 03 §4).
            await ResourceSnapshotJobs.OnOpportunityChangedAsync(ctx, saved, ct);
        }
        return saved;
    }

    /// <summary>
    /// Submits to AWS (SubmitOpportunity, and the submission step of StartEngagementFromOpportunityTask): from Pending
    /// Submission or, back into review, from Action Required; never at Closed Lost. ReviewStatus becomes Submitted and the
    /// involvement is kept for GetAwsOpportunitySummary. Visibility defaults to Full.
    /// </summary>
    public static async Task<OpportunityRecord> SubmitAsync(
        OperationContext ctx, OpportunityRecord opportunity, AwsSubmission submission, CancellationToken ct)
    {
        OpportunityRules.CheckSubmittable(opportunity);
        var submitted = opportunity with
        {
            LifeCycle = opportunity.LifeCycle with { ReviewStatus = ReviewStatus.Submitted },
            AwsSubmission = submission with { Visibility = submission.Visibility ?? Visibility.Full },
            SubmittedAt = opportunity.SubmittedAt ?? ctx.Now,
        };
        return await SaveAsync(ctx, opportunity, submitted, ct);
    }

    /// <summary>
    /// An empty <c>SoftwareRevenue</c> (<c>{}</c>) is none: real opportunities created with one read back
    /// <c>"SoftwareRevenue": null</c> (AWS's Postman samples), and a client testing the member for presence would see one.
    /// </summary>
    public static SoftwareRevenue? UnlessEmpty(SoftwareRevenue? revenue) => revenue == new SoftwareRevenue() ? null : revenue;

    /// <summary>
    /// NextStepsHistory is kept by the service: a NextSteps that differs from the previous one is appended with the
    /// time it was set; the oldest entries go beyond <see cref="MaxNextStepsHistory"/>.
    /// </summary>
    public static IReadOnlyList<NextStepsHistory>? WithNextSteps(
        IReadOnlyList<NextStepsHistory>? history, string? previousNextSteps, string? nextSteps, DateTimeOffset at)
    {
        if (string.IsNullOrEmpty(nextSteps) || nextSteps == previousNextSteps
            || (history is { Count: > 0 } && history[^1].Value == nextSteps))
        {
            return history;
        }
        var list = (history ?? []).ToList();
        list.Add(new NextStepsHistory { Value = nextSteps, Time = at });
        return list.Count > MaxNextStepsHistory ? list.Skip(list.Count - MaxNextStepsHistory).ToList() : list;
    }
}
