using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.ExpectedEvents;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// The events of the opportunity and engagement lifecycles (spec 05 §2-3), exactly as they arrive at the webhooks:
/// Opportunity Created / Updated (version "0", no resources) to the owner only, Engagement Created to its creator, Engagement Updated
/// to every member, and the submission and AWS-approval cascades.
/// </summary>
public sealed class EventsOpportunityLifecycleTests(EventsServer server) : IClassFixture<EventsServer>
{
    private static JsonObject EngagementFromOpportunityTask(string opportunity) => new()
    {
        ["Catalog"] = "Sandbox",
        ["ClientToken"] = RequestBodies.NewToken(),
        ["Identifier"] = opportunity,
        ["AwsSubmission"] = new JsonObject { ["InvolvementType"] = "Co-Sell", ["Visibility"] = "Full" },
    };

    private static JsonObject CreateContext(string engagementId, JsonObject context) => new()
    {
        ["Catalog"] = "Sandbox",
        ["EngagementIdentifier"] = engagementId,
        ["ClientToken"] = RequestBodies.NewToken(),
        ["Type"] = context["Type"]!.DeepClone(),
        ["Payload"] = context["Payload"]!.DeepClone(),
    };

    private async Task<string> EngagementWithMembersAsync(params string[] contexts)
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: contexts);
        await server.AcceptAsync(server.B, await server.InviteAsync(server.A, engagement, server.B, lead: !contexts.Contains("CustomerProject")));
        return engagement;
    }

    [Fact]
    public async Task CreateOpportunity_OpportunityCreatedToOwnerOnly()
    {
        var at = server.Clock.GetUtcNow();
        string id = null!;

        var events = await server.EventsOfAsync(async () => id = await server.CreateOpportunityAsync(server.A));

        AssertExactly([OpportunityEvent(OpportunityCreated, server.A.AccountId, id, at)], events);
        // As the real events AWS's Postman samples captured from CloudWatch (Feb 2025).
        Assert.Equal("0", (string?)events[0]["version"]);
        Assert.Empty(events[0]["resources"]!.AsArray());
        Assert.Equal("1", (string?)events[0]["detail"]!["schemaVersion"]);
    }

    [Fact]
    public async Task CreateOpportunity_AwsCatalog_DetailCatalogAws()
    {
        var at = server.Clock.GetUtcNow();
        string id = null!;

        var events = await server.EventsOfAsync(async () => id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS")));

        AssertExactly([OpportunityEvent(OpportunityCreated, server.A.AccountId, id, at, catalog: "AWS")], events);
    }

    [Fact]
    public async Task UpdateOpportunity_OpportunityUpdated()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Advance(TimeSpan.FromSeconds(7.5));
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Send the proposal"));

        AssertExactly([OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at)], events);
    }

    [Fact]
    public async Task SubmitOpportunity_OpportunityUpdated()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A));

        AssertExactly([OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at)], events);
    }

    [Theory]
    [InlineData("AwsProducts", "AmazonS3")]
    [InlineData("Solutions", "S-1234567")]
    public async Task AssociateAndDisassociateOpportunity_OpportunityUpdatedEach(string type, string entity)
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var at = server.Clock.GetUtcNow();

        var associated = await server.EventsOfAsync(() => server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, type, entity), server.A));
        var disassociated = await server.EventsOfAsync(() => server.OkAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, type, entity), server.A));

        AssertExactly([OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at)], associated);
        AssertExactly([OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at)], disassociated);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_EngagementCreatedMemberAddedInvitationToAwsOpportunityUpdatedSnapshot()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Advance(TimeSpan.FromSeconds(2.75));
        var at = server.Clock.GetUtcNow();
        JsonNode task = null!;

        var events = await server.EventsOfAsync(async () =>
            task = (await server.OkAsync("StartEngagementFromOpportunityTask", EngagementFromOpportunityTask(id), server.A))!);

        Assert.Equal("COMPLETE", (string?)task["TaskStatus"]);
        var engagement = (string)task["EngagementId"]!;
        // The invitation to AWS: AWS has no event bus here, so only the sender's copy exists (spec 05 §3 "(AWS side)").
        var toAws = new Invitation((string)task["EngagementInvitationId"]!, engagement, server.A.AccountId, server.A.CompanyName, "aws", "OpportunityInvitation", at);
        AssertExactly(
        [
            EngagementEvent(EngagementCreated, server.A.AccountId, engagement, at, server.A.AccountId, ["CustomerProject"], at),
            MemberAddedEvent(server.A.AccountId, engagement, server.A.AccountId, server.A.CompanyName, at),
            InvitationEvent(InvitationCreated, toAws, "SENDER", at),
            OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at),
            SnapshotEvent(server.A.AccountId, engagement, id, server.A.AccountId, "OpportunitySummaryView", 1, [server.A.AccountId], at),
        ], events);
    }

    /// <summary>A submits an opportunity by task (inviting AWS); B accepts A's invitation by task, its copy mirroring A's.</summary>
    private async Task<(string Opportunity, string Engagement, Invitation ToAws, string Mirror)> SubmittedAndMirroredAsync()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var task = (await server.OkAsync("StartEngagementFromOpportunityTask", EngagementFromOpportunityTask(id), server.A))!;
        var engagement = (string)task["EngagementId"]!;
        var toAws = new Invitation((string)task["EngagementInvitationId"]!, engagement, server.A.AccountId, server.A.CompanyName, "aws", "OpportunityInvitation", server.Clock.GetUtcNow());
        var toB = await server.InviteAsync(server.A, engagement, server.B);
        var mirror = (string)(await server.OkAsync("StartEngagementByAcceptingInvitationTask", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["Identifier"] = toB,
        }, server.B))!["OpportunityId"]!;
        return (id, engagement, toAws, mirror);
    }

    [Fact]
    public async Task SandboxApproval_AwsAcceptsAndJoins_MirroredOpportunityUpdatedToo()
    {
        // A submits by task; B accepts A's invitation by task while A's opportunity is under review (B's mirrors it:
        // Submitted). AWS's approval (played in Sandbox with UpdateOpportunity) then reaches both.
        var (id, engagement, toAws, mirror) = await SubmittedAndMirroredAsync();
        Assert.Equal("Submitted", (string?)(await server.GetOpportunityAsync(server.B, mirror))["LifeCycle"]!["ReviewStatus"]);
        server.Clock.Advance(TimeSpan.FromMinutes(3));
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["ReviewStatus"] = "Approved"));

        AssertExactly(
        [
            InvitationEvent(InvitationAccepted, toAws, "SENDER", at),
            MemberAddedEvent(server.A.AccountId, engagement, "aws", "AWS", at),
            MemberAddedEvent(server.B.AccountId, engagement, "aws", "AWS", at),
            OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at),
            OpportunityEvent(OpportunityUpdated, server.B.AccountId, mirror, at),
        ], events);
    }

    [Fact]
    public async Task SandboxRejection_InvitationToAwsRejected_NoMemberAdded_BothOpportunitiesUpdated()
    {
        var (id, _, toAws, mirror) = await SubmittedAndMirroredAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(3));
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["ReviewStatus"] = "Rejected"));

        AssertExactly(
        [
            InvitationEvent(InvitationRejected, toAws, "SENDER", at),
            OpportunityEvent(OpportunityUpdated, server.A.AccountId, id, at),
            OpportunityEvent(OpportunityUpdated, server.B.AccountId, mirror, at),
        ], events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CustomerProject")]
    [InlineData("Lead")]
    public async Task CreateEngagement_EngagementCreatedToCreatorWithContextTypes(string context)
    {
        string[] contexts = context.Length == 0 ? [] : [context];
        var at = server.Clock.GetUtcNow();
        string engagement = null!;

        var events = await server.EventsOfAsync(async () => engagement = contexts.Length == 0
            ? await server.CreateBareEngagementAsync(server.A)
            : await server.CreateEngagementAsync(server.A, contexts: contexts));

        AssertExactly([EngagementEvent(EngagementCreated, server.A.AccountId, engagement, at, server.A.AccountId, contexts, at)], events);
    }

    [Fact]
    public async Task CreateEngagementContext_EngagementUpdatedToEveryMember()
    {
        var engagement = await EngagementWithMembersAsync("Lead");
        server.Clock.Advance(TimeSpan.FromSeconds(4.5));
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() =>
            server.OkAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.CustomerProjectContext()), server.B));

        AssertExactly(
        [
            EngagementEvent(EngagementUpdated, server.A.AccountId, engagement, at, server.B.AccountId, ["Lead", "CustomerProject"], at),
            EngagementEvent(EngagementUpdated, server.B.AccountId, engagement, at, server.B.AccountId, ["Lead", "CustomerProject"], at),
        ], events);
    }

    [Fact]
    public async Task StartProspectingFromEngagementTask_EngagementUpdatedToEveryMember()
    {
        var engagement = await EngagementWithMembersAsync("Lead");
        server.Clock.Advance(TimeSpan.FromSeconds(3.5));
        var at = server.Clock.GetUtcNow();

        var events = await server.EventsOfAsync(() => server.OkAsync("StartProspectingFromEngagementTask", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["TaskName"] = "Prospecting",
            ["Identifiers"] = RequestBodies.Array(engagement),
        }, server.B));

        AssertExactly(
        [
            EngagementEvent(EngagementUpdated, server.A.AccountId, engagement, at, server.B.AccountId, ["Lead", "ProspectingResult"], at),
            EngagementEvent(EngagementUpdated, server.B.AccountId, engagement, at, server.B.AccountId, ["Lead", "ProspectingResult"], at),
        ], events);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_OpportunityCreatedAndUpdatedToCaller_EngagementUpdatedAndSnapshotToMembers()
    {
        var engagement = await EngagementWithMembersAsync("Lead");
        server.Clock.Advance(TimeSpan.FromSeconds(4));
        var at = server.Clock.GetUtcNow();
        string opportunity = null!;

        var events = await server.EventsOfAsync(async () =>
        {
            var task = await server.ConvertByTaskAsync(server.B, engagement);
            TaskSteps.AssertComplete(task);
            opportunity = (string)task["OpportunityId"]!;
        });

        // As the accepting task tells the receiver of its new opportunity: Created, then Updated once it is tied to the
        // engagement; the CustomerProject context the task adds is an Engagement Updated to every member.
        string[] members = [server.A.AccountId, server.B.AccountId];
        AssertExactly(
        [
            OpportunityEvent(OpportunityCreated, server.B.AccountId, opportunity, at),
            OpportunityEvent(OpportunityUpdated, server.B.AccountId, opportunity, at),
            EngagementEvent(EngagementUpdated, server.A.AccountId, engagement, at, server.B.AccountId, ["Lead", "CustomerProject"], at),
            EngagementEvent(EngagementUpdated, server.B.AccountId, engagement, at, server.B.AccountId, ["Lead", "CustomerProject"], at),
            .. members.Select(m => SnapshotEvent(m, engagement, opportunity, server.B.AccountId, "OpportunitySummaryView", 1, members, at)),
        ], events);
    }

    [Fact]
    public async Task UpdateEngagementContext_EngagementUpdatedToEveryMember()
    {
        var engagement = await EngagementWithMembersAsync("Lead");
        var modified = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        server.Clock.Advance(TimeSpan.FromSeconds(9));
        var at = server.Clock.GetUtcNow();
        var lead = RequestBodies.LeadContext()["Payload"]!["Lead"]!.AsObject();

        var events = await server.EventsOfAsync(() => server.OkAsync("UpdateEngagementContext", new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["EngagementIdentifier"] = engagement,
            ["ContextIdentifier"] = "1",
            ["EngagementLastModifiedAt"] = modified,
            ["Type"] = "Lead",
            ["Payload"] = new JsonObject
            {
                ["Lead"] = new JsonObject { ["QualificationStatus"] = "Qualified", ["Customer"] = lead["Customer"]!.DeepClone() },
            },
        }, server.A));

        AssertExactly(
        [
            EngagementEvent(EngagementUpdated, server.A.AccountId, engagement, at, server.A.AccountId, ["Lead"], at),
            EngagementEvent(EngagementUpdated, server.B.AccountId, engagement, at, server.A.AccountId, ["Lead"], at),
        ], events);
    }
}
