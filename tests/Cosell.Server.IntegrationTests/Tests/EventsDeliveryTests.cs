using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.ExpectedEvents;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// Webhook delivery (issue 4): at least once, in order, retried with backoff, surviving a restart; nothing for a request
/// that failed; the detail-type filter; and what a new user trying it sees. Each test uses accounts the others leave
/// alone, so it knows every event its accounts have.
/// </summary>
public sealed class EventsDeliveryTests(EventsServer server) : IClassFixture<EventsServer>
{
    private WebhookReceiver Receiver => server.Receiver;

    private static List<string> Ids(IEnumerable<JsonObject> events) => events.Select(e => (string)e["id"]!).ToList();

    /// <summary>Makes <paramref name="count"/> opportunities as <paramref name="owner"/>: one Opportunity Created each.</summary>
    private async Task<List<string>> OpportunitiesAsync(TestAccount owner, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await server.CreateOpportunityAsync(owner));
        }
        return ids;
    }

    [Fact]
    public async Task Webhook_FailsTwiceThenSucceeds_EveryEventDeliveredOnceInOrder()
    {
        var owner = server.Accounts[5];
        var hook = EventsServer.HookPath(owner);
        Receiver.FailNext(hook, 2);

        var engagement = await server.CreateEngagementAsync(owner);
        await OpportunitiesAsync(owner, 3);
        await server.InviteAsync(owner, engagement, server.Accounts[6]);
        var feed = await server.FeedAllAsync(owner);
        Assert.Equal(5, feed.Count);

        var delivered = await Receiver.WaitForIdsAsync(hook, Ids(feed));

        var attempts = Receiver.Attempts(hook);
        // The first event was refused twice, then everything went through, once each, oldest first.
        Assert.Equal([500, 500], attempts.Take(2).Select(a => a.Status));
        Assert.All(attempts.Take(3), a => Assert.Equal((string?)feed[0]["id"], (string?)a.Json?["id"]));
        Assert.Equal(Ids(feed), Ids(delivered));
        Assert.All(attempts, a => Assert.StartsWith("application/json", a.ContentType));
        for (var i = 0; i < feed.Count; i++)
        {
            Wire.Same(feed[i], delivered[i], $"event {i} as delivered and as in the feed");
        }
    }

    [Fact]
    public async Task Restart_WithUndeliveredEvents_NoneLost()
    {
        var owner = server.Accounts[7];
        var hook = EventsServer.HookPath(owner);

        // Delivered before the stop.
        await OpportunitiesAsync(owner, 2);
        var early = await server.FeedAllAsync(owner);
        await Receiver.WaitForIdsAsync(hook, Ids(early));

        // The webhook goes down; three more events are tried and refused before the server stops.
        Receiver.FailNext(hook, int.MaxValue);
        await OpportunitiesAsync(owner, 3);
        var pending = (await server.FeedAllAsync(owner)).Skip(2).ToList();
        Assert.Equal(3, pending.Count);
        await Receiver.WaitUntilAsync(a => a.Any(x => x.Path == hook && !x.Delivered && (string?)x.Json?["id"] == (string?)pending[0]["id"]),
            "a refused delivery attempt before the restart");

        // Stopped with undelivered events; the webhook recovers while the server is down; the server starts on the same data.
        await server.RestartAsync(() =>
        {
            Receiver.FailNext(hook, 0);
            return Task.CompletedTask;
        });
        await OpportunitiesAsync(owner, 1);

        var all = await server.FeedAllAsync(owner);
        Assert.Equal(6, all.Count);
        Assert.Equal(Ids(early.Concat(pending)), Ids(all.Take(5)));
        var delivered = await Receiver.WaitForIdsAsync(hook, Ids(all));
        // At least once: a duplicate would be allowed, a gap or a reordering would not.
        Assert.Equal(Ids(all), Ids(delivered).Distinct());
    }

    [Fact]
    public async Task FailedRequests_ProduceNoEvents()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        var first = await server.EventsOfAsync(() => server.OkAsync("CreateEngagementInvitation", body, server.A));
        Assert.Equal(2, first.Count);

        // Refused: B already holds a pending invitation (409), B is not a member (403 or 404), a malformed body (400).
        var refused = await server.EventsOfAsync(async () =>
        {
            (await server.CallAsync("CreateEngagementInvitation", RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A))
                .AssertError(409, "ConflictException");
            var stranger = await server.CallAsync("CreateEngagementInvitation", RequestBodies.OpportunityInvitation(engagement, server.C.AccountId), server.B);
            Assert.True(stranger.Status is 403 or 404, $"a non-member's invitation should be refused, got {stranger}");
            var invalid = RequestBodies.OpportunityInvitation(engagement, server.C.AccountId);
            invalid.Remove("Invitation");
            Assert.Equal(400, (await server.CallAsync("CreateEngagementInvitation", invalid, server.A)).Status);
        });
        Assert.Empty(refused);

        // The same request again (same ClientToken) answers what the first answered, without doing it again; the
        // same token with another body is refused.
        var replayed = await server.EventsOfAsync(async () =>
        {
            await server.OkAsync("CreateEngagementInvitation", body, server.A);
            var other = body.DeepClone().AsObject();
            other["Invitation"]!["Message"] = "Another message";
            (await server.CallAsync("CreateEngagementInvitation", other, server.A)).AssertError(409, "ConflictException");
        });
        Assert.Empty(replayed);
    }

    [Fact]
    public async Task FilteredWebhook_OnlyTheListedDetailTypes_InOrder()
    {
        // D's second webhook takes Engagement Invitation Created and Accepted only.
        var filtered = EventsServer.FilteredPath(server.D);
        var engagement = await server.CreateEngagementAsync(server.D);               // Engagement Created: filtered out
        var first = await server.InviteAsync(server.D, engagement, server.Accounts[8]); // Created (SENDER)
        await server.AcceptAsync(server.Accounts[8], first);                          // Accepted (SENDER) + Member Added: filtered out
        await server.CreateOpportunityAsync(server.D);                                // Opportunity Created: filtered out
        var last = await server.InviteAsync(server.D, engagement, server.Accounts[9]);  // Created (SENDER)

        // Delivery is in order, so once the last event is in, anything the filter let through before it is in too.
        await Receiver.WaitUntilAsync(a => a.Any(x => x.Path == filtered && x.Delivered && (string?)x.Json?["detail"]?["engagementInvitation"]?["id"] == last),
            "the last invitation event at the filtered webhook");
        var feed = await server.FeedAllAsync(server.D);
        await Receiver.WaitForIdsAsync(EventsServer.HookPath(server.D), Ids(feed));

        var got = Receiver.Delivered(filtered);
        Assert.Equal(Ids(feed.Where(e => EventsServer.FilteredTypes.Contains((string?)e["detail-type"]))), Ids(got));
        Assert.Equal([InvitationCreated, InvitationAccepted, InvitationCreated], got.Select(e => (string)e["detail-type"]!));
    }

    [Fact]
    public async Task NewUser_WebhookSeesInvitationCreatedForBothSides_ThenAccepted()
    {
        // What a user trying Cosell does: point a webhook at a small receiver, invite a partner, watch.
        var sender = server.Accounts[10];
        var receiver = server.Accounts[11];
        var engagement = await server.CreateEngagementAsync(sender);

        var invitation = await server.InviteAsync(sender, engagement, receiver);

        // Delivery follows within about one poll interval; the receiver's wait is only bounded, it measures nothing.
        bool Arrived(IReadOnlyList<WebhookReceiver.Attempt> attempts, TestAccount account, string type) => attempts.Any(a =>
            a.Delivered && a.Path == EventsServer.HookPath(account) && (string?)a.Json?["detail-type"] == type
            && (string?)a.Json?["detail"]?["engagementInvitation"]?["id"] == invitation);
        await Receiver.WaitUntilAsync(a => Arrived(a, sender, InvitationCreated) && Arrived(a, receiver, InvitationCreated),
            "Engagement Invitation Created at the sender's and the receiver's webhooks");

        var toReceiver = Receiver.Delivered(EventsServer.HookPath(receiver)).Single(e => (string?)e["detail-type"] == InvitationCreated);
        Assert.Equal(receiver.AccountId, (string?)toReceiver["account"]);
        Assert.Equal("RECEIVER", (string?)toReceiver["detail"]!["engagementInvitation"]!["participantType"]);
        // The receiver's code reads the invitation the event names.
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(receiver, invitation))["Status"]);

        await server.AcceptAsync(receiver, invitation);

        await Receiver.WaitUntilAsync(a => Arrived(a, sender, InvitationAccepted) && Arrived(a, receiver, InvitationAccepted),
            "Engagement Invitation Accepted at the sender's and the receiver's webhooks");
    }
}

