using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// Events forwarded with PutEvents to an EventBridge-compatible endpoint (spec 05: "optionally forward it with PutEvents
/// to a configured EventBridge-compatible endpoint"): the awsJson1_1 call EventBridge expects, signed for the
/// <c>events</c> service (checked with the tests' own signer), one entry per event carrying what rules match on, and a
/// refused entry retried. Each test uses its own account.
/// </summary>
public sealed class EventBridgeForwardingTests(EventBridgeServer server) : IClassFixture<EventBridgeServer>
{
    private WebhookReceiver Receiver => server.Receiver;

    private static List<string> DetailTypes(IEnumerable<WebhookReceiver.Attempt> attempts) =>
        attempts.Select(a => (string)a.Json!["Entries"]![0]!["DetailType"]!).ToList();

    /// <summary>Makes two events for <paramref name="account"/> (an engagement, an opportunity); their detail-types in order.</summary>
    private async Task<List<string>> TwoEventsAsync(TestAccount account)
    {
        await server.CreateEngagementAsync(account);
        await server.CreateOpportunityAsync(account);
        return (await server.FeedAllAsync(account)).Select(e => (string)e["detail-type"]!).ToList();
    }

    /// <summary>The detail-types of the first <paramref name="count"/> PutEvents calls to <paramref name="path"/>, once they came.</summary>
    private async Task<List<string>> FirstCallsAsync(string path, int count) =>
        DetailTypes((await Receiver.WaitUntilAsync(a => a.Count(x => x.Path == path) >= count, $"{count} PutEvents calls"))
            .Where(c => c.Path == path).Take(count));

