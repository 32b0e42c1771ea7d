using System.Text;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §1: identical ClientToken requests arriving together are handled exactly once, and an invitation answered
/// twice at once has one winner. Runs on SQLite, and on PostgreSQL when COSELL_TEST_POSTGRES is set.
/// </summary>
public sealed class IdempotencyConcurrencyTests(ITestOutputHelper output)
{
    private const int Callers = 64;

    /// <summary>Sends the same signed body <see cref="Callers"/> times at once (connections opened beforehand).</summary>
    private static async Task<ApiResponse[]> AllAtOnceAsync(InProcessServer server, string operation, JsonNode body, TestAccount caller)
    {
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => server.Client.Http.GetAsync("/_cosell/health")));
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Callers).Select(async _ =>
        {
            await gate.Task;
            return await server.Client.SendAsync(operation, bytes, caller, null);
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(calls);
    }

    [Theory]
    [MemberData(nameof(StoreSelection.Stores), MemberType = typeof(StoreSelection))]
    public async Task CreateEngagementInvitation_64ConcurrentIdentical_OneInvitationOneId(string store)
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 2, Store = store });
        var (a, b) = (server.Accounts[0], server.Accounts[1]);
        var engagement = (string)(await Bodies.OkAsync(server.Client, "CreateEngagement", Bodies.Engagement(), a))["Id"]!;

        var responses = await AllAtOnceAsync(server, "CreateEngagementInvitation", Bodies.Invitation(engagement, b.AccountId), a);

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        var ids = responses.Select(r => (string)r.Json!["Id"]!).Distinct().ToList();
        var sent = await Bodies.ListAllAsync(server.Client, "ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = new JsonArray(engagement),
        }, "EngagementInvitationSummaries", a);
        var received = await Bodies.ListAllAsync(server.Client, "ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER",
        }, "EngagementInvitationSummaries", b);
        Figures.Report(output, $"[{store}] CreateEngagementInvitation: {Callers} concurrent duplicates tried -> {sent.Count} invitation(s) created, {ids.Count} distinct Id(s) answered");
        Assert.Single(ids);
        Assert.Equal(ids, sent.Select(i => (string)i["Id"]!));
        Assert.Equal(ids, received.Select(i => (string)i["Id"]!));
    }

    [Theory]
    [MemberData(nameof(StoreSelection.Stores), MemberType = typeof(StoreSelection))]
    public async Task CreateEngagement_64ConcurrentIdentical_OneEngagementOneId(string store)
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1, Store = store });
        var a = server.Accounts[0];

        var responses = await AllAtOnceAsync(server, "CreateEngagement", Bodies.Engagement(), a);

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        var ids = responses.Select(r => (string)r.Json!["Id"]!).Distinct().ToList();
        var listed = await Bodies.ListAllAsync(server.Client, "ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" },
            "EngagementSummaryList", a);
        Figures.Report(output, $"[{store}] CreateEngagement: {Callers} concurrent duplicates tried -> {listed.Count} engagement(s) created, {ids.Count} distinct Id(s) answered");
        Assert.Single(ids);
        Assert.Equal(ids, listed.Select(e => (string)e["Id"]!));
    }

    /// <summary>
    /// Every implemented operation with an idempotency token, aimed at fresh resources of a fresh caller: all 64 callers get
    /// the same outcome, and when it is a success the same resource identity.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreSelection.Stores), MemberType = typeof(StoreSelection))]
    public async Task EveryClientTokenOperation_64ConcurrentIdentical_SameOutcomeForAll(string store)
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 3, Store = store });
        var tokenOperations = server.Implemented.Where(o => o.IdempotencyTokenMember is not null).Select(o => o.Name).ToList();
        var names = server.Implemented.Select(o => o.Name).ToList();
        var succeeded = new List<string>();
        var (owner, peer) = (server.Accounts[0], server.Accounts[1]);
        foreach (var operation in tokenOperations)
        {
            // Each candidate body (captured, minimal, full) is raced against fresh resources until one succeeds; every
            // race, successful or not, must give all 64 callers the same outcome.
            for (var candidate = 0; ; candidate++)
            {
                var mine = await Resources.CreateAsync(server.Client, names, owner, peer);
                var theirs = await Resources.CreateAsync(server.Client, [], peer, owner);
                var substitutions = mine.Substitutions();
                substitutions["AwsAccount"] = server.Accounts[2].AccountId; // the peer already holds an invitation to this engagement
                // An invitation is answered by its receiver: aim invitation members at the one the peer sent to the caller.
                foreach (var (shape, _) in substitutions.Where(kv => Resources.KindOf(kv.Key) == "invitation").ToList())
                {
                    substitutions[shape] = theirs.First("invitation")!;
                }
                var seeds = new SeedBodies(substitutions);
                var candidates = seeds.Captured(operation).Append(seeds.Minimal(operation)).Append(seeds.Full(operation)).ToList();
                if (candidate >= candidates.Count)
                {
                    break;
                }
                var body = candidates[candidate];

                var responses = await AllAtOnceAsync(server, operation, body, owner);

                var outcomes = responses.Select(r => r.Status == 200 ? "200 " + Identity(r) : $"{r.Status} {r.ErrorType}").Distinct().ToList();
                Assert.True(outcomes.Count == 1, $"{operation}: {Callers} identical calls got different outcomes: {string.Join(" | ", outcomes)}\nBody: {body.ToJsonString()}");
                if (responses[0].Status == 200)
                {
                    succeeded.Add(operation);
                    break;
                }
                ProtocolErrors.Assert(responses[0], responses[0].Status);
            }
        }
        Figures.Report(output, $"[{store}] ClientToken operations raced ({Callers} identical calls each): {string.Join(", ", tokenOperations)}; succeeded once for all callers: {string.Join(", ", succeeded)}");
        Assert.Contains("CreateEngagement", succeeded);
        Assert.Contains("CreateEngagementInvitation", succeeded);
    }

    /// <summary>
    /// The identity of what a success answer names: its Id/Arn/TaskId/TaskArn/ContextId (a task's other members may fill in
    /// as it runs, so a replay need not repeat them); the whole body when it has none of these.
    /// </summary>
    private static string Identity(ApiResponse response)
    {
        if (response.Json is not JsonObject body)
        {
            return response.Body;
        }
        var ids = new[] { "Id", "Arn", "TaskId", "TaskArn", "ContextId" }
            .Where(name => body[name] is JsonValue).Select(name => $"{name}={(string?)body[name]}").ToList();
        return ids.Count > 0 ? string.Join(",", ids) : response.Body;
    }

    [Theory]
    [MemberData(nameof(StoreSelection.Stores), MemberType = typeof(StoreSelection))]
    public async Task AcceptAndReject_64Concurrent_OneWinnerEveryOtherConflict(string store)
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 2, Store = store });
        var (a, b) = (server.Accounts[0], server.Accounts[1]);
        var engagement = (string)(await Bodies.OkAsync(server.Client, "CreateEngagement", Bodies.Engagement(), a))["Id"]!;
        var invitation = (string)(await Bodies.OkAsync(server.Client, "CreateEngagementInvitation",
            Bodies.Invitation(engagement, b.AccountId), a))["Id"]!;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => server.Client.Http.GetAsync("/_cosell/health")));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Callers).Select(async i =>
        {
            await gate.Task;
            var operation = i % 2 == 0 ? "AcceptEngagementInvitation" : "RejectEngagementInvitation";
            var body = Bodies.Identify(invitation);
            if (operation == "RejectEngagementInvitation")
            {
                body["RejectionReason"] = "Customer has insufficient AWS knowledge";
            }
            return (operation, response: await server.Client.CallAsync(operation, body, b));
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(calls);

        var winners = results.Where(r => r.response.Status == 200).ToList();
        Figures.Report(output, $"[{store}] Accept/Reject race: {Callers} concurrent answers -> {winners.Count} winner(s), {results.Count(r => r.response.ErrorType == "ConflictException")} ConflictException");
        Assert.Single(winners);
        Assert.All(results.Where(r => r.response.Status != 200), r => ProtocolErrors.Assert(r.response, 409, "ConflictException"));
        var status = (string?)(await Bodies.OkAsync(server.Client, "GetEngagementInvitation", Bodies.Identify(invitation), a))["Status"];
        var members = (int?)(await Bodies.OkAsync(server.Client, "GetEngagement", Bodies.Identify(engagement), a))["MemberCount"];
        var expected = winners[0].operation == "AcceptEngagementInvitation" ? ("ACCEPTED", 2) : ("REJECTED", 1);
        Assert.Equal(expected, (status, members ?? -1));
    }
}