/// <summary>
/// Webhooks are independent: one that does not answer at all delays no other account's delivery. A server of its own
/// (a webhook is left hanging for a while).
/// </summary>
public sealed class EventsWebhookIsolationTests(EventsServer server) : IClassFixture<EventsServer>
{
    [Fact]
    public async Task HangingWebhook_OtherAccountsStillDelivered_ThenItsOwnEventsToo()
    {
        var stuck = EventsServer.HookPath(server.A);
        server.Receiver.Hang(stuck, true);
        try
        {
            var engagement = await server.CreateEngagementAsync(server.A);
            await server.Receiver.WaitUntilAsync(_ => server.Receiver.InFlight(stuck) > 0, "a delivery to the hanging webhook");

            var opportunity = await server.CreateOpportunityAsync(server.B);

            // A's POST hangs until this test frees it (the server's time-out is longer than the test): B's event arriving
            // at all, with A's first POST still the only one, shows it did not wait behind A's. No clock is involved.
            await server.Receiver.WaitUntilAsync(
                attempts => attempts.Any(a => a.Delivered && a.Path == EventsServer.HookPath(server.B)
                    && (string?)a.Json?["detail"]?["opportunity"]?["identifier"] == opportunity),
                "B's Opportunity Created while A's webhook hangs");
            Assert.Equal((1, 1), (server.Receiver.Arrivals(stuck), server.Receiver.InFlight(stuck)));

            server.Receiver.Hang(stuck, false);
            await server.Receiver.WaitUntilAsync(
                attempts => attempts.Any(a => a.Delivered && a.Path == stuck && (string?)a.Json?["detail"]?["engagement"]?["engagementId"] == engagement),
                "A's Engagement Created once its webhook answers again");
        }
        finally
        {
            server.Receiver.Hang(stuck, false);
        }
    }
}

