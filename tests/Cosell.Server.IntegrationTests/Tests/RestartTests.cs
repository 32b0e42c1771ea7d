using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>State kept in the data directory outlives the process: restarts the server (so its own server).</summary>
public sealed class RestartTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Fact]
    public async Task Restart_SameDataDirectory_EngagementsInvitationsTokensAndPageTokensSurvive()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var second = await server.CreateEngagementAsync(server.A);
        var invitationBody = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        var invitation = (await server.OkAsync("CreateEngagementInvitation", invitationBody, server.A))!;
        var engagementBefore = await server.GetEngagementAsync(server.A, engagement);
        var invitationBefore = await server.GetInvitationAsync(server.B, (string)invitation["Id"]!);
        var listRequest = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["MaxResults"] = 1, ["EngagementIdentifier"] = RequestBodies.Array(engagement, second),
        };
        var firstPage = (await server.OkAsync("ListEngagements", listRequest, server.A))!;

        await server.RestartAsync();

        Wire.Same(engagementBefore, await server.GetEngagementAsync(server.A, engagement), "engagement after restart");
        Wire.Same(invitationBefore, await server.GetInvitationAsync(server.B, (string)invitation["Id"]!), "invitation after restart");
        var replay = (await server.OkAsync("CreateEngagementInvitation", invitationBody, server.A))!;
        Assert.Equal(invitation.ToJsonString(), replay.ToJsonString());
        listRequest["NextToken"] = (string?)firstPage["NextToken"];
        var secondPage = (await server.OkAsync("ListEngagements", listRequest, server.A))!;
        var ids = Wire.Ids(firstPage["EngagementSummaryList"]).Concat(Wire.Ids(secondPage["EngagementSummaryList"])).Order();
        Assert.Equal(new[] { engagement, second }.Order(), ids);
    }
}
