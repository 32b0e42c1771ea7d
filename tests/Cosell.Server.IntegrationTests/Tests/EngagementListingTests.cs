using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>ListEngagements sort and pagination (spec 01 §2). Moves the clock (so its own server).</summary>
public sealed class EngagementListingTests(CosellServer server) : IClassFixture<CosellServer>
{
    /// <summary>Five engagements of A, created one second apart, in creation order.</summary>
    private async Task<List<string>> FiveEngagementsAsync(TimeSpan? apart = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            server.Clock.Advance(apart ?? TimeSpan.FromSeconds(1));
            ids.Add(await server.CreateEngagementAsync(server.A, title: $"Engagement {i}"));
        }
        return ids;
    }

    private static JsonObject Request(IEnumerable<string> ids, string? order = null, int? maxResults = null)
    {
        var body = new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = RequestBodies.Array([.. ids]) };
        if (order is not null)
        {
            body["Sort"] = new JsonObject { ["SortBy"] = "CreatedDate", ["SortOrder"] = order };
        }
        if (maxResults is not null)
        {
            body["MaxResults"] = maxResults;
        }
        return body;
    }

    [Fact]
    public async Task ListEngagements_SortCreatedDateAscendingAndDescending_CreationOrderBothWays()
    {
        var ids = await FiveEngagementsAsync();

        var ascending = (await server.ListAllAsync("ListEngagements", Request(ids, "ASCENDING"), "EngagementSummaryList", server.A)).Items;
        var descending = (await server.ListAllAsync("ListEngagements", Request(ids, "DESCENDING"), "EngagementSummaryList", server.A)).Items;

        Assert.Equal(ids, ascending.Select(e => (string)e["Id"]!));
        Assert.Equal(Enumerable.Reverse(ids), descending.Select(e => (string)e["Id"]!));
        var times = ascending.Select(e => Wire.Time(e["CreatedAt"])).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Theory]
    [InlineData("ASCENDING")]
    [InlineData("DESCENDING")]
    public async Task ListEngagements_MaxResults2Over5_ThreePagesNoDuplicatesNoGaps(string order)
    {
        var ids = await FiveEngagementsAsync();

        var (items, pages) = await server.ListAllAsync("ListEngagements", Request(ids, order, 2), "EngagementSummaryList", server.A);

        Assert.Equal([2, 2, 1], pages);
        var expected = order == "ASCENDING" ? ids : Enumerable.Reverse(ids).ToList();
        Assert.Equal(expected, items.Select(e => (string)e["Id"]!));
    }

    [Fact]
    public async Task ListEngagements_SameCreationInstant_PagesStillCoverEachOnce()
    {
        var ids = await FiveEngagementsAsync(TimeSpan.Zero);

        var (items, pages) = await server.ListAllAsync("ListEngagements", Request(ids, "DESCENDING", 2), "EngagementSummaryList", server.A);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(ids.Order(), items.Select(e => (string)e["Id"]!).Order());
    }

    [Fact]
    public async Task ListEngagements_NextTokenWithAnotherFilter_400Validation()
    {
        var ids = await FiveEngagementsAsync();
        var first = (await server.OkAsync("ListEngagements", Request(ids, "ASCENDING", 2), server.A))!;
        var token = (string?)first["NextToken"];
        Assert.NotNull(token);

        var otherFilter = Request(ids, "ASCENDING", 2);
        otherFilter["CreatedBy"] = RequestBodies.Array(server.A.AccountId);
        otherFilter["NextToken"] = token;
        var otherOrder = Request(ids, "DESCENDING", 2);
        otherOrder["NextToken"] = token;
        var otherCaller = Request(ids, "ASCENDING", 2);
        otherCaller["NextToken"] = token;

        (await server.CallAsync("ListEngagements", otherFilter, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
        (await server.CallAsync("ListEngagements", otherOrder, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
        (await server.CallAsync("ListEngagements", otherCaller, server.B)).AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListEngagements_GarbageNextToken_400Validation()
    {
        var body = new JsonObject { ["Catalog"] = "Sandbox", ["NextToken"] = "not-a-token" };

        (await server.CallAsync("ListEngagements", body, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListEngagements_MemberJoinedLater_SortedByEngagementCreationNotJoinTime()
    {
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var older = await server.CreateEngagementAsync(server.A);
        var olderInvitation = await server.InviteAsync(server.A, older, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await server.CreateEngagementAsync(server.A);
        var newerInvitation = await server.InviteAsync(server.A, newer, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await server.AcceptAsync(server.B, newerInvitation);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await server.AcceptAsync(server.B, olderInvitation);

        var ascending = (await server.ListAllAsync("ListEngagements", Request([newer, older], "ASCENDING", 1), "EngagementSummaryList", server.B)).Items;

        Assert.Equal([older, newer], ascending.Select(e => (string)e["Id"]!));
    }

    [Fact]
    public async Task ListEngagements_NoMaxResults_DefaultPageOf20()
    {
        // Only this test uses the last account, so everything it lists is its own.
        var caller = server.Accounts[^1];
        for (var i = 0; i < 21; i++)
        {
            await server.CreateEngagementAsync(caller);
        }

        var (items, pages) = await server.ListAllAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" }, "EngagementSummaryList", caller);

        Assert.Equal([20, 1], pages);
        Assert.Equal(21, items.Select(e => (string)e["Id"]!).Distinct().Count());
    }

    [Fact]
    public async Task ListEngagementInvitations_NoMaxResults_DefaultPageOf20()
    {
        // Only this test uses the second-to-last account as a receiver.
        var receiver = server.Accounts[^2];
        for (var i = 0; i < 21; i++)
        {
            server.Clock.Advance(TimeSpan.FromMilliseconds(10));
            await server.InviteAsync(server.A, await server.CreateEngagementAsync(server.A), receiver);
        }

        var (items, pages) = await server.ListAllAsync("ListEngagementInvitations",
            new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER" }, "EngagementInvitationSummaries", receiver);

        Assert.Equal([20, 1], pages);
        var dates = items.Select(i => Wire.Time(i["InvitationDate"])).ToList();
        Assert.Equal(dates.OrderDescending(), dates); // default order: newest first (spec 02 §6)
    }

    [Fact]
    public async Task ListEngagements_SortWithoutSortByOrUnknownSortBy_400Validation()
    {
        var missing = CosellServer.Json("""{"Catalog":"Sandbox","Sort":{"SortOrder":"ASCENDING"}}""");
        var unknown = CosellServer.Json("""{"Catalog":"Sandbox","Sort":{"SortOrder":"ASCENDING","SortBy":"Title"}}""");

        Assert.Equal([("sort.sortBy", "REQUIRED_FIELD_MISSING")],
            (await server.CallAsync("ListEngagements", missing, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED"));
        Assert.Equal([("sort.sortBy", "INVALID_ENUM_VALUE")],
            (await server.CallAsync("ListEngagements", unknown, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Theory]
    [InlineData(0, "Z")]
    [InlineData(1_200_000, ".12Z")]
    [InlineData(1, ".0000001Z")]
    public async Task CreateEngagement_InstantWithShortFraction_Rfc3339TrailingZerosTrimmed(long ticks, string ending)
    {
        var now = server.Clock.GetUtcNow();
        server.Clock.Set(now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond)).AddSeconds(1).AddTicks(ticks));
        var expected = server.Clock.GetUtcNow();

        var response = await server.OkAsync("CreateEngagement", RequestBodies.CreateEngagement(), server.A);

        var text = (string)response!["ModifiedAt"]!;
        Assert.EndsWith(ending, text);
        Assert.Equal(expected, Wire.Time(response["ModifiedAt"]));
        Assert.Equal(text, (string?)(await server.GetEngagementAsync(server.A, (string)response["Id"]!))["CreatedAt"]);
    }
}
