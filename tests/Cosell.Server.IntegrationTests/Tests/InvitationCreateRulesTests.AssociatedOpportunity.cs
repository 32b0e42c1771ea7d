using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// Row 9 on engagements without contexts (spec 06 Q23): an associated opportunity stands in for the CustomerProject
/// context of an OpportunityInvitation, never for the Lead context of a LeadInvitation.
/// </summary>
public sealed partial class InvitationCreateRulesTests
{
    /// <summary>A context-less engagement of A into which A's new opportunity was snapshotted; the association is asserted.</summary>
    private async Task<string> BareEngagementWithOpportunityAsync()
    {
        var engagement = await server.CreateBareEngagementAsync(server.A);
        var opportunity = await server.CreateOpportunityAsync(server.A);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        var (associations, _) = await server.ListAllAsync("ListEngagementResourceAssociations",
            new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["EngagementIdentifier"] = engagement },
            "EngagementResourceAssociationSummaries", server.A);
        Assert.Equal(opportunity, (string?)Assert.Single(associations)["ResourceId"]);
        Assert.Empty((await server.GetEngagementAsync(server.A, engagement))["Contexts"]?.AsArray() ?? []);
        return engagement;
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9OpportunityInvitationIntoBareEngagementWithAssociatedOpportunity_Succeeds()
    {
        var engagement = await BareEngagementWithOpportunityAsync();

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        Assert.Equal(200, response.Status);
        var invitation = await server.GetInvitationAsync(server.A, (string)response.Json!["Id"]!);
        Assert.Equal("OpportunityInvitation", (string?)invitation["PayloadType"]);
        Assert.Equal(engagement, (string?)invitation["EngagementId"]);
        Assert.Equal(server.B.AccountId, (string?)invitation["Receiver"]?["Account"]?["AwsAccountId"]);
        Assert.Equal("PENDING", (string?)invitation["Status"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9AssociationMadeByAnotherMember_Succeeds()
    {
        var engagement = await BareEngagementWithOpportunityAsync();
        await server.AcceptAsync(server.B, await server.InviteAsync(server.A, engagement, server.B));

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.C.AccountId), server.B);

        Assert.Equal(200, response.Status);
        Assert.Equal("OpportunityInvitation", (string?)(await server.GetInvitationAsync(server.B, (string)response.Json!["Id"]!))["PayloadType"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9OpportunityInvitationIntoBareEngagementWithoutAssociation_400BusinessActionNotPermitted()
    {
        // The caller's opportunity is associated with another engagement: only this engagement's associations count.
        await BareEngagementWithOpportunityAsync();
        var engagement = await server.CreateBareEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        AssertBusiness(response, "ACTION_NOT_PERMITTED", "invitation.payload.opportunityInvitation");
        var message = (string)response.Json!["Message"]!;
        Assert.Contains("CustomerProject context", message, StringComparison.Ordinal);
        Assert.Contains("associated opportunity", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9LeadInvitationIntoBareEngagementWithAssociatedOpportunity_400BusinessActionNotPermitted()
    {
        var engagement = await BareEngagementWithOpportunityAsync();

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.B.AccountId), server.A);

        AssertBusiness(response, "ACTION_NOT_PERMITTED", "invitation.payload.leadInvitation");
    }
}
