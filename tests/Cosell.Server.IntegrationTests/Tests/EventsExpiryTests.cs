using System.Text.Json.Nodes;
using InvitationStatus = Cosell.Model.InvitationStatus;
using Cosell.Server.IntegrationTests.Infrastructure;
using Cosell.Service.Domain.Events;
using Cosell.Service.Ports;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.ExpectedEvents;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// Invitation expiry (spec 02 §3): 15 days after it was sent, by the injected clock, the sweeper turns a PENDING
/// invitation into a stored EXPIRED one and sends Engagement Invitation Expired to sender and receiver. The tests run the
/// sweep themselves (the fixture's background sweep waits an hour). The clock moves by days: a server of its own.
/// </summary>
public sealed class EventsExpiryTests(EventsServer server) : IClassFixture<EventsServer>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(15);

    private Task<int> SweepAsync() => server.Services.GetRequiredService<InvitationExpiry>().SweepAsync(CancellationToken.None);

    private async Task<InvitationStatus> StoredStatusAsync(string id)
    {
        await using var session = await server.Services.GetRequiredService<IStore>().BeginAsync(write: false, CancellationToken.None);
        var stored = await session.GetInvitationAsync("Sandbox", id, CancellationToken.None);
        Assert.NotNull(stored);
        return stored.Status;
    }

    private async Task<Invitation> InviteAsync()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var at = server.Clock.GetUtcNow();
        return Invitation.Between(await server.InviteAsync(server.A, engagement, server.B), engagement, server.A, server.B, at);
    }

    /// <summary>The events about one invitation (other tests of the class may have left invitations to expire too).</summary>
    private static List<JsonObject> About(IEnumerable<JsonObject> events, Invitation invitation) =>
        events.Where(e => (string?)e["detail"]?["engagementInvitation"]?["id"] == invitation.Id).ToList();

    [Fact]
    public async Task InvitationToAws_ReviewLongerThanFifteenDays_StaysPendingAndApprovalAcceptsIt()
    {
        // A submission's invitation is answered by AWS's review, not by a partner: it does not lapse (our choice).
        var (opportunity, _, task) = await server.SubmittedOpportunityAsync(server.C);
        var toAws = (string)task["EngagementInvitationId"]!;
        server.Clock.Advance(Lifetime + TimeSpan.FromDays(1));

        var swept = await server.EventsOfAsync(async () => await SweepAsync());

        Assert.DoesNotContain(swept, e => (string?)e["detail"]?["engagementInvitation"]?["id"] == toAws);
        Assert.Equal(InvitationStatus.Pending, await StoredStatusAsync(toAws));
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.C, toAws))["Status"]);
        var listed = await server.OkAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["Status"] = RequestBodies.Array("PENDING"),
        }, server.C);
        Assert.Contains(toAws, Wire.Ids(listed!["EngagementInvitationSummaries"]));

        var approval = await server.EventsOfAsync(() => server.UpdateOkAsync(server.C, opportunity, b => b["LifeCycle"]!["ReviewStatus"] = "Approved"));

        Assert.Contains(approval, e => (string?)e["detail-type"] == InvitationAccepted && (string?)e["detail"]?["engagementInvitation"]?["id"] == toAws);
        Assert.Equal(InvitationStatus.Accepted, await StoredStatusAsync(toAws));
    }

    [Fact]
    public async Task Sweep_FifteenDaysLater_ExpiredToBothSides_StoredExpired_OnlyOnce()
    {
        var invitation = await InviteAsync();
        server.Clock.Advance(Lifetime);
        var at = server.Clock.GetUtcNow();
        var swept = 0;

        var events = await server.EventsOfAsync(async () => swept = await SweepAsync());

        Assert.True(swept >= 1, $"the sweep should have expired the invitation, it reports {swept}");
        Assert.All(events, e => Assert.Equal(InvitationExpired, (string?)e["detail-type"]));
        AssertExactly(ToBoth(InvitationExpired, invitation, at), About(events, invitation));
        Assert.Equal(InvitationStatus.Expired, await StoredStatusAsync(invitation.Id));
        foreach (var side in new[] { server.A, server.B })
        {
            Assert.Equal("EXPIRED", (string?)(await server.GetInvitationAsync(side, invitation.Id))["Status"]);
        }

        // Expired is terminal: a second sweep finds nothing, and answering it now changes nothing and tells no one.
        server.Clock.Advance(TimeSpan.FromHours(1));
        var again = await server.EventsOfAsync(async () => Assert.Equal(0, await SweepAsync()));
        var late = await server.EventsOfAsync(async () =>
            Assert.NotEqual(200, (await server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(invitation.Id), server.B)).Status));
        Assert.Empty(again);
        Assert.Empty(late);
    }

    [Fact]
    public async Task Sweep_OneSecondBeforeFifteenDays_NothingExpires()
    {
        var invitation = await InviteAsync();
        server.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));

        var events = await server.EventsOfAsync(SweepAsync);

        Assert.Empty(About(events, invitation));
        Assert.Equal(InvitationStatus.Pending, await StoredStatusAsync(invitation.Id));
    }

    [Fact]
    public async Task Sweep_AnsweredInvitations_NotExpired()
    {
        var accepted = await InviteAsync();
        var rejected = await InviteAsync();
        await server.AcceptAsync(server.B, accepted.Id);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(rejected.Id), server.B);
        server.Clock.Advance(Lifetime + TimeSpan.FromDays(1));

        var events = await server.EventsOfAsync(SweepAsync);

        Assert.Empty(About(events, accepted));
        Assert.Empty(About(events, rejected));
        Assert.Equal(InvitationStatus.Accepted, await StoredStatusAsync(accepted.Id));
        Assert.Equal(InvitationStatus.Rejected, await StoredStatusAsync(rejected.Id));
    }
}

/// <summary>The background sweeper on its own: no test calls the sweep, the service does.</summary>
public sealed class EventsSweeperServiceTests(SweepingEventsServer server) : IClassFixture<SweepingEventsServer>
{
    [Fact]
    public async Task ExpirySweeperService_FifteenDaysLater_ExpiredArrivesAtBothWebhooks()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var id = await server.InviteAsync(server.A, engagement, server.B);

        server.Clock.Advance(TimeSpan.FromDays(15));

        foreach (var side in new[] { server.A, server.B })
        {
            await server.Receiver.WaitUntilAsync(
                attempts => attempts.Any(a => a.Delivered && a.Path == EventsServer.HookPath(side)
                    && (string?)a.Json?["detail-type"] == InvitationExpired && (string?)a.Json?["detail"]?["engagementInvitation"]?["id"] == id),
                $"Engagement Invitation Expired for {id} at {side}'s webhook");
        }
    }
}
