using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>ListSolutions (spec 03 §5): configured solutions plus the defaults, filters, sorts, paging.</summary>
public sealed class OpportunitiesSolutionsTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static JsonObject List(string catalog = "Sandbox") => new() { ["Catalog"] = catalog, ["MaxResults"] = 100 };

    private async Task<List<string>> IdsAsync(JsonObject request, TestAccount caller) =>
        Wire.Ids((await server.OkAsync("ListSolutions", request, caller))!["SolutionSummaries"]);

    [Fact]
    public async Task ListSolutions_UnconfiguredAccountInSandbox_TheTestSolution()
    {
        var json = (await server.OkAsync("ListSolutions", List(), server.A))!;

        Wire.Same(CosellServer.Json($$"""
            {"SolutionSummaries":[{
              "Catalog": "Sandbox",
              "Id": "S-1234567",
              "Arn": "arn:aws:partnercentral:us-east-1:{{server.A.AccountId}}:catalog/Sandbox/solution/S-1234567",
              "Name": "Sandbox Test Solution",
              "Status": "Active",
              "Category": "Software Product",
              "CreatedDate": "2024-01-01T00:00:00Z"
            }]}
            """), json, "ListSolutions");
    }

    [Fact]
    public async Task ListSolutions_UnconfiguredAccountInAws_OneSolutionNamedAfterTheCompany()
    {
        var summaries = (await server.OkAsync("ListSolutions", List("AWS"), server.B))!["SolutionSummaries"]!.AsArray();

        var solution = Assert.Single(summaries)!;
        Assert.Equal("S-" + server.B.AccountId, (string?)solution["Id"]);
        Assert.Equal($"{server.B.CompanyName} Solution", (string?)solution["Name"]);
        Assert.Equal("Active", (string?)solution["Status"]);
        Assert.Equal($"arn:aws:partnercentral:us-east-1:{server.B.AccountId}:catalog/AWS/solution/S-{server.B.AccountId}", (string?)solution["Arn"]);
    }

    [Fact]
    public async Task ListSolutions_ConfiguredAws_DefaultSortIdentifierDescending()
    {
        var ids = await IdsAsync(List("AWS"), server.Profiled);

        Assert.Equal(["S-" + server.Profiled.AccountId, "S-0052023", "S-0052022", "S-0052021"], ids);
    }

    [Fact]
    public async Task ListSolutions_ConfiguredFields_AsInTheAccountsFile()
    {
        var summaries = (await server.OkAsync("ListSolutions", List("AWS"), server.Profiled))!["SolutionSummaries"]!.AsArray();

        var managed = summaries.Single(s => (string?)s!["Id"] == "S-0052022")!;
        Assert.Equal("Managed Migration", (string?)managed["Name"]);
        Assert.Equal("Inactive", (string?)managed["Status"]);
        Assert.Equal("Managed Service", (string?)managed["Category"]);
        Assert.Equal("2024-03-01T00:00:00Z", (string?)managed["CreatedDate"]);
    }

    [Fact]
    public async Task ListSolutions_Filters_StatusIdentifierCategory()
    {
        var byStatus = List("AWS");
        byStatus["Status"] = RequestBodies.Array("Inactive", "Draft");
        var byId = List("AWS");
        byId["Identifier"] = RequestBodies.Array("S-0052021", "S-1234567");
        var byCategory = List("AWS");
        byCategory["Category"] = RequestBodies.Array("Consulting Service");
        var combined = List("AWS");
        combined["Status"] = RequestBodies.Array("Active");
        combined["Category"] = RequestBodies.Array("Software Product");

        Assert.Equal(["S-0052023", "S-0052022"], await IdsAsync(byStatus, server.Profiled));
        Assert.Equal(["S-0052021"], await IdsAsync(byId, server.Profiled));
        Assert.Equal(["S-0052023"], await IdsAsync(byCategory, server.Profiled));
        Assert.Equal(["S-" + server.Profiled.AccountId, "S-0052021"], await IdsAsync(combined, server.Profiled));
    }

    [Theory]
    [InlineData("Name", "ASCENDING", "S-0052021,S-0052022,S-0052023")]
    [InlineData("Name", "DESCENDING", "S-0052023,S-0052022,S-0052021")]
    [InlineData("Status", "ASCENDING", "S-0052021,S-0052023,S-0052022")]
    [InlineData("Category", "ASCENDING", "S-0052023,S-0052022,S-0052021")]
    [InlineData("CreatedDate", "ASCENDING", "S-0052022,S-0052021,S-0052023")]
    [InlineData("Identifier", "ASCENDING", "S-0052021,S-0052022,S-0052023")]
    public async Task ListSolutions_Sort_OrdersByTheField(string sortBy, string order, string expected)
    {
        var request = List("AWS");
        request["Identifier"] = RequestBodies.Array("S-0052021", "S-0052022", "S-0052023");
        request["Sort"] = new JsonObject { ["SortBy"] = sortBy, ["SortOrder"] = order };

        Assert.Equal(expected.Split(','), await IdsAsync(request, server.Profiled));
    }

    [Fact]
    public async Task ListSolutions_NoMaxResults_TwentyPerPageAndTheRestAfter()
    {
        var request = new JsonObject { ["Catalog"] = "Sandbox" };

        var (items, sizes) = await server.ListAllAsync("ListSolutions", request, "SolutionSummaries", server.Profiled);

        Assert.Equal([20, TestProfiles.SandboxSolutionCount + 1 - 20], sizes);
        var expected = Enumerable.Range(1, TestProfiles.SandboxSolutionCount).Select(TestProfiles.SandboxSolutionId).Reverse().Append("S-1234567");
        Assert.Equal(expected, items.Select(i => (string)i["Id"]!));
    }

    [Fact]
    public async Task ListSolutions_NextTokenWithOtherFilters_ValidationException()
    {
        var request = new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 5 };
        request["NextToken"] = (string)(await server.OkAsync("ListSolutions", request, server.Profiled))!["NextToken"]!;
        request["Status"] = RequestBodies.Array("Active");

        (await server.CallAsync("ListSolutions", request, server.Profiled)).AssertValidation("REQUEST_VALIDATION_FAILED");
    }
}
