using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §2: the real <c>cosell</c> process is SIGKILLed while several clients stream signed creates; after each restart
/// on the same data every acknowledged write is there (readable, and its ClientToken replays the same Id) and nothing
/// half-written is visible.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Kills = 20;
    private const int Clients = 4;

    /// <summary>One create a client sent: its token, body, and the Id if the server acknowledged it.</summary>
    private sealed record Write(string Operation, string Token, JsonObject Body, TestAccount Sender)
    {
        public string? Id { get; set; }
    }

    [Theory]
    [MemberData(nameof(StoreSelection.Stores), MemberType = typeof(StoreSelection))]
    public async Task Serve_TwentySigkillsMidStream_NoAcknowledgedWriteLostNothingHalfWritten(string store)
    {
        using var dir = new TempDirectory();
        var database = await StoreSelection.CreateAsync(store);
        var storeArguments = StoreSelection.ServeArguments(database?.ConnectionString);
        var senders = Accounts.Create(Clients);
        var receiver = Accounts.Create(1, firstId: 820_000_000_001)[0];
        var accountsPath = Path.Combine(dir.Path, "accounts.json");
        Accounts.WriteFile(accountsPath, senders.Append(receiver));
        var data = Path.Combine(dir.Path, "data");
        var random = new Random(Environment.TickCount);

        var acknowledged = new List<Write>();      // every write the server answered 200, over all rounds
        var outputs = new System.Text.StringBuilder();
        var outboxEvents = 0;
        var unanswered = 0;
        var lost = new List<string>();
        var starting = System.Diagnostics.Stopwatch.StartNew();
        var startTime = TimeSpan.Zero;
        var verifyTime = TimeSpan.Zero;
        var server = await ServerProcess.StartAsync(data, accountsPath, storeArguments);
        startTime += starting.Elapsed;
        try
        {
            for (var round = 1; round <= Kills; round++)
            {
                var writes = new ConcurrentQueue<Write>();
                var killAfter = random.Next(3, 30);
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var acked = 0;
                using var client = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30));
                var loops = senders.Select(sender => Task.Run(async () =>
                {
                    while (true)
                    {
                        var engagement = await TryWriteAsync(client, writes, "CreateEngagement", sender, token => Bodies.Engagement(title: "k-" + token[..32], token: token));
                        if (engagement?.Id is null)
                        {
                            return;
                        }
                        if (Interlocked.Increment(ref acked) >= killAfter)
                        {
                            enough.TrySetResult();
                        }
                        var invitation = await TryWriteAsync(client, writes, "CreateEngagementInvitation", sender,
                            token => Bodies.Invitation(engagement.Id, receiver.AccountId, token: token));
                        if (invitation?.Id is null)
                        {
                            return;
                        }
                        Interlocked.Increment(ref acked);
                    }
                })).ToList();

                await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
                server.Kill(); // SIGKILL while the four clients are mid-request
                await Task.WhenAll(loops);
                Assert.DoesNotContain(writes, w => w.Id == "5xx");

                outputs.Append(server.Output);
                server.Dispose();
                starting.Restart();
                server = await ServerProcess.StartAsync(data, accountsPath, storeArguments); // the killed server's folder lock went with it
                startTime += starting.Elapsed;
                var verifying = System.Diagnostics.Stopwatch.StartNew();
                using var verifier = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow);

                foreach (var write in writes.Where(w => w.Id is not null))
                {
                    acknowledged.Add(write);
                    if (await UnreadableAsync(verifier, write) is { } failure)
                    {
                        lost.Add($"round {round}: {write.Operation} {write.Id} (token {write.Token}) not readable after restart: {failure}");
                    }
                }
                // Each write's token must replay its Id; an unanswered write is settled by its replay (first or new).
                foreach (var write in writes)
                {
                    var replay = await verifier.CallAsync(write.Operation, write.Body, write.Sender);
                    if (write.Id is null)
                    {
                        unanswered++;
                        if (replay.Status == 200)
                        {
                            write.Id = (string)replay.Json!["Id"]!;
                            acknowledged.Add(write);
                        }
                        else
                        {
                            // Only an invitation whose engagement was never acknowledged may fail its replay.
                            Assert.True(write.Operation == "CreateEngagementInvitation", $"replay of unanswered {write.Operation}: {replay}");
                        }
                        continue;
                    }
                    if (replay.Status != 200 || (string?)replay.Json!["Id"] != write.Id)
                    {
                        lost.Add($"round {round}: {write.Operation} token {write.Token} replayed {replay} instead of {write.Id}");
                    }
                }
                outboxEvents = await AssertConsistentAsync(verifier, senders, receiver, acknowledged);
                verifyTime += verifying.Elapsed;
            }

            // Finally every write acknowledged in any round is still there.
            using var final = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow);
            foreach (var write in acknowledged)
            {
                if (await UnreadableAsync(final, write) is { } failure)
                {
                    lost.Add($"end: {write.Operation} {write.Id} not readable: {failure}");
                }
            }
        }
        finally
        {
            outputs.Append(server.Output);
            server.Dispose();
            await StoreSelection.DropAsync(database);
        }
        Assert.DoesNotContain(senders.Append(receiver), a => outputs.ToString().Contains(a.SecretAccessKey, StringComparison.Ordinal));

        Figures.Report(output, $"[{store}] Crash safety: {Kills} SIGKILLs, {acknowledged.Count} writes acknowledged or settled ({unanswered} unanswered at a kill) -> {lost.Count} acknowledged writes lost; {outboxEvents} creation events in the outbox, one per acknowledged write and participant (restarts took {startTime.TotalSeconds:0.0} s, verification {verifyTime.TotalSeconds:0.0} s)");
        Assert.True(lost.Count == 0, string.Join("\n", lost));
    }

    /// <summary>Sends one create; records it; null Id = the server did not answer (it died).</summary>
    private static async Task<Write?> TryWriteAsync(ApiClient client, ConcurrentQueue<Write> writes, string operation, TestAccount sender,
        Func<string, JsonObject> body)
    {
        var token = Guid.NewGuid().ToString("N");
        var write = new Write(operation, token, body(token), sender);
        writes.Enqueue(write);
        try
        {
            var response = await client.CallAsync(operation, write.Body, sender);
            if (response.Status == 200)
            {
                write.Id = (string)response.Json!["Id"]!;
                return write;
            }
            if (response.Status >= 500)
            {
                write.Id = "5xx"; // fails the round: a dying server must not answer 5xx to a completed request
            }
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Null when the write reads back; otherwise what the read answered.</summary>
    private static async Task<string?> UnreadableAsync(ApiClient client, Write write)
    {
        var operation = write.Operation == "CreateEngagement" ? "GetEngagement" : "GetEngagementInvitation";
        var response = await client.CallAsync(operation, Bodies.Identify(write.Id!), write.Sender);
        return response.Status == 200 && (string?)response.Json!["Id"] == write.Id ? null : $"{operation}: {response}";
    }

    /// <summary>
    /// What the lists show is exactly what was acknowledged or settled: no lost rows, no phantom ones, every invitation's
    /// engagement present, and the receiver sees the same invitations the senders do.
    /// </summary>
    private static async Task<int> AssertConsistentAsync(ApiClient client, IReadOnlyList<TestAccount> senders, TestAccount receiver,
        List<Write> acknowledged)
    {
        var eventsChecked = 0;
        var allInvitations = new List<string>();
        foreach (var sender in senders)
        {
            var engagements = (await Bodies.ListAllAsync(client, "ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" },
                "EngagementSummaryList", sender)).Select(e => (string)e["Id"]!).Order().ToList();
            var expectedEngagements = acknowledged.Where(w => w.Sender == sender && w.Operation == "CreateEngagement")
                .Select(w => w.Id!).Order().ToList();
            Assert.Equal(expectedEngagements, engagements);

            var invitations = await Bodies.ListAllAsync(client, "ListEngagementInvitations", new JsonObject
            {
                ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER",
            }, "EngagementInvitationSummaries", sender);
            var expectedInvitations = acknowledged.Where(w => w.Sender == sender && w.Operation == "CreateEngagementInvitation")
                .Select(w => w.Id!).Order().ToList();
            Assert.Equal(expectedInvitations, invitations.Select(i => (string)i["Id"]!).Order().ToList());
            foreach (var invitation in invitations)
            {
                Assert.Contains((string)invitation["EngagementId"]!, engagements);
            }
            allInvitations.AddRange(expectedInvitations);
        }
        var received = await Bodies.ListAllAsync(client, "ListEngagementInvitations", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER",
        }, "EngagementInvitationSummaries", receiver);
        Assert.Equal(allInvitations.Order().ToList(), received.Select(i => (string)i["Id"]!).Order().ToList());

        // The outbox, written in the same transaction: exactly one creation event per acknowledged resource and participant,
        // and none for anything else.
        foreach (var account in senders.Append(receiver))
        {
            var events = await EventFeed.ReadAllAsync(client, account, DateTimeOffset.UtcNow);
            if (events is null)
            {
                return 0; // a build without the event feed
            }
            var created = events.Where(e => (string?)e["detail-type"] is "Engagement Created" or "Engagement Invitation Created")
                .Select(e => (string)e["resources"]![0]!).Order(StringComparer.Ordinal).ToList();
            var expected = acknowledged
                .Where(w => w.Sender == account || (w.Operation == "CreateEngagementInvitation" && account == receiver))
                .Select(w => w.Operation == "CreateEngagement" ? Arn("engagement", w.Id!) : Arn("engagement-invitation", w.Id!))
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, created);
            eventsChecked += created.Count;
        }
        return eventsChecked;
    }

    private static string Arn(string type, string id) => $"arn:aws:partnercentral:us-east-1::catalog/Sandbox/{type}/{id}";
}
