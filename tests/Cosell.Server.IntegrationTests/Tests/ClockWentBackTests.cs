using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// A server restarted after <c>--clock-control</c> moved its time starts again at the real time (README, "Moving the
/// server's time"): the store then holds records dated later than the clock. Played here by setting the injected clock
/// back (the fixture's background sweep waits an hour, so nothing is swept in between); a server of its own.
/// </summary>
public sealed class ClockWentBackTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SecondPendingInvitationLeftByTheClockGoingBack_ConflictNoSecondOpportunity()
    {
        var start = server.Clock.GetUtcNow();
        var engagement = await server.CreateEngagementAsync(server.A);
        var first = await server.InviteAsync(server.A, engagement, server.B);
        // Past its expiration date the first reads EXPIRED, so the engagement may invite B again.
        server.Clock.Set(start.AddDays(15).AddSeconds(1));
        var second = await server.InviteAsync(server.A, engagement, server.B);
        server.Clock.Set(start.AddMinutes(1));
        try
        {
            Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.B, first))["Status"]);
            Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.B, second))["Status"]);
            await server.OkAsync("StartEngagementByAcceptingInvitationTask", TaskSteps.AcceptTask(first), server.B);
            var before = await server.GetEngagementAsync(server.A, engagement);

            var byTask = await server.CallAsync("StartEngagementByAcceptingInvitationTask", TaskSteps.AcceptTask(second), server.B);
            var plain = await server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(second), server.B);

            byTask.AssertError(409, "ConflictException");
            Assert.Contains($"{server.B.AccountId} is already a member of engagement {engagement}", byTask.Body);
            plain.AssertError(409, "ConflictException");
            Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.B, second))["Status"]);
            Wire.Same(before, await server.GetEngagementAsync(server.A, engagement), "engagement");
            var associations = await server.OkAsync("ListEngagementResourceAssociations", new JsonObject
            {
                ["Catalog"] = RequestBodies.Sandbox, ["EngagementIdentifier"] = engagement, ["CreatedBy"] = server.B.AccountId,
            }, server.B);
            Assert.Single(associations!["EngagementResourceAssociationSummaries"]!.AsArray());
        }
        finally
        {
            server.Clock.Set(start.AddDays(16));
        }
    }

    [Fact]
    public async Task UpdateOpportunity_NextStepsAfterTheClockWentBack_HistoryDatedAfterTheLastChange()
    {
        var start = server.Clock.GetUtcNow();
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Set(start.AddDays(30));
        var moved = await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Run the proof of concept");
        server.Clock.Set(start.AddDays(1));
        try
        {
            var after = await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Sign the contract");

            var history = (await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["NextStepsHistory"]!.AsArray();
            Assert.Equal(["Run the proof of concept", "Sign the contract"], history.Select(h => (string)h!["Value"]!));
            Assert.True(Wire.Time(history[1]!["Time"]) > Wire.Time(history[0]!["Time"]), history.ToJsonString());
            Assert.Equal(Wire.Time(moved["LastModifiedDate"]), Wire.Time(history[0]!["Time"]));
            Assert.Equal(Wire.Time(after["LastModifiedDate"]), Wire.Time(history[1]!["Time"]));
        }
        finally
        {
            server.Clock.Set(start.AddDays(31));
        }
    }
}
