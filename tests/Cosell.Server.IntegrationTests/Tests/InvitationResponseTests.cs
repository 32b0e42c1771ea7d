using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>AcceptEngagementInvitation and RejectEngagementInvitation (spec 02 §3, §7, §9). Moves the clock forward (minutes).</summary>
public sealed class InvitationResponseTests(CosellServer server) : IClassFixture<CosellServer>
{
    private async Task<(string Engagement, string Invitation)> InvitedAsync(TestAccount sender, TestAccount receiver)
    {
        var engagement = await server.CreateEngagementAsync(sender);
        return (engagement, await server.InviteAsync(sender, engagement, receiver));
    }

    private Task<ApiResponse> AcceptAsync(string invitation, TestAccount caller) =>
        server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(invitation), caller);

    private Task<ApiResponse> RejectAsync(string invitation, TestAccount caller, string? reason = null)
    {
        var body = RequestBodies.Identify(invitation);
        if (reason is not null)
        {
            body["RejectionReason"] = reason;
        }
        return server.CallAsync("RejectEngagementInvitation", body, caller);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_Receiver_BecomesMemberAndEngagementModified()
    {
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var created = server.Clock.GetUtcNow();
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        var acceptedAt = server.Clock.GetUtcNow();

        var response = await AcceptAsync(invitation, server.B);

        Assert.Equal(200, response.Status);
        var e = await server.GetEngagementAsync(server.B, engagement);
        Assert.Equal(2, (int?)e["MemberCount"]);
        Assert.Equal(server.B.AccountId, (string?)e["ModifiedBy"]);
        Assert.Equal(acceptedAt, Wire.Time(e["ModifiedAt"]));
        Assert.Equal(created, Wire.Time(e["CreatedAt"]));
        Assert.Equal(server.A.AccountId, (string?)e["CreatedBy"]);
        Wire.Same(e, await server.GetEngagementAsync(server.A, engagement), "engagement as the creator sees it");
        var members = (await server.OkAsync("ListEngagementMembers", RequestBodies.Identify(engagement), server.B))!["EngagementMemberList"]!;
        Assert.Equal([server.A.AccountId, server.B.AccountId], Wire.Ids(members, "AccountId"));
    }

    [Fact]
    public async Task AcceptEngagementInvitation_Receiver_StatusAcceptedWithoutExpirationDate()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        await server.AcceptAsync(server.B, invitation);

        foreach (var viewer in new[] { server.A, server.B })
        {
            var i = await server.GetInvitationAsync(viewer, invitation);
            Assert.Equal("ACCEPTED", (string?)i["Status"]);
            Assert.Null(i["ExpirationDate"]);
            Assert.NotNull(i["InvitationDate"]);
        }
        var listed = (await server.OkAsync("ListEngagementInvitations",
            JsonNode.Parse($$"""{"Catalog":"Sandbox","ParticipantType":"RECEIVER","Status":["ACCEPTED"]}""")!, server.B))!;
        var summary = listed["EngagementInvitationSummaries"]!.AsArray().Single(s => (string?)s!["Id"] == invitation)!;
        Assert.Equal("ACCEPTED", (string?)summary["Status"]);
        Assert.Null(summary["ExpirationDate"]);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_ByArn_Accepted()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        var response = await AcceptAsync(Wire.InvitationArn(invitation), server.B);

        Assert.Equal(200, response.Status);
        Assert.Equal("ACCEPTED", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_Twice_409ConflictAndOneMembership()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        await server.AcceptAsync(server.B, invitation);

        var again = await AcceptAsync(invitation, server.B);

        again.AssertError(409, "ConflictException");
        Assert.Equal(2, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_BySender_403AccessDenied()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);

        var response = await AcceptAsync(invitation, server.A);

        response.AssertError(403, "AccessDeniedException");
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
        Assert.Equal(1, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_ByThirdAccount_403AccessDenied()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        (await AcceptAsync(invitation, server.C)).AssertError(403, "AccessDeniedException");
        (await RejectAsync(invitation, server.C)).AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task AcceptEngagementInvitation_Unknown_404ResourceNotFound()
    {
        (await AcceptAsync("engi-zzzzzzzzzzzzz", server.B)).AssertError(404, "ResourceNotFoundException");
        (await RejectAsync("engi-zzzzzzzzzzzzz", server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task AcceptEngagementInvitation_Accepted_ExistingMembersNowIncludeReceiver()
    {
        var (engagement, first) = await InvitedAsync(server.A, server.B);
        await server.AcceptAsync(server.B, first);

        var second = await server.InviteAsync(server.B, engagement, server.C);
        var seenByC = await server.GetInvitationAsync(server.C, second);

        Wire.Same(JsonNode.Parse($$"""
            [{"CompanyName":"{{server.A.CompanyName}}","WebsiteUrl":"{{server.A.WebsiteUrl}}"},
             {"CompanyName":"{{server.B.CompanyName}}","WebsiteUrl":"{{server.B.WebsiteUrl}}"}]
            """), seenByC["ExistingMembers"], "ExistingMembers");
        Assert.Equal(server.B.AccountId, (string?)seenByC["SenderAwsAccountId"]);
        Assert.Equal(server.B.CompanyName, (string?)seenByC["SenderCompanyName"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Success_EngagementNotModified()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var before = await server.GetEngagementAsync(server.A, engagement);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await server.InviteAsync(server.A, engagement, server.B);

        // Spec 06 Q30: creating an invitation does not bump the engagement's ModifiedAt.
        Wire.Same(before, await server.GetEngagementAsync(server.A, engagement), "engagement after an invitation");
    }

    [Fact]
    public async Task RejectEngagementInvitation_WithReason_SenderSeesRejectedAndReason()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await RejectAsync(invitation, server.B, "Customer problem unclear");

        Assert.Equal(200, response.Status);
        var seen = await server.GetInvitationAsync(server.A, invitation);
        Assert.Equal("REJECTED", (string?)seen["Status"]);
        Assert.Equal("Customer problem unclear", (string?)seen["RejectionReason"]);
        Assert.Null(seen["ExpirationDate"]);
        var e = await server.GetEngagementAsync(server.A, engagement);
        Assert.Equal(1, (int?)e["MemberCount"]);
        Assert.Equal(server.A.AccountId, (string?)e["ModifiedBy"]);
    }

    [Fact]
    public async Task RejectEngagementInvitation_Receiver_LosesGetButStillListsRejected()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(invitation), server.B);

        var get = await server.CallAsync("GetEngagementInvitation", RequestBodies.Identify(invitation), server.B);
        var listed = (await server.OkAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER", ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        }, server.B))!["EngagementInvitationSummaries"]!.AsArray();

        get.AssertError(403, "AccessDeniedException");
        var summary = Assert.Single(listed)!;
        Assert.Equal(invitation, (string?)summary["Id"]);
        Assert.Equal("REJECTED", (string?)summary["Status"]);
        Assert.Null(summary["ExpirationDate"]);
    }

    [Fact]
    public async Task RejectEngagementInvitation_WithoutReason_Rejected()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        var response = await RejectAsync(invitation, server.B);

        Assert.Equal(200, response.Status);
        var seen = await server.GetInvitationAsync(server.A, invitation);
        Assert.Equal("REJECTED", (string?)seen["Status"]);
        Assert.Null(seen["RejectionReason"]);
    }

    [Fact]
    public async Task RejectEngagementInvitation_AfterRejectOrAccept_409Conflict()
    {
        var (_, rejected) = await InvitedAsync(server.A, server.B);
        var (_, accepted) = await InvitedAsync(server.A, server.B);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(rejected), server.B);
        await server.AcceptAsync(server.B, accepted);

        (await RejectAsync(rejected, server.B)).AssertError(409, "ConflictException");
        (await AcceptAsync(rejected, server.B)).AssertError(409, "ConflictException");
        (await RejectAsync(accepted, server.B)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task RejectEngagementInvitation_BySender_403AccessDenied()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        (await RejectAsync(invitation, server.A, "Other")).AssertError(403, "AccessDeniedException");
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.B, invitation))["Status"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_AfterReceiverRejected_NewInvitationAllowed()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(invitation), server.B);

        var again = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        Assert.Equal(200, again.Status);
        Assert.NotEqual(invitation, (string?)again.Json!["Id"]);
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.B, (string)again.Json["Id"]!))["Status"]);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_LeadInvitation_MemberSeesFullLeadContext()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var invitation = await server.InviteAsync(server.A, engagement, server.B, lead: true);
        (await server.CallAsync("GetEngagement", RequestBodies.Identify(engagement), server.B)).AssertError(403, "AccessDeniedException");

        await server.AcceptAsync(server.B, invitation);

        var e = await server.GetEngagementAsync(server.B, engagement);
        var contact = e["Contexts"]![0]!["Payload"]!["Lead"]!["Interactions"]![0]!["Contact"]!;
        Assert.Equal("max.mustermann@globex.example.com", (string?)contact["Email"]);
    }
}
