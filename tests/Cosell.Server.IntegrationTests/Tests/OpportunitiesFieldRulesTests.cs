using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// Opportunity rules the model does not state, from AWS's CRM field table and picklists (aws-samples
/// partner-crm-integration-samples) and from public integrations quoting the real service (2026): the use-case picklists,
/// the marketing block, the Closed Lost reason, a zero spend and the sales activity a submission needs.
/// </summary>
public sealed class OpportunitiesFieldRulesTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Theory]
    [InlineData("Migration / Database Migration", 200)]
    [InlineData("Edge Computing / End User Computing", 200)]
    [InlineData("Migration/Database Migration", 400)] // the API reference's spelling, not the picklist's
    [InlineData("Other", 400)]
    [InlineData("migration / database migration", 400)]
    public async Task CreateOpportunity_CustomerUseCase_OnlyThePicklistsValues(string useCase, int status)
    {
        var company = $"UseCase {status} {useCase}"; // the list filter ignores letter case
        var body = OpportunityBodies.Create(company: company);
        body["Project"]!["CustomerUseCase"] = useCase;

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        Assert.Equal(status, response.Status);
        if (status == 400)
        {
            Assert.Equal([("project.customerUseCase", "INVALID_VALUE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
            Assert.Contains("Big Data: Data Warehouse / Data Integration / ETL / Data Lake / BI", (string?)response.Json!["Message"], StringComparison.Ordinal);
            Assert.Empty(await CompanyOpportunitiesAsync(company));
        }
    }

    [Fact]
    public async Task UpdateOpportunity_CustomerUseCaseOffThePicklist_InvalidValueAndUnchanged()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var response = await server.UpdateAsync(server.A, id, b => b["Project"]!["CustomerUseCase"] = "Data lakes");

        Assert.Equal([("project.customerUseCase", "INVALID_VALUE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("Migration / Database Migration", (string?)(await server.GetOpportunityAsync(server.A, id))["Project"]!["CustomerUseCase"]);
    }

    [Fact]
    public async Task CreateOpportunity_MarketingDetailsWithSourceNone_ActionNotPermittedForEach()
    {
        // AWS's CRM field table: with no marketing activity, channel, use case, funding and campaign "must be null".
        var body = OpportunityBodies.Create(company: "Marketing None Co");
        body["Marketing"] = CosellServer.Json("""
            { "Source": "None", "CampaignName": "Q3 webinar", "Channels": ["Email"], "UseCases": ["Analytics"], "AwsFundingUsed": "Yes" }
            """);

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([
            ("marketing.campaignName", "ACTION_NOT_PERMITTED"), ("marketing.channels", "ACTION_NOT_PERMITTED"),
            ("marketing.useCases", "ACTION_NOT_PERMITTED"), ("marketing.awsFundingUsed", "ACTION_NOT_PERMITTED")], errors);
        Assert.Empty(await CompanyOpportunitiesAsync("Marketing None Co"));
    }

    [Fact]
    public async Task CreateOpportunity_CampaignWithoutSource_ActionNotPermitted()
    {
        var body = OpportunityBodies.Create();
        body["Marketing"] = new JsonObject { ["CampaignName"] = "Q3 webinar" };

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("marketing.campaignName", "ACTION_NOT_PERMITTED")], errors);
    }

    [Fact]
    public async Task CreateOpportunity_MarketingActivityWithItsDetails_StoredAsSent()
    {
        // The marketing block of AWS's lead-to-opportunity sample (update_opportunity_from_lead.json).
        var body = OpportunityBodies.Create();
        var marketing = CosellServer.Json("""
            { "AwsFundingUsed": "Yes", "CampaignName": "TestCampaignName01", "Channels": ["Content Syndication"], "Source": "Marketing Activity", "UseCases": ["Analytics"] }
            """);
        body["Marketing"] = marketing.DeepClone();

        var id = await server.CreateOpportunityAsync(server.A, body);

        Assert.True(JsonNode.DeepEquals(marketing, (await server.GetOpportunityAsync(server.A, id))["Marketing"]));
    }

    [Fact]
    public async Task CreateOpportunity_MarketingActivityWithoutFunding_RequiredFieldMissing()
    {
        // The CRM field table makes the funding flag "conditionally mandatory" when a marketing activity sourced the deal.
        var body = OpportunityBodies.Create();
        body["Marketing"] = CosellServer.Json("""{ "Source": "Marketing Activity", "Channels": ["Email"] }""");

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("marketing.awsFundingUsed", "REQUIRED_FIELD_MISSING")], errors);
    }

    [Fact]
    public async Task UpdateOpportunity_SourceBackToNoneWithTheCampaignKept_ActionNotPermittedAndUnchanged()
    {
        var body = OpportunityBodies.Create();
        body["Marketing"] = CosellServer.Json("""{ "Source": "Marketing Activity", "AwsFundingUsed": "No", "CampaignName": "Q3 webinar" }""");
        var id = await server.CreateOpportunityAsync(server.A, body);

        var response = await server.UpdateAsync(server.A, id, b => b["Marketing"]!["Source"] = "None");

        Assert.Equal([("marketing.campaignName", "ACTION_NOT_PERMITTED"), ("marketing.awsFundingUsed", "ACTION_NOT_PERMITTED")],
            response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("Marketing Activity", (string?)(await server.GetOpportunityAsync(server.A, id))["Marketing"]!["Source"]);
    }

    [Theory]
    [InlineData("Analytics", 200)]
    [InlineData("VR & AR", 200)]
    [InlineData("Machine Learning", 400)]
    public async Task CreateOpportunity_MarketingUseCases_OnlyThePicklistsValues(string useCase, int status)
    {
        var body = OpportunityBodies.Create();
        body["Marketing"] = CosellServer.Json("""{ "Source": "Marketing Activity", "AwsFundingUsed": "Yes" }""");
        body["Marketing"]!["UseCases"] = RequestBodies.Array("AI/ML", useCase);

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        Assert.Equal(status, response.Status);
        if (status == 400)
        {
            Assert.Equal([("marketing.useCases", "INVALID_VALUE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        }
    }

    [Fact]
    public async Task CreateOpportunity_CompetitorOtherWithoutNames_RequiredFieldMissing()
    {
        // "Conditionally mandatory when competitiveTracking = Other" (the CRM field table), as OtherIndustry for Other.
        var body = OpportunityBodies.Create();
        body["Project"]!["CompetitorName"] = "*Other";

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("project.otherCompetitorNames", "REQUIRED_FIELD_MISSING")], errors);
    }

    [Fact]
    public async Task CreateOpportunity_ClosedLostWithoutAReason_RequiredFieldMissing()
    {
        var body = OpportunityBodies.Create();
        body["LifeCycle"]!["Stage"] = "Closed Lost";

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("lifeCycle.closedLostReason", "REQUIRED_FIELD_MISSING")], errors);
    }

    [Fact]
    public async Task UpdateOpportunity_ToClosedLostWithoutAReason_RequiredFieldMissing_WithOneClosedLost()
    {
        // An approved opportunity may move to Closed Lost; the CRM field table asks for the reason "when an opportunity
        // stage changes to Closed Lost", and a public integration saw the real service refuse the change without one.
        var id = await server.CreateOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, id, "Approved");

        var without = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Closed Lost");
        var stageAfterRefusal = (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"];
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["Stage"] = "Closed Lost";
            b["LifeCycle"]!["ClosedLostReason"] = "Customer Deficiency";
        });

        Assert.Equal([("lifeCycle.closedLostReason", "REQUIRED_FIELD_MISSING")], without.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("Prospect", stageAfterRefusal);
        Assert.Equal("Closed Lost", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ClosedLostReasonLeftOut_RequiredFieldMissingAndKept()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.ClosedLost("Price"));

        var response = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!.AsObject().Remove("ClosedLostReason"));

        Assert.Equal([("lifeCycle.closedLostReason", "REQUIRED_FIELD_MISSING")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("Price", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ClosedLostReason"]);
    }

    [Theory]
    [InlineData("0", 400)]
    [InlineData("0.00", 400)]
    [InlineData("0.01", 200)]
    public async Task CreateOpportunity_SpendAmount_MustBeAboveZero(string amount, int status)
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = amount;

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        Assert.Equal(status, response.Status);
        if (status == 400)
        {
            Assert.Equal([("project.expectedCustomerSpend.amount", "INVALID_VALUE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        }
    }

    [Fact]
    public async Task SubmitOpportunity_WithoutSalesActivities_RequiredFieldMissing_ThenSubmittedOnceRecorded()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!.AsObject().Remove("SalesActivities");
        var id = await server.CreateOpportunityAsync(server.A, body);

        var refused = await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);
        var statusAfterRefusal = await server.ReviewStatusAsync(server.A, id);
        await server.AddSalesActivityAsync(server.A, id);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        Assert.Equal([("project.salesActivities", "REQUIRED_FIELD_MISSING")], refused.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("REQUIRED_FIELD_MISSING: project.salesActivities is required", (string?)refused.Json!["Message"]); // as quoted from AWS
        Assert.Equal("Pending Submission", statusAfterRefusal);
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.A, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_WithoutSalesActivities_FailedOpportunityValidationFailed()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["SalesActivities"] = new JsonArray();
        var id = await server.CreateOpportunityAsync(server.A, body);

        var task = (await server.OkAsync("StartEngagementFromOpportunityTask", TaskSteps.SubmitTask(id), server.A))!.AsObject();

        TaskSteps.AssertFailed(task, "OpportunityValidationFailed");
        Assert.Equal("project.salesActivities is required", (string?)task["Message"]); // as an integration quotes the real task
        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.A, id));
    }

    [Theory]
    [InlineData("2027-06-01", "2027-01-01", false)]
    [InlineData("2027-06-01", "2027-05-31", false)]
    [InlineData("2027-06-01", "2027-06-01", true)]
    [InlineData("2027-06-01", "2028-05-31", true)]
    public async Task CreateOpportunity_ContractEndingBeforeItStarts_InvalidValueNothingCreated(string effective, string expiration, bool accepted)
    {
        var company = "Contract " + Guid.NewGuid().ToString("N")[..8];
        var body = OpportunityBodies.Create(company: company);
        body["SoftwareRevenue"] = new JsonObject
        {
            ["DeliveryModel"] = "Contract", ["EffectiveDate"] = effective, ["ExpirationDate"] = expiration,
            ["Value"] = new JsonObject { ["Amount"] = "1200", ["CurrencyCode"] = "USD" },
        };

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        if (accepted)
        {
            Assert.Equal(200, response.Status);
            Assert.Single(await CompanyOpportunitiesAsync(company));
        }
        else
        {
            Assert.Equal([("softwareRevenue.expirationDate", "INVALID_VALUE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
            Assert.Empty(await CompanyOpportunitiesAsync(company));
        }
    }

    private async Task<JsonArray> CompanyOpportunitiesAsync(string company) =>
        (await server.OkAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["CustomerCompanyName"] = new JsonArray(company) }, server.A))!
        ["OpportunitySummaries"]!.AsArray();
}
