using System.Text.Json.Nodes;
using System.Globalization;
using System.Text.RegularExpressions;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>CreateOpportunity and GetOpportunity (spec 03 §1, §1.3; ids and ARNs README §4; timestamps 06 Q17).</summary>
public sealed partial class OpportunitiesCreateGetTests(CosellServer server) : IClassFixture<CosellServer>
{
    [GeneratedRegex("^O[0-9]{7,8}$")]
    private static partial Regex OpportunityId();

    [Fact]
    public async Task CreateOpportunity_Valid_IdPartnerIdentifierAndLastModifiedDateInMillisecondsCreatedDateInWholeSeconds()
    {
        // 321 ms past a whole second, so the two precisions differ (AWS's November 2025 sample: LastModifiedDate
        // "…45.972" from CreateOpportunity; a December 2025 read: CreatedDate "…13Z", LastModifiedDate "…13.149Z").
        var ticks = server.Clock.GetUtcNow().UtcTicks;
        server.Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond + 321 * TimeSpan.TicksPerMillisecond - ticks % TimeSpan.TicksPerSecond));
        var now = server.Clock.GetUtcNow();

        var json = (await server.OkAsync("CreateOpportunity", OpportunityBodies.Create(), server.A))!;

        Assert.Matches(OpportunityId(), (string)json["Id"]!);
        Assert.Equal("CRM-0001", (string?)json["PartnerOpportunityIdentifier"]);
        var modified = Wire.Time(json["LastModifiedDate"]);
        Assert.Equal(321, modified.Millisecond);
        Assert.True(now - modified < TimeSpan.FromMilliseconds(1) && modified <= now, $"{modified:O} is not {now:O} in milliseconds");
        var read = await server.GetOpportunityAsync(server.A, (string)json["Id"]!);
        Assert.Equal((string?)json["LastModifiedDate"], (string?)read["LastModifiedDate"]);
        var created = Wire.Time(read["CreatedDate"]);
        Assert.Equal(modified.AddMilliseconds(-321), created);
        Assert.DoesNotContain(".", (string)read["CreatedDate"]!);
    }

    [Fact]
    public async Task GetOpportunity_PlusAmpersandAndNonAsciiText_OnTheWireAsThemselvesNotAsEscapes()
    {
        // AWS's answers escape only what JSON requires; "+1 206" as "\u002B1 206" decodes the same in SDKs but not in a
        // hand-written client that searches the raw text, or one that compares it byte for byte.
        const string company = "Müller & Söhne <Zürich> 'AG'";
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(company: company));

        var response = await server.CallAsync("GetOpportunity", RequestBodies.Identify(id), server.A);

        Assert.Equal(200, response.Status);
        Assert.Contains($"\"CompanyName\":\"{company}\"", response.Body, StringComparison.Ordinal);
        Assert.Contains("\"Phone\":\"+12065550100\"", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOpportunity_Twice_IdsIncrease()
    {
        var first = await server.CreateOpportunityAsync(server.A);
        var second = await server.CreateOpportunityAsync(server.B);

        Assert.True(Number(second) > Number(first), $"{second} should come after {first}");
    }

    [Fact]
    public async Task CreateOpportunity_SameClientTokenSameBody_SameOpportunity()
    {
        var body = OpportunityBodies.Create();

        var first = (await server.OkAsync("CreateOpportunity", body, server.C))!;
        var again = (await server.OkAsync("CreateOpportunity", body, server.C))!;

        Wire.Same(first, again, "replayed CreateOpportunity");
    }

    [Fact]
    public async Task CreateOpportunity_SameClientTokenOtherBody_Conflict()
    {
        var body = OpportunityBodies.Create();
        await server.OkAsync("CreateOpportunity", body, server.C);
        body["PartnerOpportunityIdentifier"] = "CRM-0002";

        var response = await server.CallAsync("CreateOpportunity", body, server.C);

        var error = response.AssertError(409, "ConflictException");
        Assert.Equal("Conflicting client token submitted for a new request body.", (string?)error["Message"]);
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferralInAwsCatalog_ActionNotPermitted()
    {
        var body = OpportunityBodies.Create(catalog: "AWS");
        body["Origin"] = "AWS Referral";

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("origin", "ACTION_NOT_PERMITTED")], errors);
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferralInSandbox_HiddenUntilAcceptedByTask()
    {
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";

        var id = await server.CreateOpportunityAsync(server.A, body);

        // Spec 06 Q9: the referral's opportunity is not readable before its invitation is accepted.
        (await server.CallAsync("GetOpportunity", RequestBodies.Identify(id), server.A)).AssertError(404, "ResourceNotFoundException");
        var list = await server.OkAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER", ["SenderAwsAccountId"] = RequestBodies.Array("aws"), ["MaxResults"] = 100,
        }, server.A);
        var invitation = list!["EngagementInvitationSummaries"]!.AsArray().Single(i => (string?)i!["EngagementTitle"] == (string?)body["Project"]!["Title"]);
        Assert.Equal("AWS", (string?)invitation!["SenderCompanyName"]);
        Assert.Equal("PENDING", (string?)invitation["Status"]);

        var task = await server.OkAsync("StartEngagementByAcceptingInvitationTask", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["Identifier"] = (string)invitation["Id"]!,
        }, server.A);

        Assert.Equal("COMPLETE", (string?)task!["TaskStatus"]);
        Assert.Equal(id, (string?)task["OpportunityId"]);
        var revealed = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Approved", (string?)revealed["LifeCycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task AwsReferral_AcceptedByTaskWithTags_TagsAddedToThoseGivenAtCreation()
    {
        // A CRM tags the referral's opportunity with its own record id when it creates it; accepting must not lose that.
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";
        body["Tags"] = SnapshotSteps.Tags(("crm-id", "SF-42"), ("stage", "new"));
        var id = await server.CreateOpportunityAsync(server.C, body);
        var list = await server.OkAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER", ["SenderAwsAccountId"] = RequestBodies.Array("aws"), ["MaxResults"] = 100,
        }, server.C);
        var invitation = list!["EngagementInvitationSummaries"]!.AsArray().Single(i => (string?)i!["EngagementTitle"] == (string?)body["Project"]!["Title"]);

        var task = await server.OkAsync("StartEngagementByAcceptingInvitationTask", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["Identifier"] = (string)invitation!["Id"]!,
            ["Tags"] = SnapshotSteps.Tags(("stage", "accepted"), ("accepted-by", "crm")),
        }, server.C);

        Assert.Equal(id, (string?)task!["OpportunityId"]);
        var tags = SnapshotSteps.TagPairs((await server.ListTagsAsync(server.C, OpportunityBodies.OpportunityArn(server.C.AccountId, id)))["Tags"]);
        Assert.Equal([("accepted-by", "crm"), ("crm-id", "SF-42"), ("stage", "accepted")], tags.Order().ToList());
    }

    [Fact]
    public async Task CreateOpportunity_PartnerReferralInAwsCatalog_Created()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));

        var get = await server.GetOpportunityAsync(server.A, id, "AWS");

        Assert.Equal(OpportunityBodies.OpportunityArn(server.A.AccountId, id, "AWS"), (string?)get["Arn"]);
    }

    [Fact]
    public async Task CreateOpportunity_NationalSecurityWithoutGovernment_InvalidValue()
    {
        var body = OpportunityBodies.Create();
        body["NationalSecurity"] = "Yes";

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("nationalSecurity", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task CreateOpportunity_SpendAndSoftwareRevenueInACurrencyOtherThanUsdOrEur_InvalidValue_NothingCreated()
    {
        var company = $"Pounds {Guid.NewGuid():N}";
        var body = OpportunityBodies.Create(company: company);
        body["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"] = "GBP";
        body["SoftwareRevenue"] = new JsonObject
        {
            ["DeliveryModel"] = "Contract",
            ["Value"] = new JsonObject { ["Amount"] = "1000", ["CurrencyCode"] = "JPY" },
        };

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("project.expectedCustomerSpend.currencyCode", "INVALID_VALUE"), ("softwareRevenue.value.currencyCode", "INVALID_VALUE")], errors);
        var found = await server.OkAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = "Sandbox", ["CustomerCompanyName"] = new JsonArray(company) }, server.A);
        Assert.Empty(found!["OpportunitySummaries"]!.AsArray());
    }

    [Fact]
    public async Task CreateOpportunity_EuropeanSovereignCloudPartition_EurOnly()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["AwsPartition"] = "aws-eusc";
        body["SoftwareRevenue"] = new JsonObject
        {
            ["DeliveryModel"] = "Contract",
            ["Value"] = new JsonObject { ["Amount"] = "1000", ["CurrencyCode"] = "USD" },
        };

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("project.expectedCustomerSpend.currencyCode", "INVALID_VALUE"), ("softwareRevenue.value.currencyCode", "INVALID_VALUE")], errors);
        body["ClientToken"] = RequestBodies.NewToken();
        body["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"] = "EUR";
        body["SoftwareRevenue"]!["Value"]!["CurrencyCode"] = "EUR";
        Assert.Equal(200, (await server.CallAsync("CreateOpportunity", body, server.A)).Status);
    }

    [Fact]
    public async Task CreateOpportunity_UseCasesWithoutAwsFunding_InvalidValue()
    {
        var body = OpportunityBodies.Create();
        body["Marketing"] = CosellServer.Json("""{ "Source": "Marketing Activity", "AwsFundingUsed": "No", "UseCases": [ "Analytics" ] }""");

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("marketing.useCases", "INVALID_VALUE")], errors);
        body["ClientToken"] = RequestBodies.NewToken();
        body["Marketing"]!["AwsFundingUsed"] = "Yes";
        Assert.Equal(200, (await server.CallAsync("CreateOpportunity", body, server.A)).Status);
    }

    [Fact]
    public async Task CreateAndUpdateOpportunity_IndustryOtherWithoutOtherIndustry_RequiredFieldMissing()
    {
        var body = OpportunityBodies.Create();
        body["Customer"]!["Account"]!["Industry"] = "Other";

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("customer.account.otherIndustry", "REQUIRED_FIELD_MISSING")], errors);
        var id = await server.CreateOpportunityAsync(server.A);
        var update = (await server.UpdateAsync(server.A, id, b => b["Customer"]!["Account"]!["Industry"] = "Other"))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Equal([("customer.account.otherIndustry", "REQUIRED_FIELD_MISSING")], update);
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Customer"]!["Account"]!["Industry"] = "Other";
            b["Customer"]!["Account"]!["OtherIndustry"] = "Space tourism";
        });
    }

    [Fact]
    public async Task CreateOpportunity_NextStepsHistoryInTheRequest_NotTakenOver()
    {
        var body = OpportunityBodies.Create();
        body["LifeCycle"]!["NextStepsHistory"] = JsonNode.Parse("""[ { "Value": "Backdated step", "Time": "2020-01-01T00:00:00Z" } ]""");

        var id = await server.CreateOpportunityAsync(server.A, body);

        Assert.Null((await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["NextStepsHistory"]);
    }

    [Fact]
    public async Task CreateAndUpdateOpportunity_EurSpend_Accepted_UpdateToAnotherCurrency_InvalidValue()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"] = "EUR";
        var id = await server.CreateOpportunityAsync(server.A, body);
        Assert.Equal("EUR", (string?)(await server.GetOpportunityAsync(server.A, id))["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"]);

        var errors = (await server.UpdateAsync(server.A, id, b => b["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"] = "AUD"))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("project.expectedCustomerSpend.currencyCode", "INVALID_VALUE")], errors);
        Assert.Equal("EUR", (string?)(await server.GetOpportunityAsync(server.A, id))["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"]);
    }

    [Fact]
    public async Task CreateOpportunity_NationalSecurityForGovernment_Created()
    {
        var body = OpportunityBodies.Create();
        body["NationalSecurity"] = "Yes";
        body["Customer"]!["Account"]!["Industry"] = "Government";

        var id = await server.CreateOpportunityAsync(server.A, body);

        Assert.Equal("Yes", (string?)(await server.GetOpportunityAsync(server.A, id))["NationalSecurity"]);
    }

    [Fact]
    public async Task CreateAndUpdateOpportunity_WithoutTypeOrNationalSecurity_NetNewBusinessAndNo()
    {
        // AWS's CRM field table: the type "defaults" to Net New Business, national security is "automatically set" to No.
        var body = OpportunityBodies.Create();
        body.Remove("OpportunityType");
        body.Remove("NationalSecurity");
        var id = await server.CreateOpportunityAsync(server.A, body);

        var created = await server.GetOpportunityAsync(server.A, id);
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["OpportunityType"] = "Expansion";
            b["NationalSecurity"] = "No";
        });
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b.Remove("OpportunityType"); // a full replacement: left out, so the default again
            b.Remove("NationalSecurity");
        });
        var updated = await server.GetOpportunityAsync(server.A, id);

        Assert.Equal(("Net New Business", "No"), ((string?)created["OpportunityType"], (string?)created["NationalSecurity"]));
        Assert.Equal(("Net New Business", "No"), ((string?)updated["OpportunityType"], (string?)updated["NationalSecurity"]));
    }

    [Theory]
    [InlineData("Committed")]
    [InlineData("Launched")]
    public async Task CreateOpportunity_AtAStageThatNeedsASolution_ActionNotPermitted_SaysToCreateItEarlier(string stage)
    {
        var before = await server.OpportunityIdsAsync(server.A);
        var body = OpportunityBodies.Create();
        body["LifeCycle"]!["Stage"] = stage;

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        Assert.Equal([("lifeCycle.stage", "ACTION_NOT_PERMITTED")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains("create it at an earlier stage", (string?)response.Json!["Message"], StringComparison.Ordinal);
        Assert.Equal(before, await server.OpportunityIdsAsync(server.A));
    }

    [Fact]
    public async Task CreateOpportunity_ClosedLostReasonOutsideClosedLost_InvalidValue()
    {
        var body = OpportunityBodies.Create();
        body["LifeCycle"]!["ClosedLostReason"] = "Price";

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("lifeCycle.closedLostReason", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task CreateOpportunity_TargetCloseDateYesterday_RefusedAndNothingCreated_TodayAccepted()
    {
        // "Ensure the Target Close Date isn't in the past" (the model's documentation of LifeCycle.TargetCloseDate).
        var company = $"Past close {Guid.NewGuid():N}";
        var body = OpportunityBodies.Create(company: company);
        var today = server.Clock.GetUtcNow().UtcDateTime.Date;
        body["LifeCycle"]!["TargetCloseDate"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");
        var listed = await server.OkAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["CustomerCompanyName"] = new JsonArray(company) }, server.A);
        body["ClientToken"] = RequestBodies.NewToken();
        body["LifeCycle"]!["TargetCloseDate"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var todays = await server.CallAsync("CreateOpportunity", body, server.A);

        Assert.Equal([("lifeCycle.targetCloseDate", "INVALID_VALUE")], errors);
        Assert.Empty(listed!["OpportunitySummaries"]!.AsArray());
        Assert.Equal(200, todays.Status);
    }

    [Fact]
    public async Task CreateOpportunity_TeamMemberWithAJobTitle_InvalidValue()
    {
        // The team's BusinessTitle is a role (PartnerAccountManager or OpportunityOwner, the model's documentation of
        // Contact); customer contacts share the shape and keep job titles (the fixture's is a "CTO").
        var body = OpportunityBodies.Create();
        body["OpportunityTeam"]![0]!["BusinessTitle"] = "Sales Rep";
        body["Project"]!["OtherCompetitorNames"] = "Acme Cloud"; // a second content error: both are reported at once

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("opportunityTeam.businessTitle", "INVALID_VALUE"), ("project.otherCompetitorNames", "INVALID_VALUE")], errors);
    }

    [Theory]
    [InlineData("Microsoft Azure", 400)]
    [InlineData(null, 400)]
    [InlineData("*Other", 200)]
    public async Task CreateOpportunity_OtherCompetitorNames_OnlyWithCompetitorOther(string? competitor, int status)
    {
        // "Only allowed when CompetitorNames has Other selected" (the model's documentation of the member).
        var body = OpportunityBodies.Create();
        body["Project"]!["CompetitorName"] = competitor;
        body["Project"]!["OtherCompetitorNames"] = "Acme Cloud";

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        Assert.Equal(status, response.Status);
        if (status == 400)
        {
            Assert.Equal([("project.otherCompetitorNames", "INVALID_VALUE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        }
    }

    [Theory]
    [InlineData("US", "NY", 400)]
    [InlineData("US", "new york", 400)]
    [InlineData("US", "District of Columbia", 400)]
    [InlineData("US", "New York", 200)]
    [InlineData("US", "Dist. of Columbia", 200)]
    [InlineData("US", "FPO, AP", 200)]
    [InlineData("US", "", 200)] // names nothing: CRMs send it for unknown
    [InlineData("DE", "Bavaria", 200)]
    [InlineData("CA", "NY", 200)]
    public async Task CreateOpportunity_StateOrRegion_AUnitedStatesAddressTakesTheListedNames(string country, string state, int status)
    {
        // The model documents the valid values (full names, AWS's "Dist. of Columbia"); AWS's CRM field table applies
        // them to United States addresses only.
        var body = OpportunityBodies.Create();
        body["Customer"]!["Account"]!["Address"]!["CountryCode"] = country;
        body["Customer"]!["Account"]!["Address"]!["StateOrRegion"] = state;
        body["Project"]!["OtherCompetitorNames"] = "Acme Cloud"; // a second content error: both are reported at once

        var response = await server.CallAsync("CreateOpportunity", body, server.A);

        var errors = response.AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Equal(status == 400
            ? [("customer.account.address.stateOrRegion", "INVALID_VALUE"), ("project.otherCompetitorNames", "INVALID_VALUE")]
            : [("project.otherCompetitorNames", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task CreateOpportunity_FailedRequest_DoesNotUseUpTheToken()
    {
        var body = OpportunityBodies.Create();
        body["NationalSecurity"] = "Yes";
        Assert.Equal(400, (await server.CallAsync("CreateOpportunity", body, server.D)).Status);
        body["NationalSecurity"] = "No";

        Assert.Equal(200, (await server.CallAsync("CreateOpportunity", body, server.D)).Status);
    }

    [Fact]
    public async Task GetOpportunity_AfterCreate_EveryFieldAsSentPlusTheServicesOwn()
    {
        var body = OpportunityBodies.Create();
        var created = (await server.OkAsync("CreateOpportunity", body, server.A))!;
        var id = (string)created["Id"]!;

        var get = await server.GetOpportunityAsync(server.A, id);

        Assert.Equal(id, (string?)get["Id"]);
        Assert.Equal("Sandbox", (string?)get["Catalog"]);
        Assert.Equal(OpportunityBodies.OpportunityArn(server.A.AccountId, id), (string?)get["Arn"]);
        foreach (var member in new[] { "PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer", "Project",
            "OpportunityType", "Marketing" })
        {
            Wire.Same(body[member], get[member], member);
        }
        // The account's owner leads the team, then the members sent (real GetOpportunity answers in AWS's Postman samples).
        Wire.Same(new JsonArray([DefaultOwner(server.A), .. body["OpportunityTeam"]!.AsArray().Select(c => c!.DeepClone())]),
            get["OpportunityTeam"], "OpportunityTeam");
        var lifeCycle = get["LifeCycle"]!.AsObject();
        Assert.Equal("Prospect", (string?)lifeCycle["Stage"]);
        Assert.Equal(FutureDates.CloseDate, (string?)lifeCycle["TargetCloseDate"]);
        Assert.Equal("Schedule a discovery workshop", (string?)lifeCycle["NextSteps"]);
        Assert.Equal("Pending Submission", (string?)lifeCycle["ReviewStatus"]);
        // Real opportunities created with NextSteps read back without a history (AWS's Postman samples).
        Assert.Null(lifeCycle["NextStepsHistory"]);
        Wire.Same(created["LastModifiedDate"], get["LastModifiedDate"], "LastModifiedDate");
        var modified = Wire.Time(created["LastModifiedDate"]);
        Assert.Equal(modified.AddTicks(-(modified.UtcTicks % TimeSpan.TicksPerSecond)), Wire.Time(get["CreatedDate"]));
        Wire.Same(CosellServer.Json("""{"AwsMarketplaceOffers":[],"AwsMarketplaceOfferSets":[],"Solutions":[],"AwsProducts":[],"AwsMarketplaceSolutions":[],"AwsMarketplaceProducts":[]}"""),
            get["RelatedEntityIdentifiers"], "RelatedEntityIdentifiers");
        Assert.Null(get["Origin"]);
    }

    [Fact]
    public async Task GetOpportunity_ReadOnlyLifeCycleMembersInCreate_Ignored()
    {
        var body = OpportunityBodies.Create();
        body["LifeCycle"]!["ReviewStatus"] = "Approved";
        body["LifeCycle"]!["ReviewComments"] = "looks good";
        body["LifeCycle"]!.AsObject().Remove("Stage");

        var id = await server.CreateOpportunityAsync(server.A, body);

        var lifeCycle = (await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!;
        Assert.Equal("Pending Submission", (string?)lifeCycle["ReviewStatus"]);
        Assert.Null(lifeCycle["ReviewComments"]);
        Assert.Equal("Prospect", (string?)lifeCycle["Stage"]);
    }

    [Fact]
    public async Task GetOpportunity_MinimalCreate_OnlyTheServicesMembers()
    {
        var id = await server.CreateOpportunityAsync(server.A, CosellServer.Json($$"""{"Catalog":"Sandbox","ClientToken":"{{RequestBodies.NewToken()}}"}"""));

        var get = await server.GetOpportunityAsync(server.A, id);

        // With the two defaults AWS's CRM field table gives (OpportunityDefaults).
        Assert.Equal(["Arn", "Catalog", "CreatedDate", "Id", "LastModifiedDate", "LifeCycle", "NationalSecurity", "OpportunityTeam",
                "OpportunityType", "RelatedEntityIdentifiers"],
            get.Select(p => p.Key).Order(StringComparer.Ordinal));
        Wire.Same(new JsonArray(DefaultOwner(server.A)), get["OpportunityTeam"], "OpportunityTeam");
    }

    [Fact]
    public async Task CreateOpportunity_AccountWithConfiguredUsers_TheFirstLeadsTheTeam()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled);

        var team = (await server.GetOpportunityAsync(server.Profiled, id))["OpportunityTeam"]!.AsArray();

        var first = TestProfiles.Users[0];
        Assert.Equal(("OpportunityOwner", first.Email), ((string?)team[0]!["BusinessTitle"], (string?)team[0]!["Email"]));
        Assert.Equal(["jane.doe@partner.example.com"], team.Skip(1).Select(c => (string?)c!["Email"]));
    }

    [Theory]
    [InlineData("OpportunityOwner", "sam.lee@partner.example.com")] // the team names its owner
    [InlineData("PartnerAccountManager", "admin@{host}")] // the account's owner is in the team already
    public async Task CreateOpportunity_TeamWithItsOwnerOrTheAccountsUser_KeptAsSent(string title, string email)
    {
        var body = OpportunityBodies.Create();
        var member = new JsonObject
        {
            ["Email"] = email.Replace("{host}", new Uri(server.B.WebsiteUrl!).Host, StringComparison.Ordinal),
            ["FirstName"] = "Sam", ["LastName"] = "Lee", ["BusinessTitle"] = title,
        };
        body["OpportunityTeam"]!.AsArray().Add(member);
        var id = await server.CreateOpportunityAsync(server.B, body);

        var team = (await server.GetOpportunityAsync(server.B, id))["OpportunityTeam"];

        Wire.Same(body["OpportunityTeam"], team, "OpportunityTeam");
    }

    [Fact]
    public async Task CreateAndUpdateOpportunity_EmptySoftwareRevenue_ReadsBackAsNone()
    {
        // AWS's Postman samples create with "SoftwareRevenue": {} and read back null; JS checks test it for presence.
        var body = OpportunityBodies.Create();
        body["SoftwareRevenue"] = new JsonObject();
        var id = await server.CreateOpportunityAsync(server.A, body);
        var created = await server.GetOpportunityAsync(server.A, id);

        await server.UpdateOkAsync(server.A, id, b => b["SoftwareRevenue"] = new JsonObject());

        Assert.False(created.ContainsKey("SoftwareRevenue"));
        Assert.False((await server.GetOpportunityAsync(server.A, id)).ContainsKey("SoftwareRevenue"));
    }

    [Fact]
    public async Task CreateOpportunity_CustomerWithoutContacts_ReadsBackAnEmptyListInTheOpportunityAndItsSnapshot()
    {
        // Real GetOpportunity answers and snapshot payloads show "Contacts": [] (AWS's Postman samples).
        var body = OpportunityBodies.Create();
        body["Customer"]!.AsObject().Remove("Contacts");

        var (id, engagement, _) = await server.SubmittedOpportunityAsync(server.C, body);

        var contacts = (await server.GetOpportunityAsync(server.C, id))["Customer"]!["Contacts"];
        var snapshot = await server.GetSnapshotAsync(server.C, engagement, id);
        Assert.Empty(Assert.IsType<JsonArray>(contacts));
        Assert.Empty(Assert.IsType<JsonArray>(snapshot["Payload"]!["OpportunitySummary"]!["Customer"]!["Contacts"]));
    }

    /// <summary>An account's owner when its entry configures no users (README "The accounts file").</summary>
    private static JsonObject DefaultOwner(TestAccount account) => new()
    {
        ["Email"] = "admin@" + new Uri(account.WebsiteUrl!).Host,
        ["FirstName"] = account.CompanyName.Split(' ')[0],
        ["LastName"] = "Admin",
        ["BusinessTitle"] = "OpportunityOwner",
    };

    [Fact]
    public async Task GetOpportunity_OtherAccountsOpportunity_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var response = await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id), server.B);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetOpportunity_OtherCatalog_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var response = await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id, "AWS"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetOpportunity_UnknownId_ResourceNotFound()
    {
        var response = await server.CallAsync("GetOpportunity", OpportunityBodies.Identify("O1"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateOpportunity_MoreContactsThanAHundred_TooManyValues_NothingStored()
    {
        // The model sets no length on the list; an unbounded one let a single request store 350,000 contacts.
        var before = await server.OpportunityIdsAsync(server.A);
        var body = OpportunityBodies.Create();
        var contacts = body["Customer"]!["Contacts"]!.AsArray();
        while (contacts.Count <= 100)
        {
            contacts.Add(contacts[0]!.DeepClone());
        }

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("customer.contacts", "TOO_MANY_VALUES")], errors);
        Assert.Equal(before, await server.OpportunityIdsAsync(server.A));
    }

    [Fact]
    public async Task GetOpportunity_MalformedId_RequestValidation()
    {
        var errors = (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify("opp-1"), server.A))
            .AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Contains(errors, e => e.Field == "identifier");
    }

    [Fact]
    public async Task GetOpportunity_AfterRestart_SameAnswer()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        await server.RestartAsync();

        Wire.Same(before, await server.GetOpportunityAsync(server.A, id), "GetOpportunity after restart");
        Assert.True(Number(await server.CreateOpportunityAsync(server.A)) > Number(id));
    }

    private static long Number(string id) => long.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);
}
