using System.Text.Json.Nodes;
using Cosell.MultiInstance.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Cosell.MultiInstance.Tests.Tests;

/// <summary>
/// Two Cosell processes on one PostgreSQL database behave as one service: whatever instance a request reaches, races are
/// decided in the database, never by in-process state.
/// </summary>
public sealed class MultiInstanceTests(Cluster cluster, ITestOutputHelper output) : IClassFixture<Cluster>
{
    private const int Duplicates = 64;

    private Account Sender => cluster.Accounts[0];
    private Account Receiver => cluster.Accounts[1];

    /// <summary>Runs every call at once (released together), call i on instance i mod 2.</summary>
    private async Task<Answer[]> AllAtOnceAsync(int count, Func<int, ApiClient, Task<Answer>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            return await call(i, cluster.Instances[i % 2]);
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(calls);
    }

    /// <summary>Outbox rows of one detail-type about one invitation (its id appears in the envelope).</summary>
    private Task<long> EventsAsync(string invitationId, string detailType) => Postgres.CountAsync(cluster.ConnectionString,
        $"SELECT count(*) FROM events WHERE detail_type = '{detailType}' AND envelope LIKE '%{invitationId}%'");

    [Fact]
    public async Task CreateEngagementInvitation_64ConcurrentDuplicatesOnBothInstances_OneInvitationAndEveryCallerGetsItsId()
    {
        var engagement = await cluster.CreateEngagementAsync(Sender);
        var token = Bodies.NewToken();
        var body = Bodies.Invitation(engagement, Receiver.AccountId, token);

        var answers = await AllAtOnceAsync(Duplicates, (_, instance) =>
            instance.CallAsync("CreateEngagementInvitation", body.DeepClone(), Sender));

        Assert.All(answers, a => Assert.True(a.Status == 200, a + "\n" + cluster.Errors()));
        var ids = answers.Select(a => a.Text("Id")).Distinct().ToList();
        var id = Assert.Single(ids);
        Assert.Single(answers.Select(a => a.Text("Arn")).Distinct());
        var stored = await Postgres.CountAsync(cluster.ConnectionString, $"SELECT count(*) FROM invitations WHERE engagement_id = '{engagement}'");
        Assert.Equal(1, stored);
        var listed = await cluster.Instances[1].CallAsync("ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = Cluster.Catalog, ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = new JsonArray(engagement),
        }, Sender);
        Assert.Equal(id, Assert.Single(listed.Json!["EngagementInvitationSummaries"]!.AsArray())!["Id"]!.GetValue<string>());
        // One creation event per recipient (sender and receiver): the 63 replays wrote nothing.
        Assert.Equal(2, await EventsAsync(id, "Engagement Invitation Created"));
        output.WriteLine($"{Duplicates} concurrent idempotent CreateEngagementInvitation calls over 2 instances: " +
            $"{answers.Count(a => a.Status == 200)} answered 200, {ids.Count} distinct Id, {stored} invitation stored");

