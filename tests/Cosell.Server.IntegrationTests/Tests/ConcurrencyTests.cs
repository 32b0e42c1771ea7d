using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>Races over real HTTP: the rules of spec 02 §4 and §7 must hold when requests arrive together.</summary>
public sealed class ConcurrencyTests(LoggedServer server) : IClassFixture<LoggedServer>
{
    private static Task<ApiResponse[]> AllAtOnce(int count, Func<int, Task<ApiResponse>> call) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => call(i))));

    [Fact]
    public async Task AcceptEngagementInvitation_EightConcurrentAccepts_One200Rest409OneMembership()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);

        var responses = await AllAtOnce(8, _ => server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(invitation), server.B));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r => r.AssertError(409, "ConflictException"));
        Assert.Equal(2, (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"]);
    }

    [Fact]
    public async Task SandboxApprovalAndAcceptByTask_Concurrent_TheReceiversOpportunityEndsApproved()
    {
        // Either order is fine, never one in between: the approval flips the mirrors it finds, and an acceptance that
        // comes after it copies Approved. An acceptance reading the sender's status before the approval committed, and
        // committing its opportunity after the approval listed the mirrors, left it Submitted for good.
        for (var round = 0; round < 6; round++)
        {
            var (opportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
            var invitation = await server.InviteAsync(server.A, engagement, server.B);

            Assert.Equal("Approved", await ApproveWhileAcceptingAsync(opportunity, invitation, server.B));
        }
    }

    /// <summary>A's Sandbox approval of <paramref name="opportunity"/> and the receiver's accept-by-task at once; both must
    /// answer 200. Returns the review status of the receiver's new opportunity.</summary>
    private async Task<string> ApproveWhileAcceptingAsync(string opportunity, string invitation, TestAccount receiver)
    {
        var body = OpportunityBodies.UpdateFromGet(await server.GetOpportunityAsync(server.A, opportunity));
        body["LifeCycle"]!["ReviewStatus"] = "Approved";

        var responses = await AllAtOnce(2, i => i == 0
            ? server.CallAsync("UpdateOpportunity", body, server.A)
            : server.CallAsync("StartEngagementByAcceptingInvitationTask", TaskSteps.AcceptTask(invitation), receiver));

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        return await server.ReviewStatusAsync(receiver, (string)responses[1].Json!["OpportunityId"]!);
    }

    [Fact]
    public async Task SandboxApprovalAndAcceptanceOfAMirrorOwnersInvitation_Concurrent_TheNewOpportunityEndsApproved()
    {
        // One hop further: C accepts B's invitation while A's approval flips B's mirror. C's acceptance locks B's
        // opportunity; the approval lists the mirrors again until nothing new appears. (Meaningful on PostgreSQL.)
        for (var round = 0; round < 8; round++)
        {
            var (opportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
            await server.AcceptByTaskAsync(server.B, await server.InviteAsync(server.A, engagement, server.B));
            var invitation = await server.InviteAsync(server.B, engagement, server.C);

            Assert.Equal("Approved", await ApproveWhileAcceptingAsync(opportunity, invitation, server.C));
        }
    }

    [Fact]
    public async Task TwoSandboxApprovalsInOneEngagement_Concurrent_NoDeadlock()
    {
        // B and C each submitted their own copy: neither approval may lock the other's opportunity (a deadlock on
        // PostgreSQL, hidden by the server running the request again, which logs it).
        server.Logs.Clear(); // the class's tests run one after another
        for (var round = 0; round < 6; round++)
        {
            var engagement = await server.CreateEngagementAsync(server.A);
            var copies = new List<(TestAccount Owner, JsonObject Body)>();
            foreach (var member in new[] { server.B, server.C })
            {
                var copy = (string)(await server.AcceptByTaskAsync(member, await server.InviteAsync(server.A, engagement, member)))["OpportunityId"]!;
                await server.AddSalesActivityAsync(member, copy);
                TaskSteps.AssertComplete(await server.SubmitByTaskAsync(member, copy));
                var body = OpportunityBodies.UpdateFromGet(await server.GetOpportunityAsync(member, copy));
                body["LifeCycle"]!["ReviewStatus"] = "Approved";
                copies.Add((member, body));
            }

            var responses = await AllAtOnce(2, i => server.CallAsync("UpdateOpportunity", copies[i].Body, copies[i].Owner));

            Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        }
        Assert.False(server.AnyRequestRunAgain, server.Logs.All);
    }

    [Fact]
    public async Task AcceptAndReject_Concurrent_ExactlyOneWins()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);

        var responses = await AllAtOnce(8, i => server.CallAsync(
            i % 2 == 0 ? "AcceptEngagementInvitation" : "RejectEngagementInvitation", RequestBodies.Identify(invitation), server.B));

        Assert.Single(responses, r => r.Status == 200);
        var status = (string?)(await server.GetInvitationAsync(server.A, invitation))["Status"];
        var members = (int?)(await server.GetEngagementAsync(server.A, engagement))["MemberCount"];
        Assert.True((status, members) is ("ACCEPTED", 2) or ("REJECTED", 1), $"status {status} with {members} members");
    }

    [Fact]
    public async Task CreateEngagementInvitation_ConcurrentDifferentTokensSameReceiver_OnePending()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var responses = await AllAtOnce(8, _ => server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r => r.AssertError(409, "ConflictException"));
        var listed = (await server.OkAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        }, server.A))!["EngagementInvitationSummaries"]!.AsArray();
        Assert.Single(listed);
    }

    [Fact]
    public async Task CreateEngagementInvitation_ElevenConcurrentInvitees_NineAcceptedTwoOverQuota()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var responses = await AllAtOnce(11, i => server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.Accounts[i + 1].AccountId), server.A));

        Assert.Equal(9, responses.Count(r => r.Status == 200));
        Assert.All(responses.Where(r => r.Status != 200), r => r.AssertError(402, "ServiceQuotaExceededException"));
    }

    [Fact]
    public async Task CreateEngagement_SixteenConcurrentSameToken_OneEngagement()
    {
        var body = RequestBodies.CreateEngagement(contexts: ["CustomerProject"]).ToJsonString();

        var responses = await AllAtOnce(16, _ => server.CallAsync("CreateEngagement", body, server.D));

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        Assert.Single(responses.Select(r => r.Body).Distinct());
    }
}
