using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// U+0000 where the model's patterns allow it (names, ClientTokens, filters, the tail of an ARN). PostgreSQL's text
/// cannot hold it; on both stores such a value is kept exactly, found again, and never answered with a 500. These pass on
/// SQLite either way: what they guard is the PostgreSQL run (scripts/test.sh runs them there when COSELL_TEST_POSTGRES is set).
/// </summary>
public sealed class NulCharacterTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string Nul = "\u0000";

    [Fact]
    public async Task CreateOpportunity_CompanyNameWithNul_StoredExactly_FoundByItsFilter_UpdatedFromGet()
    {
        var company = "Ac" + Nul + "me " + Guid.NewGuid().ToString("N")[..8];
        var body = OpportunityBodies.Create();
        body["Customer"]!["Account"]!["CompanyName"] = company;
        var id = await server.CreateOpportunityAsync(server.A, body);

        var read = await server.GetOpportunityAsync(server.A, id);
        var found = await server.OkAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = "Sandbox", ["CustomerCompanyName"] = new JsonArray(company) }, server.A);
        await server.UpdateOkAsync(server.A, id, _ => { });

        Assert.Equal(company, (string?)read["Customer"]!["Account"]!["CompanyName"]);
        Assert.Equal([id], found!["OpportunitySummaries"]!.AsArray().Select(o => (string?)o!["Id"]));
    }

    [Fact]
    public async Task CreateEngagement_ClientTokenWithNul_ReplaysTheFirstResponse()
    {
        var body = RequestBodies.CreateEngagement(token: "tok" + Nul + "en-" + Guid.NewGuid());

        var first = await server.OkAsync("CreateEngagement", body, server.A);
        var again = await server.OkAsync("CreateEngagement", body, server.A);

        Assert.Equal((string?)first!["Id"], (string?)again!["Id"]);
    }

    [Fact]
    public async Task CreateEngagement_TokensDifferingOnlyInNulAgainstLookalikes_AreDifferentTokens()
    {
        // What a store might put in a NUL's place (a private-use character, the escape's own code words) must not make
        // another token the same one: each of these is a new request, not a conflict with the first.
        var tail = "-" + Guid.NewGuid();
        var ids = new List<string>();
        foreach (var stand in (string[])[Nul, "\uE000", "\u0001\u0001", "\u0001", "\u0001\u0002"])
        {
            var body = RequestBodies.CreateEngagement(title: "token " + ids.Count, token: "tok" + stand + tail);
            ids.Add((string)(await server.OkAsync("CreateEngagement", body, server.A))!["Id"]!);
        }

        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public async Task ListOpportunities_CompanyNamesWithNulAndLookalikes_FilterMatchesExactlyAndSortsByCodePoint()
    {
        var stem = "Nul order " + Guid.NewGuid().ToString("N")[..8] + " ";
        // In code-point order, as SQLite compares them.
        string[] names = [stem + Nul + "b", stem + "\u0001", stem + "\u0001\u0001", stem + "a", stem + "\uE000"];
        var idByName = new Dictionary<string, string>();
        foreach (var name in names.Reverse())
        {
            var body = OpportunityBodies.Create();
            body["Customer"]!["Account"]!["CompanyName"] = name;
            idByName[name] = await server.CreateOpportunityAsync(server.A, body);
        }

        var one = await server.OkAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = "Sandbox", ["CustomerCompanyName"] = new JsonArray(names[0]) }, server.A);
        var sorted = await server.OkAsync("ListOpportunities", new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["CustomerCompanyName"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["Sort"] = new JsonObject { ["SortBy"] = "CustomerCompanyName", ["SortOrder"] = "ASCENDING" },
        }, server.A);

        var (paged, _) = await server.ListAllAsync("ListOpportunities", new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["MaxResults"] = 1,
            ["CustomerCompanyName"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["Sort"] = new JsonObject { ["SortBy"] = "CustomerCompanyName", ["SortOrder"] = "ASCENDING" },
        }, "OpportunitySummaries", server.A);

        Assert.Equal([idByName[names[0]]], one!["OpportunitySummaries"]!.AsArray().Select(o => (string?)o!["Id"]));
        Assert.Equal(names.Select(n => idByName[n]), sorted!["OpportunitySummaries"]!.AsArray().Select(o => (string?)o!["Id"]));
        // A page at a time: the NextToken carries the last name, NUL and all, and the next page starts right after it.
        Assert.Equal(names.Select(n => idByName[n]), paged.Select(o => (string?)o["Id"]));
    }

    [Fact]
    public async Task GetEngagementAndInvitation_ArnEndingInNul_MalformedIdentifier()
    {
        var engagement = await server.CallAsync("GetEngagement",
            RequestBodies.Identify("arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/x" + Nul), server.A);
        var invitation = await server.CallAsync("GetEngagementInvitation",
            RequestBodies.Identify("arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-" + Nul), server.A);

        // No id holds a NUL, so the ARN is malformed; before that check it reached the store (a 500 on PostgreSQL).
        Assert.Equal([("identifier", "INVALID_STRING_FORMAT")], engagement.AssertValidation("REQUEST_VALIDATION_FAILED"));
        Assert.Equal([("identifier", "INVALID_STRING_FORMAT")], invitation.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task AcceptByTask_InvitationWhoseCustomerNameHoldsNul_CreatesTheReceiversOpportunity()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var request = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        request["Invitation"]!["Payload"]!["OpportunityInvitation"]!["Customer"]!["CompanyName"] = "Globex" + Nul;
        var invitation = (string)(await server.OkAsync("CreateEngagementInvitation", request, server.A))!["Id"]!;

        var task = await server.AcceptByTaskAsync(server.B, invitation);
        var opportunity = await server.GetOpportunityAsync(server.B, (string)task["OpportunityId"]!);

        Assert.Equal("Globex" + Nul, (string?)opportunity["Customer"]!["Account"]!["CompanyName"]);
    }
}
