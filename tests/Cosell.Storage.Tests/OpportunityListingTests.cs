using System.Text.Json;
using Cosell.Model;
using Cosell.Service.Domain;
using Xunit;

namespace Cosell.Storage.Tests;

/// <summary>ListOpportunities reads a summary's members of each stored opportunity, and nothing else.</summary>
public sealed class OpportunityListingTests
{
    // A stored document with every member a summary shows and the heavy ones it does not.
    private const string Stored = """
        {"Catalog":"Sandbox","Id":"O5010221","OwnerAccountId":"111111111111","Origin":"Partner Referral",
         "PrimaryNeedsFromAws":["Co-Sell - Deal Support"],"NationalSecurity":"No","PartnerOpportunityIdentifier":"crm-9200",
         "Customer":{"Account":{"Industry":"Other","OtherIndustry":"Übersetzung","CompanyName":"company 831 ÜBER",
           "WebsiteUrl":"https://c9200.example.com","AwsAccountId":"123456789012",
           "Address":{"City":"Київ","PostalCode":"10115","CountryCode":"DE","StateOrRegion":"Berlin","StreetAddress":"Straße 1"}},
           "Contacts":[{"Email":"c0@example.com","FirstName":"Ж","LastName":"Щ","BusinessTitle":"Ш","Phone":"+14155550100"}]},
         "Project":{"DeliveryModels":["SaaS or PaaS"],
           "ExpectedCustomerSpend":[{"Amount":"100","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}],
           "ExpectedContractDuration":{"Term":"Months","Value":"24"},
           "Title":"Τίτλος","CustomerBusinessProblem":"問題が発生しました","CustomerUseCase":"AI Machine Learning and Analytics",
           "SalesActivities":["Initialized discussions with customer"],"AdditionalComments":"ßß"},
         "OpportunityType":"Net New Business","Marketing":{"Source":"None"},
         "LifeCycle":{"Stage":"Closed Lost","ClosedLostReason":"Price","NextSteps":"下一步","TargetCloseDate":"2029-10-14",
           "ReviewStatus":"Action Required","ReviewComments":"fix it","ReviewStatusReason":"Missing data",
           "NextStepsHistory":[{"Value":"下一步","Time":"2026-12-06T05:51:31.446Z"}]},
         "OpportunityTeam":[{"Email":"t0@example.com","FirstName":"Ж","LastName":"Щ","BusinessTitle":"PartnerAccountManager"}],
         "RelatedEntityIdentifiers":{"Solutions":["S-1234567"],"AwsProducts":[]},
         "Tags":[{"Key":"k00","Value":"v"}],
         "CreatedDate":"2026-11-28T05:50:06Z","LastModifiedDate":"2026-12-08T05:52:04.199Z","Hidden":false,"Version":52}
        """;

    [Fact]
    public void Listing_GivesTheSummaryOfTheWholeDocument_WithoutReadingTheRest()
    {
        var whole = JsonSerializer.Deserialize(Stored, StoreJsonContext.Stored.OpportunityRecord)!;
        var listed = JsonSerializer.Deserialize(Stored, OpportunityListing.Type)!;

        Assert.Equal(Summarised(whole), Summarised(listed));
        Assert.Contains("\"ReviewStatusReason\":\"Missing data\"", Summarised(listed), StringComparison.Ordinal);
        Assert.Null(listed.LifeCycle.NextStepsHistory);
        Assert.Null(listed.Customer!.Contacts);
        Assert.Null(listed.Tags);
        Assert.Null(listed.Project!.Title);
    }

    private static string Summarised(OpportunityRecord o) => JsonSerializer.Serialize(
        new ListOpportunitiesResponse { OpportunitySummaries = [OpportunityViews.Summary(o)] }, ModelJsonContext.Default.ListOpportunitiesResponse);
}