        // The same token with another body, on either instance: ConflictException, and still one invitation.
        foreach (var instance in cluster.Instances)
        {
            var conflict = await instance.CallAsync("CreateEngagementInvitation",
                Bodies.Invitation(engagement, Receiver.AccountId, token, message: "Another message"), Sender);
            Assert.Equal(409, conflict.Status);
            Assert.Equal("ConflictException", conflict.ErrorType);
        }
        Assert.Equal(1, await Postgres.CountAsync(cluster.ConnectionString, $"SELECT count(*) FROM invitations WHERE engagement_id = '{engagement}'"));
    }

    [Fact]
    public async Task AcceptAndReject_RacingOnTwoInstances_ExactlyOneWinsAndTheStateAgrees()
    {
        const int rounds = 12;
        var (accepted, rejected) = (0, 0);
        for (var round = 0; round < rounds; round++)
        {
            var engagement = await cluster.CreateEngagementAsync(Sender);
            var created = await cluster.Instances[round % 2].CallAsync("CreateEngagementInvitation",
                Bodies.Invitation(engagement, Receiver.AccountId), Sender);
            Assert.True(created.Status == 200, created + "\n" + cluster.Errors());
            var invitation = created.Text("Id");

            // Accept on one instance, reject on the other (swapped every round), released together.
            var answers = await AllAtOnceAsync(2, (i, _) => cluster.Instances[(i + round) % 2].CallAsync(
                i == 0 ? "AcceptEngagementInvitation" : "RejectEngagementInvitation", Bodies.Identify(invitation), Receiver));

            Assert.True(answers.Select(a => a.Status).Order().SequenceEqual([200, 409]),
                string.Join("\n", answers.Select(a => a.ToString())) + "\n" + cluster.Errors());
            var loser = answers.Single(a => a.Status == 409);
            Assert.Equal("ConflictException", loser.ErrorType);
            var acceptWon = answers[0].Status == 200;

            foreach (var instance in cluster.Instances)
            {
                var read = await instance.CallAsync("GetEngagementInvitation", Bodies.Identify(invitation), Sender);
                Assert.Equal(acceptWon ? "ACCEPTED" : "REJECTED", read.Text("Status"));
                var got = await instance.CallAsync("GetEngagement", Bodies.Identify(engagement), Sender);
                Assert.Equal(acceptWon ? 2 : 1, got.Json!["MemberCount"]!.GetValue<int>());
                var members = await instance.CallAsync("ListEngagementMembers", Bodies.Identify(engagement), Sender);
                Assert.Equal(acceptWon ? 2 : 1, members.Json!["EngagementMemberList"]!.AsArray().Count);
            }
            // The outbox agrees: the winner's event was written (to sender and receiver), the loser's never.
            var (won, lost) = acceptWon
                ? ("Engagement Invitation Accepted", "Engagement Invitation Rejected")
                : ("Engagement Invitation Rejected", "Engagement Invitation Accepted");
            Assert.Equal(2, await EventsAsync(invitation, won));
            Assert.Equal(0, await EventsAsync(invitation, lost));
            if (acceptWon)
            {
                accepted++;
            }
            else
            {
                rejected++;
            }
        }
        output.WriteLine($"{rounds} accept/reject races over 2 instances: accept won {accepted}, reject won {rejected}; every loser got 409");
    }

    [Fact]
    public async Task NextToken_FromOneInstance_ContinuesTheListingOnTheOther()
    {
        var owner = cluster.Accounts[11];
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await cluster.CreateEngagementAsync(owner));
        }

        var all = await cluster.Instances[0].CallAsync("ListEngagements", new JsonObject { ["Catalog"] = Cluster.Catalog, ["MaxResults"] = 100 }, owner);
        var expected = all.Json!["EngagementSummaryList"]!.AsArray().Select(e => e!["Id"]!.GetValue<string>()).ToList();
        Assert.Equal(created.Order(), expected.Order());

        var paged = new List<string>();
        string? next = null;
        var page = 0;
        do
        {
            var request = new JsonObject { ["Catalog"] = Cluster.Catalog, ["MaxResults"] = 2 };
            if (next is not null)
            {
                request["NextToken"] = next;
            }
            var answer = await cluster.Instances[page++ % 2].CallAsync("ListEngagements", request, owner);
            Assert.True(answer.Status == 200, answer.ToString());
            paged.AddRange(answer.Json!["EngagementSummaryList"]!.AsArray().Select(e => e!["Id"]!.GetValue<string>()));
            next = answer.Json["NextToken"]?.GetValue<string>();
        }
        while (next is not null);

        Assert.Equal(expected, paged);
        Assert.Equal(4, page);
    }

    [Fact]
    public async Task Invitations_ElevenConcurrentToOneEngagement_NeverExceedTheTenPartnerCap()
    {
        const int rounds = 3;
        var receivers = cluster.Accounts.Skip(1).ToList(); // 11 partners besides the sender
        var (created, refused) = (0, 0);
        for (var round = 0; round < rounds; round++)
        {
            var engagement = await cluster.CreateEngagementAsync(Sender);

            var answers = await AllAtOnceAsync(receivers.Count, (i, instance) =>
                instance.CallAsync("CreateEngagementInvitation", Bodies.Invitation(engagement, receivers[i].AccountId), Sender));

            Assert.All(answers, a => Assert.True(a.Status is 200 or 402, a + "\n" + cluster.Errors()));
            Assert.All(answers.Where(a => a.Status == 402), a => Assert.Equal("ServiceQuotaExceededException", a.ErrorType));
            Assert.Equal(9, answers.Count(a => a.Status == 200)); // the sender plus nine invited partners make ten
            Assert.Equal(2, answers.Count(a => a.Status == 402));
            Assert.Equal(9, await Postgres.CountAsync(cluster.ConnectionString,
                $"SELECT count(*) FROM invitations WHERE engagement_id = '{engagement}' AND status = 'PENDING'"));
            created += answers.Count(a => a.Status == 200);
            refused += answers.Count(a => a.Status == 402);
        }
        output.WriteLine($"{rounds} rounds of {receivers.Count} concurrent invitations to one engagement over 2 instances: " +
            $"{created} created, {refused} refused with ServiceQuotaExceededException (402); never more than 9 pending + 1 member");
    }
}
