using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.ExpectedEvents;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// The events of each transition of the invitation lifecycle (spec 02 §3, spec 05 §2-3), exactly as they arrive at the
/// recipients' webhooks: one copy per recipient account with its own id, the recipient as <c>account</c>,
/// participantType SENDER/RECEIVER, every detail field. Expiry is in <see cref="EventsExpiryTests"/> (it moves the clock).
/// </summary>
public sealed class EventsInvitationLifecycleTests(EventsServer server) : IClassFixture<EventsServer>
{
    private async Task<Invitation> InviteAsync(TestAccount sender, string engagement, TestAccount receiver, bool lead = false)
    {
        var at = server.Clock.GetUtcNow();
        var id = await server.InviteAsync(sender, engagement, receiver, lead);
        return Invitation.Between(id, engagement, sender, receiver, at, lead);
    }

    private static JsonObject AcceptTask(string invitationId) => new()
    {
        ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["Identifier"] = invitationId,
    };

    [Fact]
    public async Task CreateEngagementInvitation_OpportunityInvitation_CreatedToSenderAndReceiverEachWithOwnId()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var at = server.Clock.GetUtcNow();
        Invitation invitation = null!;

        var events = await server.EventsOfAsync(async () => invitation = await InviteAsync(server.A, engagement, server.B));

        AssertExactly(ToBoth(InvitationCreated, invitation, at), events);
        Assert.NotEqual((string?)events[0]["id"], (string?)events[1]["id"]);
        // What the receiver's event names is what it feeds to GetEngagementInvitation (spec 05 §3, L2O README).
        var received = events.Single(e => (string?)e["account"] == server.B.AccountId)["detail"]!["engagementInvitation"]!;
        var read = await server.GetInvitationAsync(server.B, (string)received["id"]!);
        Assert.Equal((string?)read["Arn"], (string?)received["arn"]);
        Assert.Equal(Wire.Time(read["ExpirationDate"]), Wire.Time(received["expirationDate"]));
    }

    [Fact]
    public async Task CreateEngagementInvitation_LeadInvitation_PayloadTypeLeadInvitation()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var at = server.Clock.GetUtcNow();
        Invitation invitation = null!;

        var events = await server.EventsOfAsync(async () => invitation = await InviteAsync(server.A, engagement, server.C, lead: true));

        AssertExactly(ToBoth(InvitationCreated, invitation, at), events);
        Assert.All(events, e => Assert.Equal("LeadInvitation", (string?)e["detail"]!["engagementInvitation"]!["payloadType"]));
    }

    [Fact]
    public async Task AcceptEngagementInvitation_AcceptedToBothSides_MemberAddedToEveryMember()
    {
        // A third member (C) is there already: Member Added goes to all members, the new one included.
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.AcceptAsync(server.C, (await InviteAsync(server.A, engagement, server.C)).Id);
        var invitation = await InviteAsync(server.A, engagement, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(3.25));
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.AcceptAsync(server.B, invitation.Id));

        AssertExactly(
        [
            .. ToBoth(InvitationAccepted, invitation, at),
            MemberAddedEvent(server.A.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
            MemberAddedEvent(server.B.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
            MemberAddedEvent(server.C.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
        ], events);
    }

    [Fact]
    public async Task AcceptEngagementInvitation_LeadInvitation_NoOpportunityEvents()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var invitation = await InviteAsync(server.A, engagement, server.B, lead: true);
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.AcceptAsync(server.B, invitation.Id));

        AssertExactly(
        [
            .. ToBoth(InvitationAccepted, invitation, at),
            MemberAddedEvent(server.A.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
            MemberAddedEvent(server.B.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
        ], events);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_AcceptedMemberAddedAndReceiversOpportunityCreatedUpdated()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await InviteAsync(server.A, engagement, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var at = server.Clock.GetUtcNow();
        string opportunity = null!;

        var events = await server.EventsOfAsync(async () =>
        {
            var task = (await server.OkAsync("StartEngagementByAcceptingInvitationTask", AcceptTask(invitation.Id), server.B))!;
            Assert.Equal("COMPLETE", (string?)task["TaskStatus"]);
            opportunity = (string)task["OpportunityId"]!;
        });

        // Spec 05 §3: the receiver gets Accepted, Member Added, Opportunity Created, Opportunity Updated and a snapshot
        // event; the sender Accepted and Member Added. The snapshot (OpportunitySummaryView, revision 1) is readable by
        // every member, so every member is told of it (spec 05 §2 targetMemberAccounts).
        string[] members = [server.A.AccountId, server.B.AccountId];
        AssertExactly(
        [
            .. ToBoth(InvitationAccepted, invitation, at),
            MemberAddedEvent(server.A.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
            MemberAddedEvent(server.B.AccountId, engagement, server.B.AccountId, server.B.CompanyName, at),
            OpportunityEvent(OpportunityCreated, server.B.AccountId, opportunity, at),
            OpportunityEvent(OpportunityUpdated, server.B.AccountId, opportunity, at),
            .. members.Select(m => SnapshotEvent(m, engagement, opportunity, server.B.AccountId, "OpportunitySummaryView", 1, members, at)),
        ], events);
    }

    [Fact]
    public async Task RejectEngagementInvitation_RejectedToBothSides_NothingElse()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await InviteAsync(server.A, engagement, server.B);
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.OkAsync("RejectEngagementInvitation", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["Identifier"] = invitation.Id, ["RejectionReason"] = "Customer problem unclear",
        }, server.B));

        AssertExactly(ToBoth(InvitationRejected, invitation, at), events);
    }

    [Fact]
    public async Task AwsReferral_InvitationCreatedToReceiverOnly_AcceptByTaskRevealsOpportunity()
    {
        // Sandbox's stand-in for AWS referring a customer: an invitation from "aws" (no event bus of its own).
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";
        var at = server.Clock.GetUtcNow();
        string opportunity = null!;

        var created = await server.EventsOfAsync(async () => opportunity = await server.CreateOpportunityAsync(server.E(), body));

        var sent = Assert.Single(created);
        var detail = sent["detail"]!["engagementInvitation"]!;
        var invitation = new Invitation((string)detail["id"]!, (string)detail["engagementId"]!, "aws", "AWS", server.E().AccountId, "OpportunityInvitation", at);
        AssertExactly([InvitationEvent(InvitationCreated, invitation, "RECEIVER", at)], created);

        server.Clock.Advance(TimeSpan.FromSeconds(2));
        var acceptedAt = server.Clock.GetUtcNow();
        var accepted = await server.EventsOfAsync(() => server.OkAsync("StartEngagementByAcceptingInvitationTask", AcceptTask(invitation.Id), server.E()));

        var members = new[] { "aws", server.E().AccountId };
        AssertExactly(
        [
            InvitationEvent(InvitationAccepted, invitation, "RECEIVER", acceptedAt),
            MemberAddedEvent(server.E().AccountId, invitation.EngagementId, server.E().AccountId, server.E().CompanyName, acceptedAt),
            OpportunityEvent(OpportunityCreated, server.E().AccountId, opportunity, acceptedAt),
            OpportunityEvent(OpportunityUpdated, server.E().AccountId, opportunity, acceptedAt),
            SnapshotEvent(server.E().AccountId, invitation.EngagementId, opportunity, server.E().AccountId, "OpportunitySummaryView", 1, members, acceptedAt),
        ], accepted);
    }
}

internal static class EventsTestAccounts
{
    /// <summary>An account the other event tests of a class do not use (its feed holds only what the test did).</summary>
    public static TestAccount E(this CosellServer server) => server.Accounts[4];
}
