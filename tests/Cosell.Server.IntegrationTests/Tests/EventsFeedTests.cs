using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// The per-account feed <c>GET /_cosell/events?account=ID[&amp;after=CURSOR]</c> (issue 4): SigV4-signed as that account,
/// <c>{"Events":[envelope...],"NextToken":"..."}</c> oldest first, NextToken passed back as <c>after</c>, on every page
/// that has events (so a poller always holds where it stopped) and absent on an empty one; another account's feed refused. Pages of <see cref="SmallPageEventsServer.PageSize"/> here.
/// </summary>
public sealed class EventsFeedTests(SmallPageEventsServer server) : IClassFixture<SmallPageEventsServer>
{
    private const int PageSize = SmallPageEventsServer.PageSize;

    [Fact]
    public async Task Feed_TenEvents_PagesOfFourOldestFirst_NextTokenContinues_AbsentOnlyOnAnEmptyPage()
    {
        var account = server.Accounts[4];
        var opportunities = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            opportunities.Add(await server.CreateOpportunityAsync(account));
        }

        var events = new List<JsonObject>();
        var sizes = new List<int>();
        string? after = null;
        string? lastToken = null;
        do
        {
            var page = await server.FeedAsync(account, account.AccountId, after);
            Assert.Equal(200, page.Status);
            Assert.StartsWith("application/json", page.Header("Content-Type"));
            var body = page.Json!.AsObject();
            Assert.All(body, kv => Assert.Contains(kv.Key, new[] { "Events", "NextToken" }));
            var items = body["Events"]!.AsArray().Select(e => e!.AsObject()).ToList();
            events.AddRange(items);
            sizes.Add(items.Count);
            Assert.Equal(items.Count > 0, body.ContainsKey("NextToken"));
            after = (string?)body["NextToken"];
            lastToken = after ?? lastToken;
        }
        while (after is not null);

        Assert.Equal([4, 4, 2, 0], sizes);
        Assert.Equal(opportunities, events.Select(e => (string)e["detail"]!["opportunity"]!["identifier"]!));
        Assert.All(events, e => Assert.Equal(ExpectedEvents.OpportunityCreated, (string?)e["detail-type"]));
        Assert.All(events, e => Assert.Equal(account.AccountId, (string?)e["account"]));
        // Each element is exactly the envelope the webhook got.
        var delivered = await server.Receiver.WaitForIdsAsync(EventsServer.HookPath(account), events.Select(e => (string)e["id"]!).ToList());
        foreach (var e in events)
        {
            Wire.Same(delivered.First(d => (string?)d["id"] == (string?)e["id"]), e, "the feed's envelope and the webhook's");
        }

        // Reading on from the last token given: nothing until something happens, then only that.
        var later = await server.CreateOpportunityAsync(account);
        var next = await server.FeedAsync(account, account.AccountId, lastToken);
        Assert.Equal([later], next.Json!["Events"]!.AsArray().Select(e => (string?)e!["detail"]!["opportunity"]!["identifier"]));
    }

    [Fact]
    public async Task Feed_FewerEventsThanAPage_NextTokenStillGiven_ReadingOnFromItIsEmptyWithoutOne()
    {
        var account = server.Accounts[5];
        await server.CreateOpportunityAsync(account);

        var page = await server.FeedAsync(account, account.AccountId);
        var rest = await server.FeedAsync(account, account.AccountId, (string?)page.Json!["NextToken"]);

        Assert.Equal(200, page.Status);
        Assert.Single(page.Json!["Events"]!.AsArray());
        Assert.NotNull((string?)page.Json["NextToken"]);
        Assert.Equal(200, rest.Status);
        Wire.Same(new JsonObject { ["Events"] = new JsonArray() }, rest.Json, "the feed read on from its end");
    }

    [Fact]
    public async Task Feed_AccountWithoutEvents_EmptyListNoNextToken()
    {
        var account = server.NoWebsite;

        var page = await server.FeedAsync(account, account.AccountId);

        Assert.Equal(200, page.Status);
        Wire.Same(new JsonObject { ["Events"] = new JsonArray() }, page.Json, "an empty feed");
    }

    [Fact]
    public async Task Feed_OnlyTheAccountsOwnEvents()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);

        var a = await server.FeedAllAsync(server.A);
        var b = await server.FeedAllAsync(server.B);

        Assert.All(a, e => Assert.Equal(server.A.AccountId, (string?)e["account"]));
        Assert.All(b, e => Assert.Equal(server.B.AccountId, (string?)e["account"]));
        Assert.Equal("SENDER", (string?)a.Last()["detail"]!["engagementInvitation"]!["participantType"]);
        Assert.Equal("RECEIVER", (string?)b.Last()["detail"]!["engagementInvitation"]!["participantType"]);
        Assert.Equal(invitation, (string?)b.Last()["detail"]!["engagementInvitation"]!["id"]);
        Assert.Empty(a.Select(e => (string?)e["id"]).Intersect(b.Select(e => (string?)e["id"])));
    }

    [Fact]
    public async Task Feed_NextTokenOfAnotherAccountsFeed_ValidationException()
    {
        // Read on from it, another account's position would skip this account's events between the two.
        await server.CreateOpportunityAsync(server.C);
        var othersToken = (string?)(await server.FeedAsync(server.C, server.C.AccountId)).Json!["NextToken"];
        Assert.NotNull(othersToken);
        await server.CreateOpportunityAsync(server.A);
        var ownToken = (string?)(await server.FeedAsync(server.A, server.A.AccountId)).Json!["NextToken"];

        var response = await server.FeedAsync(server.A, server.A.AccountId, othersToken);

        response.AssertError(400, "ValidationException");
        Assert.Equal(200, (await server.FeedAsync(server.A, server.A.AccountId, ownToken)).Status);
    }

    [Fact]
    public async Task Feed_AnotherAccountsFeed_AccessDenied()
    {
        await server.CreateOpportunityAsync(server.B);

        var response = await server.FeedAsync(server.A, server.B.AccountId);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task Feed_Unsigned_MissingAuthenticationToken()
    {
        var response = await server.FeedAsync(server.A, server.A.AccountId, sign: false);

        response.AssertError(403, "MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task Feed_QueryChangedAfterSigning_InvalidSignature()
    {
        // The signature covers the query: signed for A's feed, sent for B's.
        using var request = server.FeedRequest(server.B, server.B.AccountId);
        request.RequestUri = new Uri(EventsServer.FeedPath + "?account=" + server.A.AccountId, UriKind.Relative);

        var response = await server.SendAsync(request);

        response.AssertError(403, "InvalidSignatureException");
    }

    [Fact]
    public async Task Feed_WrongSecret_InvalidSignature()
    {
        var impostor = server.A with { SecretAccessKey = server.B.SecretAccessKey };

        var response = await server.FeedAsync(impostor, server.A.AccountId);

        response.AssertError(403, "InvalidSignatureException");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("self", "abc")]
    [InlineData("self", "-1")]
    public async Task Feed_MissingAccountOrMalformedCursor_ValidationException(string? account, string? after)
    {
        var response = await server.FeedAsync(server.A, account is null ? null : server.A.AccountId, after);

        // Worded as the API's own validation errors are (Coral's summary line over the entries).
        var error = response.AssertError(400, "ValidationException");
        Assert.Equal(account is null
                ? "1 validation error detected: Value null at 'account' failed to satisfy constraint: Member must not be null"
                : "1 validation error detected: Value at 'after' failed to satisfy constraint: Member must be a NextToken of this feed",
            (string?)error["Message"]);
    }
}
