using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>ListEngagementResourceAssociations (spec 03 §3): what snapshots shared into the engagements the caller is a member of.</summary>
public sealed class ResourceAssociationTests(CosellServer server) : IClassFixture<CosellServer>
{
    private async Task<List<JsonObject>> AssociationsAsync(TestAccount caller, Action<JsonObject>? filter = null)
    {
        var request = new JsonObject { ["Catalog"] = "Sandbox" };
        filter?.Invoke(request);
        var (items, _) = await server.ListAllAsync("ListEngagementResourceAssociations", request, "EngagementResourceAssociationSummaries", caller);
        return items;
    }

    [Fact]
    public async Task ListEngagementResourceAssociations_FirstSnapshot_AssociatesOnce_SeenByMembersWithASnapshotThere()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.D, server.Accounts[4]);
        await server.SnapshotAsync(server.D, engagement, opportunity);
        await server.SnapshotAsync(server.D, engagement, opportunity);
        // A member sees the engagement's associations only once it has a snapshot of its own there (spec 03 §3).
        var beforeItsOwnSnapshot = await AssociationsAsync(server.Accounts[4], r => r["EngagementIdentifier"] = engagement);
        var its = await server.CreateOpportunityAsync(server.Accounts[4]);
        await server.SnapshotAsync(server.Accounts[4], engagement, its);

        Assert.Empty(beforeItsOwnSnapshot);
        foreach (var member in new[] { server.D, server.Accounts[4] })
        {
            var items = await AssociationsAsync(member, r => r["EngagementIdentifier"] = engagement);
            Assert.Equal(2, items.Count);
            Wire.Same(new JsonObject
            {
                ["Catalog"] = "Sandbox", ["EngagementId"] = engagement, ["ResourceType"] = "Opportunity",
                ["ResourceId"] = opportunity, ["CreatedBy"] = server.D.AccountId,
            }, items[0], "association");
            Assert.Equal(its, (string?)items[1]["ResourceId"]);
        }
    }

    [Fact]
    public async Task ListEngagementResourceAssociations_NotAMember_SeesNothingOfTheEngagement()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.Accounts[5], server.Accounts[6]);
        await server.SnapshotAsync(server.Accounts[5], engagement, opportunity);

        Assert.Empty(await AssociationsAsync(server.Accounts[7], r => r["EngagementIdentifier"] = engagement));
        Assert.DoesNotContain(await AssociationsAsync(server.Accounts[7]), a => (string?)a["EngagementId"] == engagement);
    }

    [Fact]
    public async Task ListEngagementResourceAssociations_Filters_ResourceAndCreator()
    {
        var (engagement, mine) = await server.SharedEngagementAsync(server.A, server.B);
        var theirs = await server.CreateOpportunityAsync(server.B);
        await server.SnapshotAsync(server.A, engagement, mine);
        await server.SnapshotAsync(server.B, engagement, theirs);

        var byResource = await AssociationsAsync(server.A, r => r["ResourceIdentifier"] = theirs);
        var byCreator = await AssociationsAsync(server.B, r => { r["EngagementIdentifier"] = engagement; r["CreatedBy"] = server.A.AccountId; });
        var byType = await AssociationsAsync(server.B, r => { r["EngagementIdentifier"] = engagement; r["ResourceType"] = "Opportunity"; });

        Assert.Equal([theirs], byResource.Select(a => (string)a["ResourceId"]!));
        Assert.Equal([mine], byCreator.Select(a => (string)a["ResourceId"]!));
        Assert.Equal([mine, theirs], byType.Select(a => (string)a["ResourceId"]!));
    }

    [Fact]
    public async Task ListEngagementResourceAssociations_TaskSubmission_MapsTheOpportunityToItsEngagement()
    {
        var (opportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.C);

        var items = await AssociationsAsync(server.C, r => r["ResourceIdentifier"] = opportunity);

        Assert.Equal([engagement], items.Select(a => (string)a["EngagementId"]!));
    }

    [Fact]
    public async Task ListEngagementResourceAssociations_MaxResults_Pages()
    {
        // Three members, each sharing its one opportunity (a partner takes part in an engagement with one).
        var members = new[] { server.Accounts[8], server.Accounts[9], server.Accounts[10] };
        var engagement = await server.CreateEngagementAsync(members[0]);
        foreach (var member in members)
        {
            if (member != members[0])
            {
                await server.AcceptAsync(member, await server.InviteAsync(members[0], engagement, member));
            }
            await server.SnapshotAsync(member, engagement, await server.CreateOpportunityAsync(member));
        }

        var (items, sizes) = await server.ListAllAsync("ListEngagementResourceAssociations",
            new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement, ["MaxResults"] = 2 },
            "EngagementResourceAssociationSummaries", server.Accounts[8]);

        Assert.Equal(3, items.Count);
        Assert.Equal([2, 1], sizes);
    }
}
