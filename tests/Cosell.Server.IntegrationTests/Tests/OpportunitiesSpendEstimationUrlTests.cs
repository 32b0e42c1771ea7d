using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// ExpectedCustomerSpend.EstimationUrl (spec 03 §1.3, DG:deal): one that is not an AWS Pricing Calculator estimate is
/// dropped from an opportunity when its entry has an Amount, and refused, as the model's pattern refuses it, when the entry has none.
/// Opportunities and opportunity invitations carry the same spend.
/// </summary>
public sealed class OpportunitiesSpendEstimationUrlTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string Calculator = "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef";
    private const string NotCalculator = "https://estimates.example.com/deal/42";

    private static JsonObject Entry(string? amount, string url)
    {
        var entry = new JsonObject { ["CurrencyCode"] = "USD", ["Frequency"] = "Monthly", ["TargetCompany"] = "AWS", ["EstimationUrl"] = url };
        if (amount is not null)
        {
            entry["Amount"] = amount;
        }
        return entry;
    }

    private static JsonObject WithSpend(JsonObject body, params JsonObject[] entries)
    {
        body["Project"]!["ExpectedCustomerSpend"] = new JsonArray([.. entries]);
        return body;
    }

    private static string VendoredPattern()
    {
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "model", "partnercentral-selling.json")))!;
        return (string)model["shapes"]![ModelShapes.Namespace + "EstimationUrl"]!["traits"]!["smithy.api#pattern"]!;
    }

    private static List<string?> Urls(JsonObject opportunity) =>
        [.. opportunity["Project"]!["ExpectedCustomerSpend"]!.AsArray().Select(s => (string?)s!["EstimationUrl"])];

    [Fact]
    public async Task CreateOpportunity_InvalidUrlNextToAnAmount_DroppedValidOneKept()
    {
        var body = WithSpend(OpportunityBodies.Create(), Entry("5000", NotCalculator), Entry("700", Calculator));

        var id = await server.CreateOpportunityAsync(server.A, body);

        Assert.Equal([null, Calculator], Urls(await server.GetOpportunityAsync(server.A, id)));
    }

    [Fact]
    public async Task CreateOpportunity_InvalidUrlWithoutAnAmount_RefusedByTheModelsPatternAndNothingCreated()
    {
        var before = await server.OpportunityIdsAsync(server.B);
        var body = WithSpend(OpportunityBodies.Create(), Entry(null, NotCalculator));

        var response = await server.CallAsync("CreateOpportunity", body, server.B);

        Assert.Equal([("project.expectedCustomerSpend.estimationUrl", "INVALID_STRING_FORMAT")], response.AssertValidation("REQUEST_VALIDATION_FAILED"));
        Assert.EndsWith("Member must satisfy regular expression pattern: " + VendoredPattern(),
            (string?)response.Json!["ErrorList"]![0]!["Message"], StringComparison.Ordinal);
        Assert.Equal(before, await server.OpportunityIdsAsync(server.B));
    }

    [Fact]
    public async Task CreateOpportunity_InvalidUrlWithoutAnAmount_ListedWithTheRequestsOtherViolations()
    {
        var body = WithSpend(OpportunityBodies.Create(), Entry(null, NotCalculator));
        body["Project"]!["Title"] = new string('t', 256);

        var response = await server.CallAsync("CreateOpportunity", body, server.B);

        Assert.Equal([("project.expectedCustomerSpend.estimationUrl", "INVALID_STRING_FORMAT"), ("project.title", "INVALID_STRING_FORMAT")],
            response.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task CreateOpportunity_ReusedTokenWithAnInvalidUrlWithoutAnAmount_ValidationBeforeTheTokensConflict()
    {
        // Request validation runs before the ClientToken is looked up, for this pattern as for every other.
        var body = OpportunityBodies.Create();
        await server.CreateOpportunityAsync(server.C, body);

        var response = await server.CallAsync("CreateOpportunity", WithSpend(body, Entry(null, NotCalculator)), server.C);

        Assert.Equal([("project.expectedCustomerSpend.estimationUrl", "INVALID_STRING_FORMAT")], response.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task CreateOpportunity_CalculatorUrlWithAFinalNewlineWithoutAnAmount_Refused()
    {
        // The model's $ is ECMAScript's: it does not match before a final newline, as .NET's would.
        var body = WithSpend(OpportunityBodies.Create(), Entry(null, Calculator + "\n"));

        var response = await server.CallAsync("CreateOpportunity", body, server.C);

        Assert.Equal([("project.expectedCustomerSpend.estimationUrl", "INVALID_STRING_FORMAT")], response.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task UpdateOpportunity_InvalidUrlNextToAnAmount_Dropped()
    {
        var id = await server.CreateOpportunityAsync(server.C, WithSpend(OpportunityBodies.Create(), Entry("5000", Calculator)));

        await server.UpdateOkAsync(server.C, id, b => b["Project"]!["ExpectedCustomerSpend"]![0]!["EstimationUrl"] = NotCalculator);

        Assert.Equal([null], Urls(await server.GetOpportunityAsync(server.C, id)));
    }

    [Fact]
    public async Task CreateEngagementInvitation_InvalidUrlWithoutAnAmount_RefusedWithThePayloadsPath()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        body["Invitation"]!["Payload"]!["OpportunityInvitation"]!["Project"]!["ExpectedCustomerSpend"] = new JsonArray(Entry(null, NotCalculator));

        var response = await server.CallAsync("CreateEngagementInvitation", body, server.A);

        Assert.Equal([("invitation.payload.opportunityInvitation.project.expectedCustomerSpend.estimationUrl", "INVALID_STRING_FORMAT")],
            response.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task CreateEngagementInvitation_InvalidUrlNextToAnAmount_KeptInThePayload_DroppedFromTheReceiversOpportunity()
    {
        // A real invitation kept "www.amazon.com" (aws-samples' Postman collection, the receiving partner's
        // GetEngagementInvitation); an opportunity holds estimates only.
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        body["Invitation"]!["Payload"]!["OpportunityInvitation"]!["Project"]!["ExpectedCustomerSpend"] =
            new JsonArray(Entry("5000", "www.amazon.com"), Entry("700", Calculator));

        var id = (string)(await server.OkAsync("CreateEngagementInvitation", body, server.A))!["Id"]!;
        var spend = (await server.GetInvitationAsync(server.B, id))["Payload"]!["OpportunityInvitation"]!["Project"]!["ExpectedCustomerSpend"]!;
        var task = await server.AcceptByTaskAsync(server.B, id);

        Assert.Equal(["www.amazon.com", Calculator], spend.AsArray().Select(s => (string?)s!["EstimationUrl"]));
        Assert.Equal("5000", (string?)spend[0]!["Amount"]);
        Assert.Equal([null, Calculator], Urls(await server.GetOpportunityAsync(server.B, (string)task["OpportunityId"]!)));
    }
}
