using System.Globalization;
using System.Text.Json.Serialization;
using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>
/// An opportunity as stored: owned by one partner account (its ARN carries the owner), visible and changeable only by
/// that account (spec 03 §1). The partner-editable members keep the model's own shapes.
/// </summary>
public sealed record OpportunityRecord
{
    public required string Catalog { get; init; }

    /// <summary><c>O</c> followed by <see cref="Number"/>'s digits.</summary>
    public required string Id { get; init; }

    public required string OwnerAccountId { get; init; }
    public required OpportunityOrigin Origin { get; init; }

    public IReadOnlyList<PrimaryNeedFromAws>? PrimaryNeedsFromAws { get; init; }
    public NationalSecurity? NationalSecurity { get; init; }
    public string? PartnerOpportunityIdentifier { get; init; }
    public Customer? Customer { get; init; }
    public Project? Project { get; init; }
    public OpportunityType? OpportunityType { get; init; }
    public Marketing? Marketing { get; init; }
    public SoftwareRevenue? SoftwareRevenue { get; init; }

    /// <summary>Always carries ReviewStatus; ReviewComments, ReviewStatusReason and NextStepsHistory are kept by the service.</summary>
    public required LifeCycle LifeCycle { get; init; }

    public IReadOnlyList<Contact> OpportunityTeam { get; init; } = [];

    /// <summary>All four lists present (possibly empty), as GetOpportunity returns them.</summary>
    public required RelatedEntityIdentifiers RelatedEntityIdentifiers { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    /// <summary>Whole seconds (spec 06 Q17).</summary>
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>Milliseconds (spec 06 Q17); strictly increases with every change, see <see cref="Opportunities.NextModified"/>.</summary>
    public required DateTimeOffset LastModifiedDate { get; init; }

    /// <summary>What SubmitOpportunity (or the engagement task) sent to AWS; null until the opportunity is submitted.</summary>
    public AwsSubmission? AwsSubmission { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The engagement this opportunity takes part in, once a task linked them.</summary>
    public string? EngagementId { get; init; }

    /// <summary>
    /// Not yet visible to its owner: GetOpportunity answers ResourceNotFound and listings skip it (a Sandbox AWS referral
    /// before its invitation is accepted, spec 06 Q9).
    /// </summary>
    public bool Hidden { get; init; }

    /// <summary>Optimistic-concurrency counter, bumped by every store update.</summary>
    public long Version { get; init; }

    [JsonIgnore]
    public ReviewStatus ReviewStatus => LifeCycle.ReviewStatus ?? ReviewStatus.PendingSubmission;

    /// <summary>
    /// The opportunity made an AWS opportunity of its own: it was submitted, or it is an AWS referral. One made from an
    /// invitation to such an opportunity shares that one instead.
    /// </summary>
    [JsonIgnore]
    public bool MadeAwsOpportunity => SubmittedAt is not null || Origin == OpportunityOrigin.AwsReferral;

    /// <summary>The numeric part of <see cref="Id"/>: the per-catalog counter value plus <see cref="Opportunities.IdBase"/>.</summary>
    [JsonIgnore]
    public long Number => long.Parse(Id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The stored stage for filtering; empty when none is set.</summary>
    [JsonIgnore]
    public string StageKey => LifeCycle.Stage?.Value ?? "";

    /// <summary>The customer's company name as ListOpportunities filters and sorts it: lower-cased, empty when absent.</summary>
    [JsonIgnore]
    public string CustomerCompanyNameKey => CompanyNameKey(Customer?.Account?.CompanyName);

    /// <summary>The AWS Marketplace offer associated with the opportunity (an opportunity takes at most one); null when none is.</summary>
    [JsonIgnore]
    public string? MarketplaceOfferKey => RelatedEntityIdentifiers.AwsMarketplaceOffers is [var offer, ..] ? offer : null;

    /// <summary>The target close date (<c>YYYY-MM-DD</c>, which sorts as text); empty when absent.</summary>
    [JsonIgnore]
    public string TargetCloseDateKey => LifeCycle.TargetCloseDate ?? "";

    public static string CompanyNameKey(string? companyName) => (companyName ?? "").ToLowerInvariant();
}
