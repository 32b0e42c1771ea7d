using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>SubmitOpportunity, GetAwsOpportunitySummary and AssignOpportunity (spec 03 §1.3, 06 Q10).</summary>
public sealed class OpportunitiesSubmitAssignTests(CosellServer server) : IClassFixture<CosellServer>
{
    private async Task<string> StatusAsync(TestAccount caller, string id, string catalog = RequestBodies.Sandbox) =>
        (string)(await server.GetOpportunityAsync(caller, id, catalog))["LifeCycle"]!["ReviewStatus"]!;

    [Fact]
    public async Task SubmitOpportunity_PendingSubmission_SubmittedEmptyOutputAndNewLastModifiedDate()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var response = await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        Assert.Equal(200, response.Status);
        Assert.Equal("", response.Body);
        var after = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Submitted", (string?)after["LifeCycle"]!["ReviewStatus"]);
        Assert.True(Wire.Time(after["LastModifiedDate"]) > Wire.Time(before["LastModifiedDate"]));
    }

    [Fact]
    public async Task SubmitOpportunity_Twice_InvalidResourceState()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        var errors = (await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("identifier", "INVALID_RESOURCE_STATE")], errors);
    }

    [Fact]
    public async Task SubmitOpportunity_ActionRequired_BackIntoReview()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, id, "Action Required");

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        Assert.Equal("Submitted", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ReviewStatus"]);
        // Submitted again, it is under review: a second submission is refused in the real service's words.
        var again = await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);
        Assert.Equal([("identifier", "INVALID_RESOURCE_STATE")], again.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.StartsWith("INVALID_RESOURCE_STATE: Only Pending Submission or action required opportunities can be submitted",
            (string?)again.Json!["Message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitOpportunity_CoSellWithLimitedVisibility_ActionNotPermitted_StillPendingSubmission()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var response = await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id, "Co-Sell", "Limited"), server.A);

        Assert.Equal([("primaryNeedsFromAws", "ACTION_NOT_PERMITTED")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.StartsWith("ACTION_NOT_PERMITTED: Cannot set visibility to limited on a Co-Sell opportunity",
            (string?)response.Json!["Message"], StringComparison.Ordinal);
        var after = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Pending Submission", (string?)after["LifeCycle"]!["ReviewStatus"]);
        Assert.Equal((string?)before["LastModifiedDate"], (string?)after["LastModifiedDate"]);
    }

    [Fact]
    public async Task SubmitOpportunity_ClosedLost_ActionNotPermitted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.ClosedLost()); // the stage given at creation stays

        var errors = (await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("identifier", "ACTION_NOT_PERMITTED")], errors);
    }

    [Fact]
    public async Task SubmitOpportunity_WithoutWhatAwsReceives_RequiredFieldMissingForEach_StillPendingSubmission()
    {
        var id = await server.CreateOpportunityAsync(server.A,
            CosellServer.Json($$"""{"Catalog":"Sandbox","ClientToken":"{{RequestBodies.NewToken()}}"}"""));

        var errors = (await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([
            ("customer.account.companyName", "REQUIRED_FIELD_MISSING"), ("customer.account.industry", "REQUIRED_FIELD_MISSING"),
            ("customer.account.websiteUrl", "REQUIRED_FIELD_MISSING"), ("customer.account.address.countryCode", "REQUIRED_FIELD_MISSING"),
            ("project.title", "REQUIRED_FIELD_MISSING"), ("project.customerBusinessProblem", "REQUIRED_FIELD_MISSING"),
            ("project.salesActivities", "REQUIRED_FIELD_MISSING")], errors);
        Assert.Equal("Pending Submission", await StatusAsync(server.A, id));
    }

    [Fact]
    public async Task SubmitOpportunity_NationalSecurityWithoutWebsite_Submitted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.NationalSecurityWithoutWebsite());

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        Assert.Equal("Submitted", await StatusAsync(server.A, id));
    }

    [Fact]
    public async Task SubmitOpportunity_NationalSecurityWithoutCompanyName_Submitted()
    {
        // AWS's CRM field table exempts national security from the company name as from the website (both redacted).
        var body = OpportunityBodies.NationalSecurityWithoutWebsite();
        body["Customer"]!["Account"]!["CompanyName"] = "";
        var id = await server.CreateOpportunityAsync(server.A, body);

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        Assert.Equal("Submitted", await StatusAsync(server.A, id));
    }

    [Fact]
    public async Task SubmitOpportunity_AwsCatalogWithoutSolution_ActionNotPermitted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));

        var errors = (await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id, catalog: "AWS"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("identifier", "ACTION_NOT_PERMITTED")], errors);
        Assert.Equal("Pending Submission", await StatusAsync(server.A, id, "AWS"));
    }

    [Fact]
    public async Task SubmitOpportunity_AwsCatalogWithAnAwsMarketplaceSolutionOnly_Submitted()
    {
        // AWS's guide recommends Marketplace solutions over the legacy S- solutions it means to retire.
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceSolutions",
            $"arn:aws:aws-marketplace:us-east-1:{server.A.AccountId}:AWSMarketplace/Solution/soln-sample", catalog: "AWS"), server.A);

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id, catalog: "AWS"), server.A);

        Assert.Equal("Submitted", await StatusAsync(server.A, id, "AWS"));
    }

    [Fact]
    public async Task SubmitOpportunity_AwsCatalogWithOtherSolutionDescriptionOnly_Submitted()
    {
        var body = OpportunityBodies.Create(catalog: "AWS");
        body["Project"]!["OtherSolutionDescription"] = "Managed analytics service built on Amazon Redshift";
        var id = await server.CreateOpportunityAsync(server.A, body);

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id, catalog: "AWS"), server.A);

        Assert.Equal("Submitted", await StatusAsync(server.A, id, "AWS"));
    }

    [Fact]
    public async Task SubmitOpportunity_AwsCatalogWithDefaultSolution_Submitted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-" + server.A.AccountId, "AWS"), server.A);

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id, catalog: "AWS"), server.A);

        Assert.Equal("Submitted", await StatusAsync(server.A, id, "AWS"));
    }

    [Fact]
    public async Task SubmitOpportunity_OtherAccount_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        (await server.CallAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_BeforeSubmission_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var response = await server.CallAsync("GetAwsOpportunitySummary",
            new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_AfterSubmission_InvolvementVisibilityAndPartnerData()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", "AmazonRedshift"), server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id, "For Visibility Only", "Limited"), server.A);

        var summary = (await server.OkAsync("GetAwsOpportunitySummary",
            new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.A))!;

        Assert.Equal("Sandbox", (string?)summary["Catalog"]);
        Assert.Equal(id, (string?)summary["RelatedOpportunityId"]);
        Assert.Equal("Partner Referral", (string?)summary["Origin"]);
        Assert.Equal("For Visibility Only", (string?)summary["InvolvementType"]);
        Assert.Equal("Limited", (string?)summary["Visibility"]);
        Assert.Equal("Not Started", (string?)summary["LifeCycle"]!["Stage"]);
        Assert.Equal(FutureDates.CloseDate, (string?)summary["LifeCycle"]!["TargetCloseDate"]);
        Assert.Equal(["AmazonRedshift"], summary["RelatedEntityIds"]!["AwsProducts"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("john.smith@acme.example.com", (string?)summary["Customer"]!["Contacts"]![0]!["Email"]);
        Assert.Equal("5000.00", (string?)summary["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"]);
        Assert.Empty(summary["OpportunityTeam"]!.AsArray());
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_ReceiversOpportunity_TheSubmittersAwsOpportunity()
    {
        // One AWS opportunity per engagement: a real receiving partner's summary (AWS's Postman samples) showed the
        // sender's contacts, next steps and spend.
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = "12500";
        var (sender, engagement, _) = await server.SubmittedOpportunityAsync(server.C, body);
        var invitation = await server.InviteAsync(server.C, engagement, server.D); // its payload's spend is 5000.00
        var receiver = (string)(await server.AcceptByTaskAsync(server.D, invitation))["OpportunityId"]!;

        var summary = (await server.OkAsync("GetAwsOpportunitySummary",
            new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = receiver }, server.D))!;

        Assert.Equal(receiver, (string?)summary["RelatedOpportunityId"]);
        Assert.Equal("john.smith@acme.example.com", (string?)summary["Customer"]!["Contacts"]![0]!["Email"]);
        Assert.Equal("12500", (string?)summary["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"]);
        Assert.Equal("Schedule a discovery workshop", (string?)summary["LifeCycle"]!["NextSteps"]);
        Assert.NotEqual(sender, receiver);
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_DefaultVisibility_Full()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        var summary = (await server.OkAsync("GetAwsOpportunitySummary",
            new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.A))!;

        Assert.Equal("Co-Sell", (string?)summary["InvolvementType"]);
        Assert.Equal("Full", (string?)summary["Visibility"]);
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_AfterApproval_AwsTeamAndPartnerStage()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, id, "Approved");

        var summary = (await server.OkAsync("GetAwsOpportunitySummary",
            new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.A))!;

        Assert.Equal("Prospect", (string?)summary["LifeCycle"]!["Stage"]);
        Assert.Equal("AWSAccountOwner", (string?)Assert.Single(summary["OpportunityTeam"]!.AsArray())!["BusinessTitle"]);
        Assert.NotNull(summary["Insights"]!["EngagementScore"]);
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_OtherAccount_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        var response = await server.CallAsync("GetAwsOpportunitySummary",
            new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.B);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task AssignOpportunity_DefaultUser_BecomesOwnerWithTheProfilesNames()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var website = new Uri(server.A.WebsiteUrl!).Host;

        await server.OkAsync("AssignOpportunity", Assign(id, $"admin@{website}", "Whatever", "Sent"), server.A);

        var team = (await server.GetOpportunityAsync(server.A, id))["OpportunityTeam"]!.AsArray();
        Assert.Equal(2, team.Count);
        Wire.Same(CosellServer.Json($$"""
            {"Email":"admin@{{website}}","FirstName":"{{server.A.CompanyName.Split(' ')[0]}}","LastName":"Admin","BusinessTitle":"OpportunityOwner"}
            """), team[0], "new owner");
        Assert.Equal("jane.doe@partner.example.com", (string?)team[1]!["Email"]);
    }

    [Fact]
    public async Task AssignOpportunity_ConfiguredUser_ReplacesThePreviousOwner()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled);
        var priya = TestProfiles.Users[0];
        var arjun = TestProfiles.Users[1];

        await server.OkAsync("AssignOpportunity", Assign(id, priya.Email), server.Profiled);
        await server.OkAsync("AssignOpportunity", Assign(id, arjun.Email, phone: "+919800000000"), server.Profiled);

        var team = (await server.GetOpportunityAsync(server.Profiled, id))["OpportunityTeam"]!.AsArray();
        var owners = team.Where(c => (string?)c!["BusinessTitle"] == "OpportunityOwner").ToList();
        Wire.Same(CosellServer.Json($$"""
            {"Email":"{{arjun.Email}}","FirstName":"Arjun","LastName":"Rao","BusinessTitle":"OpportunityOwner","Phone":"+919800000000"}
            """), Assert.Single(owners), "owner");
        Assert.DoesNotContain(team, c => (string?)c!["Email"] == priya.Email);
    }

    [Fact]
    public async Task AssignOpportunity_ProfilePhone_WinsOverTheRequests()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled);
        var priya = TestProfiles.Users[0];

        await server.OkAsync("AssignOpportunity", Assign(id, priya.Email, phone: "+10000000000"), server.Profiled);

        var owner = (await server.GetOpportunityAsync(server.Profiled, id))["OpportunityTeam"]![0]!;
        Assert.Equal(priya.Phone, (string?)owner["Phone"]);
        Assert.Equal("Priya", (string?)owner["FirstName"]);
    }

    [Fact]
    public async Task AssignOpportunity_UnknownEmail_InvalidValue()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await server.CallAsync("AssignOpportunity", Assign(id, "nobody@acme.example.com"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("assignee.email", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssignOpportunity_AnotherAccountsUser_InvalidValue()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await server.CallAsync("AssignOpportunity", Assign(id, TestProfiles.Users[0].Email), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("assignee.email", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssignOpportunity_WhileSubmitted_AllowedAndBumpsLastModifiedDate()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.Profiled);
        var before = Wire.Time((await server.GetOpportunityAsync(server.Profiled, id))["LastModifiedDate"]);

        await server.OkAsync("AssignOpportunity", Assign(id, TestProfiles.Users[1].Email), server.Profiled);

        Assert.True(Wire.Time((await server.GetOpportunityAsync(server.Profiled, id))["LastModifiedDate"]) > before);
    }

    private static System.Text.Json.Nodes.JsonObject Assign(string id, string email, string first = "Given", string last = "Name", string? phone = null)
    {
        var assignee = new System.Text.Json.Nodes.JsonObject
        {
            ["Email"] = email, ["FirstName"] = first, ["LastName"] = last, ["BusinessTitle"] = "PartnerAccountManager",
        };
        if (phone is not null)
        {
            assignee["Phone"] = phone;
        }
        return new System.Text.Json.Nodes.JsonObject { ["Catalog"] = "Sandbox", ["Identifier"] = id, ["Assignee"] = assignee };
    }
}
