using System.Text.Json.Nodes;
using Cosell.Server.Hosting;
using Cosell.Server.IntegrationTests.Infrastructure;
using Cosell.Service.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// <c>--event-retention-days</c>: the sweep deletes events older than the retention from the store, so the feed (and
/// delivery) no longer has them; newer ones stay. The tests run the sweep themselves and move the clock by days.
/// </summary>
public sealed class EventRetentionTests(OneDayRetentionServer server) : IClassFixture<OneDayRetentionServer>
{
    private Task<int> SweepAsync() => server.Services.GetRequiredService<EventRetention>().SweepAsync(CancellationToken.None);

    private async Task<string> InviteAsync()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        return await server.InviteAsync(server.A, engagement, server.B);
    }

    internal static IEnumerable<string?> InvitationIds(IEnumerable<JsonObject> events) =>
        events.Select(e => (string?)e["detail"]?["engagementInvitation"]?["id"]).Where(id => id is not null);

    [Fact]
    public async Task Sweep_EventsOlderThanTheRetention_GoneFromTheFeed_NewerKept()
    {
        var old = await InviteAsync();
        server.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var recent = await InviteAsync();

        var deleted = await SweepAsync();

        var feed = InvitationIds(await server.FeedAllAsync(server.B)).ToList();
        Assert.True(deleted >= 2, $"the old invitation's two events (sender's and receiver's) should go, {deleted} went");
        Assert.DoesNotContain(old, feed);
        Assert.Contains(recent, feed);
    }

    [Fact]
    public async Task Feed_TokenOfADeletedEvent_ReadsOnFromTheOldestKept()
    {
        await InviteAsync();
        var feed = await server.FeedAllAsync(server.B);
        var page = await server.FeedAsync(server.B, server.B.AccountId);
        var token = (string?)(await LastPageAsync(page))["NextToken"];
        server.Clock.Advance(TimeSpan.FromDays(2));
        var recent = await InviteAsync();
        await SweepAsync();

        var after = await server.FeedAsync(server.B, server.B.AccountId, token);

        Assert.NotEmpty(feed);
        Assert.True(after.Status == 200, $"a token whose event the retention deleted should still read on, got {after}");
        Assert.Contains(recent, InvitationIds(after.Json!["Events"]!.AsArray().Select(e => e!.AsObject())));
    }

    /// <summary>The last page of the feed that <paramref name="first"/> starts, whose NextToken is the newest event's.</summary>
    private async Task<JsonObject> LastPageAsync(ApiResponse first)
    {
        var page = first.Json!.AsObject();
        while (page["Events"]!.AsArray().Count > 0)
        {
            var next = await server.FeedAsync(server.B, server.B.AccountId, (string?)page["NextToken"]);
            if (next.Json!["Events"]!.AsArray().Count == 0)
            {
                return page;
            }
            page = next.Json!.AsObject();
        }
        return page;
    }

    [Fact]
    public async Task Sweep_EventsWithinTheRetention_Kept()
    {
        var invitation = await InviteAsync();
        server.Clock.Advance(TimeSpan.FromHours(23));

        await SweepAsync();

        Assert.Contains(invitation, InvitationIds(await server.FeedAllAsync(server.B)));
    }
}

/// <summary>A server that keeps events one day (<c>--event-retention-days 1</c>).</summary>
public sealed class OneDayRetentionServer : EventsServer
{
    protected override ServeOptions ConfigureOptions(ServeOptions options) => options with { EventRetention = TimeSpan.FromDays(1) };
}

/// <summary>Without the option events are kept, however old.</summary>
public sealed class EventsKeptByDefaultTests(EventsServer server) : IClassFixture<EventsServer>
{
    [Fact]
    public async Task Sweep_NoRetention_DeletesNothing()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);
        server.Clock.Advance(TimeSpan.FromDays(4000));

        var deleted = await server.Services.GetRequiredService<EventRetention>().SweepAsync(CancellationToken.None);

        Assert.Equal(0, deleted);
        Assert.Contains(invitation, EventRetentionTests.InvitationIds(await server.FeedAllAsync(server.B)));
    }
}
