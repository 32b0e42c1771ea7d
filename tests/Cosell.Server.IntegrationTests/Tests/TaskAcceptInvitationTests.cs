using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// StartEngagementByAcceptingInvitationTask (spec 02 §3, §8; 06 Q7, Q22): accepting an OpportunityInvitation gives the
/// receiver membership and its own opportunity made from the invitation, whose review status mirrors the sender's.
/// Moves the clock forward (minutes, and 16 days in the expiry test).
/// </summary>
public sealed class TaskAcceptInvitationTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string Operation = "StartEngagementByAcceptingInvitationTask";

    private async Task<(string Engagement, string Invitation)> InvitedAsync(TestAccount sender, TestAccount receiver)
    {
        var engagement = await server.CreateEngagementAsync(sender);
        return (engagement, await server.InviteAsync(sender, engagement, receiver));
    }

    private Task<ApiResponse> StartAsync(string invitation, TestAccount caller, string? token = null) =>
        server.CallAsync(Operation, TaskSteps.AcceptTask(invitation, token), caller);

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_PendingOpportunityInvitation_CompleteWithTaskAndJobIds()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = server.Clock.GetUtcNow();

        var task = await server.AcceptByTaskAsync(server.B, invitation);

        TaskSteps.AssertComplete(task);
        var taskId = (string)task["TaskId"]!;
        Assert.Matches(TaskSteps.TaskIdPattern, taskId);
        Assert.Equal(TaskSteps.TaskArn(TaskSteps.AcceptKind, taskId), (string?)task["TaskArn"]);
        Assert.Equal(now, Wire.Time(task["StartTime"]));
        Assert.Matches(TaskSteps.OpportunityIdPattern, (string)task["OpportunityId"]!);
        Assert.Matches(TaskSteps.JobIdPattern, (string)task["ResourceSnapshotJobId"]!);
        Assert.Equal(invitation, (string?)task["EngagementInvitationId"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_ByArn_EngagementInvitationIdEchoesTheArn()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        var task = await server.AcceptByTaskAsync(server.B, Wire.InvitationArn(invitation));

        TaskSteps.AssertComplete(task);
        Assert.Equal(Wire.InvitationArn(invitation), (string?)task["EngagementInvitationId"]);
        Assert.Equal("ACCEPTED", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_Complete_ReceiverOwnsOpportunityMadeFromTheInvitation()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);
        var payload = RequestBodies.OpportunityInvitation("eng-x", server.B.AccountId)["Invitation"]!["Payload"]!["OpportunityInvitation"]!;

        var id = (string)(await server.AcceptByTaskAsync(server.B, invitation))["OpportunityId"]!;

        var o = await server.GetOpportunityAsync(server.B, id);
        Assert.Equal(id, (string?)o["Id"]);
        Assert.Equal(OpportunityBodies.OpportunityArn(server.B.AccountId, id), (string?)o["Arn"]);
        Wire.Same(CosellServer.Json("""
            {
              "CompanyName": "Acme Corp",
              "Industry": "Software and Internet",
              "WebsiteUrl": "https://acme.example.com",
              "Address": { "CountryCode": "US" }
            }
            """), o["Customer"]!["Account"], "Customer.Account (from the invitation's Customer)");
        Assert.Equal((string?)payload["Project"]!["Title"], (string?)o["Project"]!["Title"]);
        Assert.Equal((string?)payload["Project"]!["BusinessProblem"], (string?)o["Project"]!["CustomerBusinessProblem"]);
        // The amounts as numbers: the real receiver's opportunity read "10000" for the invitation's "10000.00".
        var spend = payload["Project"]!["ExpectedCustomerSpend"]!.DeepClone();
        Assert.Equal("5000.00", (string?)spend[0]!["Amount"]);
        spend[0]!["Amount"] = "5000";
        Wire.Same(spend, o["Project"]!["ExpectedCustomerSpend"], "Project.ExpectedCustomerSpend");
        Assert.Equal("Prospect", (string?)o["LifeCycle"]!["Stage"]);
        Assert.Equal((string?)payload["Project"]!["TargetCompletionDate"], (string?)o["LifeCycle"]!["TargetCloseDate"]);
        Assert.Equal("Pending Submission", (string?)o["LifeCycle"]!["ReviewStatus"]); // the sender has no opportunity (06 Q22)
        Assert.Equal("Net New Business", (string?)o["OpportunityType"]);
        Assert.Equal("No", (string?)o["NationalSecurity"]);
        Assert.Equal("None", (string?)o["Marketing"]!["Source"]);
        var owner = o["OpportunityTeam"]!.AsArray().Single()!;
        Assert.Equal("OpportunityOwner", (string?)owner["BusinessTitle"]);
        Assert.Equal("admin@bravo.example.com", (string?)owner["Email"]); // B's default user (README "The accounts file")
        // Only the owner reads it (spec 03 §1); the sender sees a NotFound.
        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id), server.A)).AssertError(404, "ResourceNotFoundException");
        Assert.Contains(id, await server.OpportunityIdsAsync(server.B));
        Assert.DoesNotContain(id, await server.OpportunityIdsAsync(server.A));
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_Complete_ReceiverMemberAndInvitationAccepted()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        var acceptedAt = server.Clock.GetUtcNow();

        await server.AcceptByTaskAsync(server.B, invitation);

        var e = await server.GetEngagementAsync(server.B, engagement);
        Assert.Equal(2, (int?)e["MemberCount"]);
        Assert.Equal(server.B.AccountId, (string?)e["ModifiedBy"]);
        Assert.Equal(acceptedAt, Wire.Time(e["ModifiedAt"]));
        Assert.Equal([server.A.AccountId, server.B.AccountId], (await server.MembersAsync(server.B, engagement)).Select(m => (string)m["AccountId"]!));
        foreach (var viewer in new[] { server.A, server.B })
        {
            var i = await server.GetInvitationAsync(viewer, invitation);
            Assert.Equal("ACCEPTED", (string?)i["Status"]);
            Assert.Null(i["ExpirationDate"]);
        }
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SameClientTokenSameBody_SameTaskAndOneOpportunity()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.C);
        var token = RequestBodies.NewToken();
        var before = await server.OpportunityIdsAsync(server.C);

        var first = await StartAsync(invitation, server.C, token);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await StartAsync(invitation, server.C, token);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, again.Status);
        Wire.Same(first.Json, again.Json, "the replayed task");
        var created = (await server.OpportunityIdsAsync(server.C)).Except(before).ToList();
        Assert.Equal([(string)first.Json!["OpportunityId"]!], created);
        Assert.Equal(2, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SameClientTokenOtherInvitation_409ConflictAndSecondStaysPending()
    {
        var (_, first) = await InvitedAsync(server.A, server.C);
        var (_, second) = await InvitedAsync(server.A, server.C);
        var token = RequestBodies.NewToken();
        Assert.Equal(200, (await StartAsync(first, server.C, token)).Status);

        var response = await StartAsync(second, server.C, token);

        var error = response.AssertError(409, "ConflictException");
        Assert.Equal("Conflicting client token submitted for a new request body.", (string?)error["Message"]);
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.A, second))["Status"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_BySenderOrThirdAccount_403AccessDeniedAndNothingChanges()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        var before = await server.OpportunityIdsAsync(server.D);

        (await StartAsync(invitation, server.A)).AssertError(403, "AccessDeniedException");
        (await StartAsync(invitation, server.D)).AssertError(403, "AccessDeniedException");

        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
        Assert.Equal(1, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
        Assert.Equal(before, await server.OpportunityIdsAsync(server.D));
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_Unknown_404ResourceNotFound()
    {
        (await StartAsync("engi-zzzzzzzzzzzzz", server.B)).AssertError(404, "ResourceNotFoundException");
        (await StartAsync(Wire.InvitationArn("engi-zzzzzzzzzzzzz"), server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_OtherCatalog_404ResourceNotFound()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);

        (await server.CallAsync(Operation, TaskSteps.AcceptTask(invitation, catalog: "AWS"), server.B)).AssertError(404, "ResourceNotFoundException");

        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_AlreadyAccepted_409ConflictAndNoOpportunity()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        await server.AcceptAsync(server.B, invitation);
        var before = await server.OpportunityIdsAsync(server.B);

        (await StartAsync(invitation, server.B)).AssertError(409, "ConflictException");

        Assert.Equal(before, await server.OpportunityIdsAsync(server.B));
        Assert.Equal(2, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_AcceptedByTaskThenNewToken_409Conflict()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);
        await server.AcceptByTaskAsync(server.B, invitation);

        (await StartAsync(invitation, server.B)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_Rejected_409Conflict()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.B);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(invitation), server.B);

        (await StartAsync(invitation, server.B)).AssertError(409, "ConflictException");

        Assert.Equal("REJECTED", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_Expired_409Conflict()
    {
        var (engagement, invitation) = await InvitedAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromDays(16));

        (await StartAsync(invitation, server.B)).AssertError(409, "ConflictException");

        Assert.Equal("EXPIRED", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
        Assert.Equal(1, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_LeadInvitation_FailedInvitationValidationFailedWithoutSideEffect()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: "Lead");
        var invitation = await server.InviteAsync(server.A, engagement, server.B, lead: true);
        var before = await server.OpportunityIdsAsync(server.B);
        var modifiedAt = (string?)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"];
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        var task = await server.AcceptByTaskAsync(server.B, invitation);

        TaskSteps.AssertFailed(task, "InvitationValidationFailed");
        Assert.Matches(TaskSteps.TaskIdPattern, (string)task["TaskId"]!);
        Assert.Null(task["OpportunityId"]);
        Assert.Equal(invitation, (string?)task["EngagementInvitationId"]);
        Assert.Equal("PENDING", (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"]);
        var e = await server.GetEngagementAsync(server.A, engagement);
        Assert.Equal(1, (int?)e["MemberCount"]);
        Assert.Equal(modifiedAt, (string?)e["ModifiedAt"]);
        (await server.CallAsync("GetEngagement", RequestBodies.Identify(engagement), server.B)).AssertError(403, "AccessDeniedException");
        Assert.Equal(before, await server.OpportunityIdsAsync(server.B));
        // Still answerable: AcceptEngagementInvitation is the lead path.
        await server.AcceptAsync(server.B, invitation);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SenderOpportunitySubmitted_ReceiverOpportunitySubmitted()
    {
        var (senderOpportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);

        var task = await server.AcceptByTaskAsync(server.B, invitation);

        TaskSteps.AssertComplete(task);
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.A, senderOpportunity));
        var mine = (string)task["OpportunityId"]!;
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.B, mine));
        // Made from an invitation to a submitted opportunity, it is linked to an AWS opportunity without a submission of its own.
        var summary = (await server.OkAsync("GetAwsOpportunitySummary",
            new JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = mine }, server.B))!;
        Assert.Equal(mine, (string?)summary["RelatedOpportunityId"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SenderOpportunityApproved_ReceiverOpportunityApproved()
    {
        var (senderOpportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, senderOpportunity, "Approved");
        var invitation = await server.InviteAsync(server.A, engagement, server.C);

        var task = await server.AcceptByTaskAsync(server.C, invitation);

        Assert.Equal("Approved", await server.ReviewStatusAsync(server.C, (string)task["OpportunityId"]!));
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SenderOpportunityActionRequired_ReceiverOpportunitySubmitted()
    {
        var (senderOpportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, senderOpportunity, "Action Required");
        var invitation = await server.InviteAsync(server.A, engagement, server.C);

        var task = await server.AcceptByTaskAsync(server.C, invitation);

        // DG:multi: the receiver's opportunity reads Submitted until the sender's is Approved.
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.C, (string)task["OpportunityId"]!));
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_SenderWithoutOpportunity_ReceiverOpportunityPendingSubmission()
    {
        var (_, invitation) = await InvitedAsync(server.A, server.D);

        var task = await server.AcceptByTaskAsync(server.D, invitation);

        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.D, (string)task["OpportunityId"]!));
        (await server.CallAsync("GetAwsOpportunitySummary",
                new JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = (string)task["OpportunityId"]! }, server.D))
            .AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_TwoReceivers_EachGetsItsOwnOpportunity()
    {
        var (engagement, toB) = await InvitedAsync(server.A, server.B);
        var toC = await server.InviteAsync(server.A, engagement, server.C);

        var b = (string)(await server.AcceptByTaskAsync(server.B, toB))["OpportunityId"]!;
        var c = (string)(await server.AcceptByTaskAsync(server.C, toC))["OpportunityId"]!;

        Assert.NotEqual(b, c);
        Assert.Equal(3, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(b), server.C)).AssertError(404, "ResourceNotFoundException");
    }
}
