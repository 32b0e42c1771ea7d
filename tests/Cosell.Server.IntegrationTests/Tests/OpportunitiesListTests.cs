using System.Globalization;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// ListOpportunities (spec 03 §1.3, README §6): the caller's opportunities only, every filter, every sort, stateless
/// paging. Each test names its own customers, so the CustomerCompanyName filter keeps tests apart.
/// </summary>
public sealed class OpportunitiesListTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static string Company(string tag) => $"{tag} {Guid.NewGuid():N}";

    private static JsonObject List(params string[] companies) => new()
    {
        ["Catalog"] = "Sandbox",
        ["MaxResults"] = 100,
        ["CustomerCompanyName"] = RequestBodies.Array(companies),
    };

    private async Task<List<string>> IdsAsync(JsonObject request, TestAccount? caller = null) =>
        Wire.Ids((await server.OkAsync("ListOpportunities", request, caller ?? server.A))!["OpportunitySummaries"]);

    /// <summary>Passed as <c>targetClose</c>: the opportunity has none (null keeps the fixture's).</summary>
    private const string NoCloseDate = "none";

    private async Task<string> CreateAsync(string company, TestAccount? caller = null, string? targetClose = null, string? stage = null)
    {
        var body = OpportunityBodies.Create(company: company);
        if (stage is not null)
        {
            body["LifeCycle"]!["Stage"] = stage; // given at creation: the stage of a Pending Submission opportunity is fixed
        }
        if (targetClose == NoCloseDate)
        {
            body["LifeCycle"]!.AsObject().Remove("TargetCloseDate");
        }
        else if (targetClose is not null)
        {
            body["LifeCycle"]!["TargetCloseDate"] = targetClose;
        }
        var id = await server.CreateOpportunityAsync(caller ?? server.A, body);
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        return id;
    }

    [Fact]
    public async Task ListOpportunities_Default_NewestChangeFirstWithTheSummaryShape()
    {
        var company = Company("Summary");
        var first = await CreateAsync(company);
        var second = await CreateAsync(company);
        var third = await CreateAsync(company);
        await server.UpdateOkAsync(server.A, first, b => b["LifeCycle"]!["NextSteps"] = "Follow up");

        var json = (await server.OkAsync("ListOpportunities", List(company), server.A))!;

        Assert.Equal([first, third, second], Wire.Ids(json["OpportunitySummaries"]));
        Assert.Null(json["NextToken"]);
        var get = await server.GetOpportunityAsync(server.A, first);
        Wire.Same(CosellServer.Json($$"""
            {
              "Catalog": "Sandbox",
              "Id": "{{first}}",
              "Arn": "{{OpportunityBodies.OpportunityArn(server.A.AccountId, first)}}",
              "PartnerOpportunityIdentifier": "CRM-0001",
              "OpportunityType": "Net New Business",
              "LastModifiedDate": "{{(string)get["LastModifiedDate"]!}}",
              "CreatedDate": "{{(string)get["CreatedDate"]!}}",
              "LifeCycle": { "Stage": "Prospect", "NextSteps": "Follow up", "TargetCloseDate": "{{FutureDates.CloseDate}}", "ReviewStatus": "Pending Submission" },
              "Customer": {
                "Account": {
                  "Industry": "Software and Internet",
                  "CompanyName": "{{company}}",
                  "WebsiteUrl": "https://acme.example.com",
                  "Address": { "City": "Seattle", "PostalCode": "98101", "StateOrRegion": "Washington", "CountryCode": "US" }
                }
              },
              "Project": {
                "DeliveryModels": [ "SaaS or PaaS" ],
                "ExpectedCustomerSpend": [
                  { "Amount": "5000.00", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS",
                    "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef" }
                ]
              }
            }
            """), json["OpportunitySummaries"]![0], "summary");
    }

    [Fact]
    public async Task ListOpportunities_ExpectedContractDuration_InTheProjectSummary()
    {
        // Patch 003 adds it to ProjectSummary, as botocore's and the JS SDK's newer models have it.
        var company = Company("Duration");
        var body = OpportunityBodies.Create(company: company);
        body["Project"]!["ExpectedContractDuration"] = new JsonObject { ["Term"] = "Months", ["Value"] = "24" };
        await server.CreateOpportunityAsync(server.A, body);

        var summary = (await server.OkAsync("ListOpportunities", List(company), server.A))!["OpportunitySummaries"]![0]!;

        Wire.Same(CosellServer.Json("""{ "Term": "Months", "Value": "24" }"""), summary["Project"]!["ExpectedContractDuration"], "duration");
    }

    [Fact]
    public async Task ListOpportunities_OtherAccountsAndOtherCatalog_NotListed()
    {
        var company = Company("Tenancy");
        var mine = await CreateAsync(company);
        await CreateAsync(company, server.B);
        await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS", company: company));

        Assert.Equal([mine], await IdsAsync(List(company)));
    }

    [Fact]
    public async Task ListOpportunities_IdentifierFilter_OnlyThose()
    {
        var company = Company("Ids");
        var a = await CreateAsync(company);
        await CreateAsync(company);
        var c = await CreateAsync(company);
        var request = List(company);
        request["Identifier"] = RequestBodies.Array(a, c, "O1");

        Assert.Equal([c, a], await IdsAsync(request));
    }

    [Fact]
    public async Task ListOpportunities_CustomerCompanyName_WholeNameIgnoringCase()
    {
        var company = Company("Case");
        var id = await CreateAsync(company);
        await CreateAsync(company + " Holdings");

        Assert.Equal([id], await IdsAsync(List(company.ToUpperInvariant())));
        Assert.Empty(await IdsAsync(List(company[..10])));
    }

    [Fact]
    public async Task ListOpportunities_StageAndReviewStatusFilters_AnyValueWithinAndAcross()
    {
        var company = Company("Status");
        var prospect = await CreateAsync(company);
        var qualified = await CreateAsync(company, stage: "Qualified");
        var submitted = await CreateAsync(company, stage: "Qualified");
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(submitted), server.A);

        var byStage = List(company);
        byStage["LifeCycleStage"] = RequestBodies.Array("Qualified");
        var byStatus = List(company);
        byStatus["LifeCycleReviewStatus"] = RequestBodies.Array("Pending Submission", "Approved");
        var both = List(company);
        both["LifeCycleStage"] = RequestBodies.Array("Qualified", "Committed");
        both["LifeCycleReviewStatus"] = RequestBodies.Array("Submitted");

        Assert.Equal([submitted, qualified], await IdsAsync(byStage));
        Assert.Equal([qualified, prospect], await IdsAsync(byStatus));
        Assert.Equal([submitted], await IdsAsync(both));
    }

    [Fact]
    public async Task ListOpportunities_DateFilters_AfterOnOrAfterBeforeStrictlyBefore()
    {
        var company = Company("Dates");
        var first = await CreateAsync(company, targetClose: FutureDates.On("01-15"));
        var second = await CreateAsync(company, targetClose: FutureDates.On("03-15"));
        var third = await CreateAsync(company, targetClose: NoCloseDate);
        var firstGet = await server.GetOpportunityAsync(server.A, first);
        var secondGet = await server.GetOpportunityAsync(server.A, second);

        var modified = List(company);
        modified["LastModifiedDate"] = new JsonObject
        {
            ["AfterLastModifiedDate"] = (string)firstGet["LastModifiedDate"]!,
            ["BeforeLastModifiedDate"] = (string)secondGet["LastModifiedDate"]!,
        };
        var created = List(company);
        created["CreatedDate"] = new JsonObject { ["AfterCreatedDate"] = (string)secondGet["CreatedDate"]! };
        var close = List(company);
        close["TargetCloseDate"] = new JsonObject { ["AfterTargetCloseDate"] = FutureDates.On("01-15"), ["BeforeTargetCloseDate"] = FutureDates.On("03-15") };
        var closeBefore = List(company);
        closeBefore["TargetCloseDate"] = new JsonObject { ["BeforeTargetCloseDate"] = FutureDates.On("01-01", yearsLater: 3) };

        Assert.Equal([first], await IdsAsync(modified));
        Assert.Equal([third, second], await IdsAsync(created));
        Assert.Equal([first], await IdsAsync(close));
        Assert.Equal([second, first], await IdsAsync(closeBefore));
    }

    [Theory]
    [InlineData("LastModifiedDate", "ASCENDING", "abc")]
    [InlineData("LastModifiedDate", "DESCENDING", "cba")]
    [InlineData("CreatedDate", "ASCENDING", "abc")]
    [InlineData("Identifier", "DESCENDING", "cba")]
    [InlineData("Identifier", "ASCENDING", "abc")]
    [InlineData("CustomerCompanyName", "ASCENDING", "bca")]
    [InlineData("CustomerCompanyName", "DESCENDING", "acb")]
    [InlineData("TargetCloseDate", "ASCENDING", "cab")]
    [InlineData("TargetCloseDate", "DESCENDING", "bac")]
    public async Task ListOpportunities_Sort_OrdersByTheField(string sortBy, string order, string expected)
    {
        var tag = Guid.NewGuid().ToString("N");
        var names = new Dictionary<char, string> { ['a'] = $"Zulu {tag}", ['b'] = $"alpha {tag}", ['c'] = $"Mike {tag}" };
        var ids = new Dictionary<char, string>
        {
            ['a'] = await CreateAsync(names['a'], targetClose: FutureDates.On("02-01")),
            ['b'] = await CreateAsync(names['b'], targetClose: FutureDates.On("12-01")),
            ['c'] = await CreateAsync(names['c'], targetClose: NoCloseDate),
        };
        var request = List([.. names.Values]);
        request["Sort"] = new JsonObject { ["SortBy"] = sortBy, ["SortOrder"] = order };

        Assert.Equal(expected.Select(k => ids[k]), await IdsAsync(request));
    }

    [Fact]
    public async Task ListOpportunities_ThreePages_EveryItemOnceAndTokenSurvivesRestart()
    {
        var company = Company("Pages");
        var created = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            created.Add(await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(company: company)));
        }
        var request = List(company);
        request["MaxResults"] = 10;
        request["Sort"] = new JsonObject { ["SortBy"] = "Identifier", ["SortOrder"] = "ASCENDING" };

        var firstPage = (await server.OkAsync("ListOpportunities", request, server.A))!;
        await server.RestartAsync();
        request["NextToken"] = (string)firstPage["NextToken"]!;
        var (rest, sizes) = await server.ListAllAsync("ListOpportunities", request, "OpportunitySummaries", server.A);

        Assert.Equal(created, Wire.Ids(firstPage["OpportunitySummaries"]).Concat(rest.Select(o => (string)o["Id"]!)));
        Assert.Equal([10, 5], sizes);
    }

    [Fact]
    public async Task ListOpportunities_NoMaxResults_TwentyPerPage()
    {
        var company = Company("Default");
        for (var i = 0; i < 21; i++)
        {
            await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(company: company));
        }
        var request = List(company);
        request.Remove("MaxResults");

        var json = (await server.OkAsync("ListOpportunities", request, server.A))!;

        Assert.Equal(20, json["OpportunitySummaries"]!.AsArray().Count);
        Assert.NotNull(json["NextToken"]);
    }

    [Fact]
    public async Task ListOpportunities_NextTokenWithOtherFilters_ValidationException()
    {
        var company = Company("Token");
        await CreateAsync(company);
        await CreateAsync(company);
        var request = List(company);
        request["MaxResults"] = 1;
        var token = (string)(await server.OkAsync("ListOpportunities", request, server.A))!["NextToken"]!;

        request["NextToken"] = token;
        request["LifeCycleStage"] = RequestBodies.Array("Qualified");
        var errors = (await server.CallAsync("ListOpportunities", request, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("nextToken", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task ListOpportunities_NextTokenOfAnotherAccount_ValidationException()
    {
        var company = Company("Theft");
        await CreateAsync(company);
        await CreateAsync(company);
        var request = List(company);
        request["MaxResults"] = 1;
        request["NextToken"] = (string)(await server.OkAsync("ListOpportunities", request, server.A))!["NextToken"]!;

        (await server.CallAsync("ListOpportunities", request, server.B)).AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListOpportunities_CreatedDateInWholeSecondsAndLastModifiedInMilliseconds()
    {
        server.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var company = Company("Precision");
        var id = await CreateAsync(company);
        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Precise");

        var summary = (await server.OkAsync("ListOpportunities", List(company), server.A))!["OpportunitySummaries"]![0]!;

        Assert.Equal(0, Wire.Time(summary["CreatedDate"]).UtcTicks % TimeSpan.TicksPerSecond);
        Assert.Equal(0, Wire.Time(summary["LastModifiedDate"]).UtcTicks % TimeSpan.TicksPerMillisecond);
        var text = (string)summary["LastModifiedDate"]!;
        Assert.True(text.Length <= "2026-01-01T00:00:00.000Z".Length, text);
        _ = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }
}
