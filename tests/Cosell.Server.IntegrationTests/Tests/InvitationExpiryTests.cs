using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>Lazy expiry 15 days after InvitationDate (spec 02 §2-3, 06 Q1). Moves the clock by days: its own server.</summary>
public sealed class InvitationExpiryTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(15);

    private async Task<(string Engagement, string Invitation)> InvitedAsync()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        return (engagement, await server.InviteAsync(server.A, engagement, server.B));
    }

    private async Task<List<string>> ListIdsAsync(TestAccount caller, string participant, string engagement, params string[] statuses)
    {
        var body = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = participant, ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        };
        if (statuses.Length > 0)
        {
            body["Status"] = RequestBodies.Array(statuses);
        }
        return Wire.Ids((await server.OkAsync("ListEngagementInvitations", body, caller))!["EngagementInvitationSummaries"]);
    }

    [Fact]
    public async Task GetEngagementInvitation_OneSecondBeforeFifteenDays_StillPending()
    {
        var (_, invitation) = await InvitedAsync();

        server.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));

        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.B, invitation))["Status"]);
    }

    [Fact]
    public async Task GetEngagementInvitation_FifteenDaysLater_ExpiredWithExpirationDate()
    {
        var (_, invitation) = await InvitedAsync();
        var invitedAt = server.Clock.GetUtcNow();

        server.Clock.Advance(Lifetime);

        foreach (var viewer in new[] { server.A, server.B })
        {
            var i = await server.GetInvitationAsync(viewer, invitation);
            Assert.Equal("EXPIRED", (string?)i["Status"]);
            Assert.Equal(invitedAt, Wire.Time(i["InvitationDate"]));
            Assert.Equal(invitedAt + Lifetime, Wire.Time(i["ExpirationDate"]));
        }
    }

    [Fact]
    public async Task ListEngagementInvitations_AfterExpiry_StatusFilterSeesExpiredNotPending()
    {
        var (engagement, invitation) = await InvitedAsync();

        server.Clock.Advance(Lifetime);

        Assert.Equal([invitation], await ListIdsAsync(server.B, "RECEIVER", engagement, "EXPIRED"));
        Assert.Empty(await ListIdsAsync(server.B, "RECEIVER", engagement, "PENDING"));
        Assert.Equal([invitation], await ListIdsAsync(server.A, "SENDER", engagement, "EXPIRED"));
        Assert.Empty(await ListIdsAsync(server.A, "SENDER", engagement, "PENDING"));
        var all = (await server.OkAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER", ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        }, server.B))!["EngagementInvitationSummaries"]!.AsArray();
        var summary = Assert.Single(all)!;
        Assert.Equal("EXPIRED", (string?)summary["Status"]);
        Assert.NotNull(summary["ExpirationDate"]);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_Expired_409ConflictAndNoMembership()
    {
        var (engagement, invitation) = await InvitedAsync();

        server.Clock.Advance(Lifetime);
        var accept = await server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(invitation), server.B);
        var reject = await server.CallAsync("RejectEngagementInvitation", RequestBodies.Identify(invitation), server.B);

        accept.AssertError(409, "ConflictException");
        reject.AssertError(409, "ConflictException");
        Assert.Equal(1, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
        Assert.Equal("EXPIRED", (string?)(await server.GetInvitationAsync(server.B, invitation))["Status"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_PreviousExpired_NewInvitationAllowed()
    {
        var (engagement, invitation) = await InvitedAsync();
        server.Clock.Advance(Lifetime);

        var again = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        Assert.Equal(200, again.Status);
        var fresh = (string)again.Json!["Id"]!;
        Assert.Equal([fresh], await ListIdsAsync(server.B, "RECEIVER", engagement, "PENDING"));
        Assert.Equal([invitation], await ListIdsAsync(server.B, "RECEIVER", engagement, "EXPIRED"));
    }

    [Fact]
    public async Task CreateEngagementInvitation_ExpiredInvitationsDoNotCountTowardCap_Succeeds()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        for (var i = 1; i <= 9; i++)
        {
            await server.InviteAsync(server.A, engagement, server.Accounts[i]);
        }
        var full = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.Accounts[10].AccountId), server.A);
        full.AssertError(402, "ServiceQuotaExceededException");

        server.Clock.Advance(Lifetime);
        var response = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.Accounts[10].AccountId), server.A);

        Assert.Equal(200, response.Status);
    }
}