    /// <summary>The Authorization header an independent SigV4 signer computes for the call as it arrived.</summary>
    private static string ExpectedAuthorization(WebhookReceiver.Attempt call, string keyId, string secret, string region)
    {
        var time = DateTimeOffset.ParseExact(call.Header("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var signed = new Dictionary<string, string>
        {
            ["content-type"] = call.Header("Content-Type"), ["host"] = call.Header("Host"), ["x-amz-target"] = call.Header("X-Amz-Target"),
        };
        return TestSigner.Sign("POST", call.RawTarget, signed, Encoding.UTF8.GetBytes(call.Body), keyId, secret, time,
            region: region, service: "events").Authorization;
    }

    /// <summary>The entry of a PutEvents call holds the event of the feed: source, detail-type, detail, resources, time.</summary>
    private static void SameEvent(JsonObject fed, JsonObject entry, string bus)
    {
        Assert.Equal((string)fed["source"]!, (string)entry["Source"]!);
        Assert.Equal((string)fed["detail-type"]!, (string)entry["DetailType"]!);
        Wire.Same(fed["detail"], JsonNode.Parse((string)entry["Detail"]!), "detail as put and as in the feed");
        Wire.Same(fed["resources"], entry["Resources"], "resources as put and as in the feed");
        Assert.Equal(DateTimeOffset.Parse((string)fed["time"]!, CultureInfo.InvariantCulture).ToUnixTimeSeconds(), (long)entry["Time"]!);
        Assert.Equal(bus, (string)entry["EventBusName"]!);
    }

    [Fact]
    public async Task DefaultTarget_OneSignedPutEventsPerEvent_OnTheDefaultBus()
    {
        var account = server.A;
        var path = EventBridgeServer.BusPath(account);

        await server.CreateEngagementAsync(account);
        await server.CreateOpportunityAsync(account);
        var feed = await server.FeedAllAsync(account);
        Assert.Equal(2, feed.Count);

        var calls = await Receiver.WaitUntilAsync(a => a.Count(x => x.Path == path) >= 2, "two PutEvents calls");
        var mine = calls.Where(c => c.Path == path).ToList();
        Assert.Equal(2, mine.Count);
        for (var i = 0; i < feed.Count; i++)
        {
            var call = mine[i];
            Assert.Equal("AWSEvents.PutEvents", call.Header("X-Amz-Target"));
            Assert.Equal("application/x-amz-json-1.1", call.ContentType);
            // Signed as the account id (LocalStack's way of naming the account whose bus gets the event).
            Assert.Equal(ExpectedAuthorization(call, account.AccountId, account.AccountId, "us-east-1"), call.Header("Authorization"));
            var entries = call.Json!["Entries"]!.AsArray();
            Assert.Single(entries);
            SameEvent(feed[i], entries[0]!.AsObject(), "default");
        }
    }

    [Fact]
    public async Task ExplicitTarget_RegionBusAndKeysOfTheTarget()
    {
        var account = server.B;
        var path = EventBridgeServer.BusPath(account);

        await server.CreateEngagementAsync(account);
        var feed = await server.FeedAllAsync(account);

        var call = (await Receiver.WaitUntilAsync(a => a.Any(x => x.Path == path), "a PutEvents call")).First(c => c.Path == path);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={EventBridgeServer.KeyId}/", call.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains($"/{EventBridgeServer.Region}/events/aws4_request,", call.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(ExpectedAuthorization(call, EventBridgeServer.KeyId, EventBridgeServer.Secret, EventBridgeServer.Region), call.Header("Authorization"));
        SameEvent(Assert.Single(feed), call.Json!["Entries"]![0]!.AsObject(), EventBridgeServer.BusName);
    }

    [Fact]
    public async Task EntryRefused_RetriedAndLaterEventsWait()
    {
        var account = server.C;
        var path = EventBridgeServer.BusPath(account);
        // PutEvents answers 200 even when it refuses an entry; only FailedEntryCount says so.
        Receiver.AnswerWith(path, """{"FailedEntryCount":1,"Entries":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}""",
            """{"FailedEntryCount":0,"Entries":[{"EventId":"11111111-1111-1111-1111-111111111111"}]}""");

        var types = await TwoEventsAsync(account);

        // The first event was refused once and put again before the second was tried.
        Assert.Equal([types[0], types[0], types[1]], await FirstCallsAsync(path, 3));

        // A later event comes next: nothing accepted is put again.
        await server.CreateEngagementAsync(account);
        Assert.Equal([types[0], types[0], types[1], "Engagement Created"], await FirstCallsAsync(path, 4));
    }

    [Fact]
    public async Task AnswerWithoutFailedEntryCount_NotTakenForAPut_Retried()
    {
        // EventBridge always says how many entries it refused; an empty 200 (a web server at the wrong URL) says nothing.
        var account = server.NotABus;
        var path = EventBridgeServer.BusPath(account);
        Receiver.AnswerWith(path, "", "{}");

        var types = await TwoEventsAsync(account);

        Assert.Equal([types[0], types[0], types[0], types[1]], await FirstCallsAsync(path, 4));
    }

    [Fact]
    public async Task TwoBusesBehindOneUrl_EachKeepsItsOwnPosition()
    {
        var account = server.TwoBuses;
        var path = EventBridgeServer.BusPath(account);
        var (one, two) = (EventBridgeServer.BusNames[0], EventBridgeServer.BusNames[1]);
        static string Bus(WebhookReceiver.Attempt a) => (string)a.Json!["Entries"]![0]!["EventBusName"]!;

        // The second bus refuses everything while the first takes two events.
        Receiver.RefuseWhere(path, body => (string?)body?["Entries"]?[0]?["EventBusName"] == two);
        await server.CreateEngagementAsync(account);
        await server.CreateOpportunityAsync(account);
        await Receiver.WaitUntilAsync(a => a.Count(x => x.Path == path && x.Delivered && Bus(x) == one) >= 2, "both events on the first bus");

        // Once it takes them again, the second bus gets those two first: its position did not move with the first bus's.
        Receiver.RefuseWhere(path, null);
        await server.CreateEngagementAsync(account);
        var types = (await server.FeedAllAsync(account)).Select(e => (string)e["detail-type"]!).ToList();
        Assert.Equal(3, types.Count);
        var calls = await Receiver.WaitUntilAsync(
            a => a.Count(x => x.Path == path && x.Delivered && Bus(x) == two) >= 3 && a.Count(x => x.Path == path && x.Delivered && Bus(x) == one) >= 3,
            "three events on each bus");
        foreach (var bus in EventBridgeServer.BusNames)
        {
            Assert.Equal(types, DetailTypes(calls.Where(c => c.Path == path && c.Delivered && Bus(c) == bus)));
        }
    }
}
