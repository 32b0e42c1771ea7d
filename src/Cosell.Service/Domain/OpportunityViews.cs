using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>How a stored opportunity reads: GetOpportunity, the ListOpportunities summary, and the AWS side of it.</summary>
public static class OpportunityViews
{
    public static GetOpportunityResponse Get(OpportunityRecord o) => new()
    {
        Catalog = o.Catalog,
        PrimaryNeedsFromAws = o.PrimaryNeedsFromAws,
        NationalSecurity = o.NationalSecurity,
        PartnerOpportunityIdentifier = o.PartnerOpportunityIdentifier,
        Customer = WithContacts(o.Customer),
        Project = o.Project,
        OpportunityType = o.OpportunityType,
        Marketing = o.Marketing,
        SoftwareRevenue = o.SoftwareRevenue,
        Id = o.Id,
        Arn = Arns.Opportunity(o.Catalog, o.OwnerAccountId, o.Id),
        LastModifiedDate = o.LastModifiedDate,
        CreatedDate = o.CreatedDate,
        RelatedEntityIdentifiers = Complete(o.RelatedEntityIdentifiers),
        LifeCycle = o.LifeCycle,
        OpportunityTeam = o.OpportunityTeam,
    };

    /// <summary>
    /// A customer reads with its <c>Contacts</c> list, empty when none were sent: real GetOpportunity answers and
    /// snapshot payloads show <c>"Contacts": []</c> (AWS's Postman samples), and clients iterate it unguarded.
    /// </summary>
    public static Customer? WithContacts(Customer? customer) => customer is { Contacts: null } ? customer with { Contacts = [] } : customer;

    public static OpportunitySummary Summary(OpportunityRecord o) => new()
    {
        Catalog = o.Catalog,
        Id = o.Id,
        Arn = Arns.Opportunity(o.Catalog, o.OwnerAccountId, o.Id),
        PartnerOpportunityIdentifier = o.PartnerOpportunityIdentifier,
        OpportunityType = o.OpportunityType,
        LastModifiedDate = o.LastModifiedDate,
        CreatedDate = o.CreatedDate,
        LifeCycle = new LifeCycleSummary
        {
            Stage = o.LifeCycle.Stage,
            ClosedLostReason = o.LifeCycle.ClosedLostReason,
            NextSteps = o.LifeCycle.NextSteps,
            TargetCloseDate = o.LifeCycle.TargetCloseDate,
            ReviewStatus = o.LifeCycle.ReviewStatus,
            ReviewComments = o.LifeCycle.ReviewComments,
            ReviewStatusReason = o.LifeCycle.ReviewStatusReason,
        },
        Customer = o.Customer?.Account is { } a
            ? new CustomerSummary
            {
                Account = new AccountSummary
                {
                    Industry = a.Industry,
                    OtherIndustry = a.OtherIndustry,
                    CompanyName = a.CompanyName,
                    WebsiteUrl = a.WebsiteUrl,
                    Address = a.Address is { } ad
                        ? new AddressSummary { City = ad.City, PostalCode = ad.PostalCode, StateOrRegion = ad.StateOrRegion, CountryCode = ad.CountryCode }
                        : null,
                },
            }
            : null,
        Project = o.Project is { } p
            ? new ProjectSummary { DeliveryModels = p.DeliveryModels, ExpectedCustomerSpend = p.ExpectedCustomerSpend, ExpectedContractDuration = p.ExpectedContractDuration }
            : null,
    };

    /// <summary>
    /// The AWS opportunity linked to a submitted partner opportunity (or an accepted AWS referral). The emulator has no
    /// AWS seller behind it, so this is a plausible mirror: AWS's stage is "Not Started" until AWS approves, then follows
    /// the partner's stage; an AWS account owner and insights appear once approved.
    /// </summary>
    public static GetAwsOpportunitySummaryResponse AwsSummary(OpportunityRecord o, string? relatedOpportunityId = null)
    {
        var approved = o.ReviewStatus == ReviewStatus.Approved || o.Origin == OpportunityOrigin.AwsReferral;
        var related = Complete(o.RelatedEntityIdentifiers);
        return new GetAwsOpportunitySummaryResponse
        {
            Catalog = o.Catalog,
            RelatedOpportunityId = relatedOpportunityId ?? o.Id,
            Origin = o.Origin,
            InvolvementType = o.AwsSubmission?.InvolvementType ?? SalesInvolvementType.CoSell,
            Visibility = o.AwsSubmission?.Visibility ?? Visibility.Full,
            LifeCycle = new AwsOpportunityLifeCycle
            {
                Stage = AwsStage(o, approved),
                TargetCloseDate = o.LifeCycle.TargetCloseDate,
                // The partner's next steps, as a real summary showed them.
                NextSteps = o.LifeCycle.NextSteps,
                ClosedLostReason = o.LifeCycle.ClosedLostReason is { } reason && AwsClosedLostReason.Values.Contains(reason.Value)
                    ? AwsClosedLostReason.Create(reason.Value)
                    : null,
            },
            OpportunityTeam = approved
                ? [new AwsTeamMember { FirstName = "AWS", LastName = "Account Owner", Email = "account-owner@aws.example.com", BusinessTitle = AwsMemberBusinessTitle.AwsAccountOwner }]
                : [],
            Insights = approved
                ? new AwsOpportunityInsights
                {
                    EngagementScore = EngagementScore.Medium,
                    NextBestActions = "Align next steps and the target close date with the AWS account owner.",
                }
                : null,
            RelatedEntityIds = new AwsOpportunityRelatedEntities
            {
                AwsProducts = related.AwsProducts,
                Solutions = related.Solutions,
                AwsMarketplaceSolutions = related.AwsMarketplaceSolutions,
                AwsMarketplaceProducts = related.AwsMarketplaceProducts,
            },
            Customer = new AwsOpportunityCustomer { Contacts = o.Customer?.Contacts ?? [] },
            Project = new AwsOpportunityProject { ExpectedCustomerSpend = o.Project?.ExpectedCustomerSpend ?? [], AwsPartition = o.Project?.AwsPartition },
        };
    }

    private static AwsOpportunityStage AwsStage(OpportunityRecord o, bool approved)
    {
        if (o.ReviewStatus == ReviewStatus.Rejected)
        {
            return AwsOpportunityStage.ClosedLost;
        }
        if (!approved)
        {
            return AwsOpportunityStage.NotStarted;
        }
        var stage = o.LifeCycle.Stage?.Value;
        return stage is not null && AwsOpportunityStage.Values.Contains(stage) ? AwsOpportunityStage.Create(stage) : AwsOpportunityStage.Prospect;
    }

    /// <summary>GetOpportunity always carries all the lists (spec 03 §1.3; the two Marketplace ones are model/patches/004).</summary>
    public static RelatedEntityIdentifiers Complete(RelatedEntityIdentifiers r) => new()
    {
        AwsMarketplaceOffers = r.AwsMarketplaceOffers ?? [],
        AwsMarketplaceOfferSets = r.AwsMarketplaceOfferSets ?? [],
        Solutions = r.Solutions ?? [],
        AwsProducts = r.AwsProducts ?? [],
        AwsMarketplaceSolutions = r.AwsMarketplaceSolutions ?? [],
        AwsMarketplaceProducts = r.AwsMarketplaceProducts ?? [],
    };
}