/// <summary>A POST that gets no answer within the delivery time-out counts as failed and is tried again.</summary>
public sealed class EventsDeliveryTimeoutTests(ShortDeliveryTimeoutServer server) : IClassFixture<ShortDeliveryTimeoutServer>
{
    [Fact]
    public async Task WebhookThatDoesNotAnswer_GivenUpAfterTheTimeoutAndRetried_DeliveredOnceItAnswers()
    {
        var hook = EventsServer.HookPath(server.A);
        server.Receiver.Hang(hook, true);
        try
        {
            var engagement = await server.CreateEngagementAsync(server.A);
            // A second arrival of the same event means the first POST was given up (the receiver never answered it).
            await server.Receiver.WaitUntilAsync(_ => server.Receiver.Arrivals(hook) >= 2, "a second POST after the time-out");
            Assert.Empty(server.Receiver.Attempts(hook));

            server.Receiver.Hang(hook, false);
            await server.Receiver.WaitUntilAsync(
                attempts => attempts.Any(a => a.Delivered && a.Path == hook && (string?)a.Json?["detail"]?["engagement"]?["engagementId"] == engagement),
                "the Engagement Created event once the webhook answers");
        }
        finally
        {
            server.Receiver.Hang(hook, false);
        }
    }
}

/// <summary>A stop in the middle of a webhook batch (its own server: it restarts it).</summary>
public sealed class EventsDeliveryStopTests(EventsServer server) : IClassFixture<EventsServer>
{
    [Fact]
    public async Task StopWhileAPostIsInFlight_EventsAcknowledgedBeforeAreNotPostedAgain()
    {
        var owner = server.Accounts[4];
        var hook = EventsServer.HookPath(owner);
        var receiver = server.Receiver;
        // Refused until all five are stored, so that they go out as one batch.
        receiver.FailNext(hook, int.MaxValue);
        for (var i = 0; i < 5; i++)
        {
            await server.CreateOpportunityAsync(owner);
        }
        var events = (await server.FeedAllAsync(owner)).Select(e => (string)e["id"]!).ToList();
        Assert.Equal(5, events.Count);
        await receiver.WaitUntilAsync(a => a.Any(x => x.Path == hook && !x.Delivered), "a refused delivery attempt");

        // The next attempt posts the first three, then the fourth hangs: the server stops while it is in flight.
        receiver.HangWhere(hook, json => (string?)json?["id"] == events[3]);
        receiver.FailNext(hook, 0);
        await receiver.WaitForIdsAsync(hook, events.Take(3).ToList());
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (receiver.InFlight(hook) == 0)
            {
                await Task.Delay(20, limit.Token);
            }
        }
        // While the POST hangs, no transaction of the server stays open (on PostgreSQL: no session idle in one that began
        // before the POST was seen hanging). Other loops' short reads pass through that state too, so it is read until it
        // is empty: a transaction held across the POST would keep it non-empty until the restart below.
        if (server.PostgresConnectionString is { } store)
        {
            Assert.Equal(0, await OpenTransactionsOlderThanNowAsync(store));
        }
        await server.RestartAsync(() =>
        {
            receiver.HangWhere(hook, null);
            return Task.CompletedTask;
        });
        await receiver.WaitForIdsAsync(hook, events);

        var acknowledged = receiver.Attempts(hook).Where(a => a.Delivered).Select(a => (string)a.Json!["id"]!).ToList();
        Assert.All(events.Take(3), id => Assert.Equal(1, acknowledged.Count(a => a == id)));
        Assert.Equal(events, acknowledged.Distinct());
    }

    /// <summary>
    /// Sessions of the test's database idle inside a transaction that began before this call, read every 20 ms until
    /// there are none (then 0) or for 10 s (then the last count).
    /// </summary>
    private static async Task<long> OpenTransactionsOlderThanNowAsync(string connectionString)
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new Npgsql.NpgsqlConnection(
            new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var clock = new Npgsql.NpgsqlCommand("SELECT clock_timestamp()", connection);
        var since = (DateTime)(await clock.ExecuteScalarAsync())!;
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'idle in transaction' AND xact_start < $2", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = database });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTime> { TypedValue = since });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var open = (long)(await command.ExecuteScalarAsync())!;
            if (open == 0 || DateTime.UtcNow > deadline)
            {
                return open;
            }
            await Task.Delay(20);
        }
    }
}
