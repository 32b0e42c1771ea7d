using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>
/// What a new opportunity is made of: the partner-supplied members of CreateOpportunity plus the links a task sets
/// (<see cref="EngagementId"/>, <see cref="Hidden"/>). Read-only members of LifeCycle (ReviewStatus, ReviewComments,
/// ReviewStatusReason) are ignored: a new opportunity is always Pending Submission.
/// </summary>
public sealed record OpportunityDraft
{
    /// <summary>Partner Referral when absent.</summary>
    public OpportunityOrigin? Origin { get; init; }

    public IReadOnlyList<PrimaryNeedFromAws>? PrimaryNeedsFromAws { get; init; }
    public NationalSecurity? NationalSecurity { get; init; }
    public string? PartnerOpportunityIdentifier { get; init; }
    public Customer? Customer { get; init; }
    public Project? Project { get; init; }
    public OpportunityType? OpportunityType { get; init; }
    public Marketing? Marketing { get; init; }
    public SoftwareRevenue? SoftwareRevenue { get; init; }
    public LifeCycle? LifeCycle { get; init; }
    public IReadOnlyList<Contact>? OpportunityTeam { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
    public string? EngagementId { get; init; }
    public bool Hidden { get; init; }

    public static OpportunityDraft From(CreateOpportunityRequest r) => new()
    {
        Origin = r.Origin,
        PrimaryNeedsFromAws = r.PrimaryNeedsFromAws,
        NationalSecurity = OpportunityDefaults.NationalSecurityOr(r.NationalSecurity),
        PartnerOpportunityIdentifier = r.PartnerOpportunityIdentifier,
        Customer = r.Customer,
        Project = r.Project,
        OpportunityType = OpportunityDefaults.OpportunityTypeOr(r.OpportunityType),
        Marketing = r.Marketing,
        SoftwareRevenue = Opportunities.UnlessEmpty(r.SoftwareRevenue),
        LifeCycle = r.LifeCycle,
        OpportunityTeam = r.OpportunityTeam,
        Tags = r.Tags,
    };
}
