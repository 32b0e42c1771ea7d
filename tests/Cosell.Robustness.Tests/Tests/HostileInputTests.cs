using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Model;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §3: generated hostile requests (CsCheck) against every operation, signed so they reach parsing and validation.
/// Every answer is a 4xx in the awsJson1_0 error form (or a 200 that fits the output shape, or the 501 of an operation
/// without a handler); never another 5xx; the server still answers afterwards; and the fuzzing account's state changed
/// only through the requests it accepted. Set COSELL_FUZZ_SEED to replay a run, COSELL_FUZZ_REQUESTS to change its size.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const int DefaultRequests = 10_000;
    private const int Concurrency = 8;

    /// <summary>What one hostile request got.</summary>
    private sealed record Exchange(FuzzCase Case, string Operation, byte[] Body, int Status, string? ErrorType, string ResponseBody);

    [Fact]
    public async Task EveryOperation_TenThousandHostileRequests_Only4xxInProtocolFormAndNoStateChangeWhenRejected()
    {
        var seed = Environment.GetEnvironmentVariable("COSELL_FUZZ_SEED") is { Length: > 0 } s
            ? s : new PCG((uint)Random.Shared.Next(), (ulong)Random.Shared.NextInt64()).ToString();
        var count = int.TryParse(Environment.GetEnvironmentVariable("COSELL_FUZZ_REQUESTS"), out var n) ? n : DefaultRequests;
        var replay = $"replay with COSELL_FUZZ_SEED={seed} COSELL_FUZZ_REQUESTS={count}";

        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 3 });
        var (fuzzer, peer, third) = (server.Accounts[0], server.Accounts[1], server.Accounts[2]);
        var implemented = server.Implemented.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var mine = await Resources.CreateAsync(server.Client, implemented, fuzzer, peer);
        var theirs = await Resources.CreateAsync(server.Client, [], peer, fuzzer);
        var substitutions = mine.Substitutions();
        foreach (var shape in substitutions.Keys.Where(k => Resources.KindOf(k) == "invitation").ToList())
        {
            substitutions[shape] = theirs.First("invitation")!; // the fuzzer may answer the invitation it received
        }
        substitutions["AwsAccount"] = third.AccountId;
        var seeds = new SeedBodies(substitutions);
        var operations = InProcessServer.AllOperations.Select(o => o.Name).ToList();
        var seedBodies = operations.ToDictionary(o => o,
            o => seeds.Captured(o).Prepend(seeds.Full(o)).Prepend(seeds.Minimal(o)).ToList(), StringComparer.Ordinal);

        var before = await SnapshotAsync(server.Client, fuzzer);

        // The whole run is one deterministic sequence drawn from the seed, so any failure replays exactly.
        var operationGen = Gen.Frequency(operations.Select(o => (implemented.Contains(o) ? 4 : 1, o)).ToArray());
        var mutationGen = Mutation.Gen(operations);
        var caseGen = Gen.Select(operationGen, Gen.Int[0, 9], Gen.Frequency((6, 1), (3, 2), (1, 3))
            .SelectMany(k => mutationGen.Array[k]), (op, seedIndex, mutations) => (op, seedIndex, mutations));
        var pcg = PCG.Parse(seed);
        var cases = Enumerable.Range(0, count).Select(i =>
        {
            var (op, seedIndex, mutations) = caseGen.Generate(pcg, null, out _);
            return new FuzzCase(i, op, seedIndex, mutations);
        }).ToList();

        var failures = new ConcurrentQueue<string>();
        var accepted = new ConcurrentQueue<Exchange>();
        var statuses = new ConcurrentDictionary<string, int>();
        var fiveHundreds = 0;
        var notImplemented = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (fuzz, ct) =>
        {
            FuzzRequest request;
            try
            {
                request = Build(fuzz, seedBodies);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                failures.Enqueue($"{fuzz}: the test could not build the request: {e}");
                return;
            }
            var effective = EffectiveOperation(request);
            ApiResponse? response;
            try
            {
                response = await SendAsync(server.Client, request, fuzzer);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                response = null;
                // A client that ends its side of the connection in the middle of a body has left; nobody is there to answer.
                if (request.Framing is not (Framing.MissingLastChunk or Framing.ShortContentLength))
                {
                    failures.Enqueue($"{fuzz}: no answer ({e.GetType().Name}: {e.Message})");
                }
            }
            if (response is null)
            {
                statuses.AddOrUpdate("none", 1, (_, c) => c + 1);
                return;
            }
            statuses.AddOrUpdate($"{response.Status} {response.ErrorType}", 1, (_, c) => c + 1);
            if (response.Status == 200)
            {
                var violations = effective is null ? ["200 for a request naming no operation"] : ModelShapes.Violations(effective, response.Body);
                if (violations.Count > 0)
                {
                    failures.Enqueue($"{fuzz}: 200 off its output shape: {string.Join("; ", violations)}");
                }
                accepted.Enqueue(new Exchange(fuzz, effective ?? "?", request.Serialize(), 200, null, response.Body));
                return;
            }
            if (response.Status == 501 && response.ErrorType == "NotImplementedException" && effective is not null && !implemented.Contains(effective))
            {
                Interlocked.Increment(ref notImplemented);
            }
            else if (response.Status >= 500)
            {
                Interlocked.Increment(ref fiveHundreds);
                failures.Enqueue($"{fuzz}: 5xx {response}");
                return;
            }
            else if (response.Status is < 400 or > 499)
            {
                failures.Enqueue($"{fuzz}: status {response.Status} is not a 4xx: {response}");
                return;
            }
            if (ProtocolErrors.Problem(response, request.Shape.Path) is { } problem)
            {
                failures.Enqueue($"{fuzz}: {problem}: {response}");
            }
        });

        // The server still answers, and nothing changed that an accepted request does not explain.
        var health = await server.Client.Http.GetAsync("/_cosell/health");
        Assert.True(health.IsSuccessStatusCode, $"health after the run: {health.StatusCode} ({replay})");
        await Bodies.OkAsync(server.Client, "GetEngagement", Bodies.Identify(mine.First("engagement")!), fuzzer);
        var after = await SnapshotAsync(server.Client, fuzzer);
        var unexplained = Unexplained(before, after, accepted.ToList());
        var errors = server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();

        Figures.Report(output, $"Hostile input: {count} generated requests sent (seed {seed}) -> {fiveHundreds} 5xx seen " +
            $"({notImplemented} NotImplementedException 501s from operations without a handler, not counted); {accepted.Count} accepted; " +
            $"{failures.Count} failures; {unexplained.Count} unexplained state changes");
        output.WriteLine(string.Join("\n", statuses.OrderByDescending(kv => kv.Value).Select(kv => $"  {kv.Value,6}  {kv.Key}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers ({replay}); first ones:\n"
            + string.Join("\n", failures.OrderBy(f => f.Contains(": 5xx ", StringComparison.Ordinal) ? 0 : 1).Take(15)));
        Assert.True(unexplained.Count == 0, $"state changed without an accepted request ({replay}):\n" + string.Join("\n", unexplained.Take(20)));
        Assert.True(errors.Count == 0, $"the server logged errors ({replay}):\n" + string.Join("\n", errors.Take(5)));
    }

    private static FuzzRequest Build(FuzzCase fuzz, Dictionary<string, List<JsonObject>> seedBodies)
    {
        var seeds = seedBodies[fuzz.Operation];
        var body = seeds[fuzz.Seed % seeds.Count].DeepClone().AsObject();
        if (SeedBodies.Graph.TryGetOperation(fuzz.Operation, out var op) && op.IdempotencyTokenMember is { } token && body[token] is not null)
        {
            body[token] = Guid.NewGuid().ToString(); // each request its own token, so valid ones act instead of replaying
        }
        var request = new FuzzRequest(fuzz.Operation, body);
        foreach (var mutation in fuzz.Mutations)
        {
            mutation.Apply(request);
        }
        return request;
    }

    /// <summary>The operation the server will route to (the target or path may have been changed), or null for none.</summary>
    private static string? EffectiveOperation(FuzzRequest request)
    {
        var shape = request.Shape;
        if (shape.Path != "/")
        {
            var name = shape.Path[1..];
            return shape.Method == "POST" && OperationTable.All.ContainsKey(name) ? name : null;
        }
        var target = shape.Target ?? ApiClient.TargetPrefix + request.Operation;
        if (target == RequestShape.NoTarget)
        {
            // An extra X-Amz-Target header, signed or not, then names the operation alone (SigV4 checks only the
            // headers a request signs, as AWS does).
            var extra = (shape.SignedHeaders ?? new Dictionary<string, string>())
                .Concat(shape.UnsignedHeaders ?? [])
                .Where(h => string.Equals(h.Key, "X-Amz-Target", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Value).ToList();
            target = extra.Count == 1 ? extra[0] : RequestShape.NoTarget;
        }
        target = target.Trim(' ', '\t'); // header values lose surrounding whitespace on the wire
        return target.StartsWith(ApiClient.TargetPrefix, StringComparison.Ordinal)
            && OperationTable.All.ContainsKey(target[ApiClient.TargetPrefix.Length..]) ? target[ApiClient.TargetPrefix.Length..] : null;
    }

    private static async Task<ApiResponse?> SendAsync(ApiClient client, FuzzRequest request, TestAccount caller)
    {
        var body = request.Serialize();
        if (request.Framing is not { } framing)
        {
            return await client.SendAsync(request.Operation, body, caller, request.Shape);
        }
        var chunked = framing != Framing.ShortContentLength;
        var head = RawHttp.Head(client, request.Operation, body, caller, request.Shape, chunked);
        var payload = framing switch
        {
            Framing.ValidChunks => Chunks(body, "", last: true),
            Framing.BadChunkSize => [.. "zz\r\n"u8, .. body, .. "\r\n0\r\n\r\n"u8],
            Framing.HugeChunkSize => [.. "FFFFFFFFFFFFFFFF\r\n"u8, .. body],
            Framing.ChunkExtensionGarbage => Chunks(body, ";\u0001=\"\u007f", last: true),
            Framing.MissingLastChunk => Chunks(body, "", last: false),
            _ => body[..(body.Length / 2)],
        };
        // Only a truncated body ends the client's side of the connection; the server must answer everything else.
        var response = await RawHttp.ExchangeAsync(client.BaseAddress, [.. head, .. payload],
            halfClose: framing is Framing.MissingLastChunk or Framing.ShortContentLength);
        return response?.ToApiResponse() ?? throw new IOException($"the server closed the connection without an answer ({framing})");
    }

    private static byte[] Chunks(byte[] body, string extension, bool last)
    {
        var result = new List<byte>();
        for (var i = 0; i < body.Length; i += 7)
        {
            var chunk = body.AsSpan(i, Math.Min(7, body.Length - i));
            result.AddRange(Encoding.Latin1.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + extension + "\r\n"));
            result.AddRange(chunk);
            result.AddRange("\r\n"u8);
        }
        if (last)
        {
            result.AddRange("0\r\n\r\n"u8);
        }
        return [.. result];
    }

    /// <summary>The fuzzing account's engagements and invitations (both directions) with their status.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(ApiClient client, TestAccount account)
    {
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var catalog in new[] { "Sandbox", "AWS" })
        {
            foreach (var e in await Bodies.ListAllAsync(client, "ListEngagements", new JsonObject { ["Catalog"] = catalog }, "EngagementSummaryList", account))
            {
                state["engagement " + (string)e["Id"]!] = (string?)e["MemberCount"]?.ToJsonString() ?? "";
            }
            foreach (var participant in new[] { "SENDER", "RECEIVER" })
            {
                foreach (var i in await Bodies.ListAllAsync(client, "ListEngagementInvitations", new JsonObject
                {
                    ["Catalog"] = catalog, ["ParticipantType"] = participant,
                }, "EngagementInvitationSummaries", account))
                {
                    state["invitation " + (string)i["Id"]!] = $"{(string?)i["Status"]} of {(string?)i["EngagementId"]}";
                }
            }
        }
        return state;
    }

    /// <summary>
    /// Entries added or changed between the snapshots that no accepted request mentions (by the resource's id, or for an
    /// invitation by its engagement's id, and for an engagement by the id of an invitation to it).
    /// </summary>
    private static List<string> Unexplained(Dictionary<string, string> before, Dictionary<string, string> after, List<Exchange> accepted)
    {
        var mentions = accepted
            .Where(a => SeedBodies.Graph.TryGetOperation(a.Operation, out var op) && !op.ReadOnly)
            .Select(a => Encoding.UTF8.GetString(a.Body) + "\n" + a.ResponseBody).ToList();
        bool Mentioned(string id) => mentions.Any(m => m.Contains(id, StringComparison.Ordinal));
        var changed = new List<string>();
        foreach (var (key, value) in after)
        {
            if (before.TryGetValue(key, out var old) && old == value)
            {
                continue;
            }
            var id = key.Split(' ')[1];
            var related = key.StartsWith("invitation", StringComparison.Ordinal)
                ? [value.Split(' ')[^1]]
                : after.Where(kv => kv.Key.StartsWith("invitation", StringComparison.Ordinal) && kv.Value.EndsWith(id, StringComparison.Ordinal))
                    .Select(kv => kv.Key.Split(' ')[1]).ToList();
            if (!Mentioned(id) && !related.Any(Mentioned))
            {
                changed.Add($"{key}: {old ?? "(absent)"} -> {value}");
            }
        }
        changed.AddRange(before.Keys.Where(k => !after.ContainsKey(k)).Select(k => $"{k}: vanished"));
        return changed;
    }
}
