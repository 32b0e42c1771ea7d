using System.Text.Json.Nodes;
using Cosell.Model.Smithy;
using Cosell.Protocol.Pipeline;
using Cosell.Robustness.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §4: request logging (Debug: one line per request; Trace: the body) never shows a value of a member the model
/// marks <c>@sensitive</c>, nor of a member it does not know, whatever the operation and whatever the answer.
/// </summary>
public sealed class LogRedactionTests(ITestOutputHelper output)
{
    /// <summary>
    /// Puts a unique marker into every string of every operation's full request whose member or shape (or an enclosing
    /// one) is sensitive, plus an unknown member; sends them all; no marker may reach the log, and the logged bodies must
    /// still show the operation's non-sensitive values.
    /// </summary>
    [Fact]
    public async Task EveryOperation_SensitiveAndUnknownMembersMarked_MarkersNeverLoggedOtherValuesAre()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 2 });
        var caller = server.Accounts[0];
        var seeds = new SeedBodies(new Dictionary<string, string> { ["AwsAccount"] = server.Accounts[1].AccountId });
        var markers = new List<string>();
        var plain = new List<string>();
        foreach (var operation in InProcessServer.AllOperations.Select(o => o.Name))
        {
            var body = seeds.Full(operation);
            var plainMarker = $"Plain{operation}Value";
            Mark(body, SeedBodies.InputShape(operation), sensitive: false, markers, plain, plainMarker);
            body[$"UnknownMember{operation}"] = $"unknown-marker-{operation}";
            markers.Add($"unknown-marker-{operation}");
            await server.Client.CallAsync(operation, body, caller);
        }

        // The server logs a request after its answer has gone out, so the last lines may still be on their way: wait for
        // every plain value (a bounded wait, not a fixed delay; a value that never comes fails the assertion below).
        var log = server.Logs.All;
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!plain.All(p => log.Contains(p, StringComparison.Ordinal)) && !limit.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
                log = server.Logs.All;
            }
        }
        var leaked = markers.Where(m => log.Contains(m, StringComparison.Ordinal)).ToList();
        var shown = plain.Count(p => log.Contains(p, StringComparison.Ordinal));
        Figures.Report(output, $"Log redaction: {markers.Count} sensitive/unknown values sent over {InProcessServer.AllOperations.Count} operations -> {leaked.Count} logged; {shown}/{plain.Count} plain values logged");
        Assert.True(leaked.Count == 0, "logged sensitive values: " + string.Join(", ", leaked.Take(20)));
        Assert.True(markers.Count > 50, "the model's sensitive members were not found");
        Assert.True(plain.Count > 0 && shown == plain.Count, $"only {shown} of {plain.Count} non-sensitive values reached the log; is Trace body logging on?");
        Assert.Contains(SensitiveRedactor.Redacted, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebhookThatCannotBeReached_EachFailedDeliveryLogged_WithoutTheUrlsQueryOrUserInfo()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var url = "http://hook-user:hook-password@127.0.0.1:1/cosell-hook?token=hook-secret";
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1, Webhooks = new Dictionary<int, string> { [0] = url } });

        await server.Client.CallAsync("CreateEngagement",
            new JsonObject { ["Catalog"] = "Sandbox", ["ClientToken"] = Guid.NewGuid().ToString(), ["Title"] = "Hook", ["Description"] = "d" },
            server.Accounts[0]);

        var log = server.Logs.All;
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!log.Contains("127.0.0.1:1/cosell-hook", StringComparison.Ordinal) && !limit.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
                log = server.Logs.All;
            }
        }
        var line = server.Logs.Lines.FirstOrDefault(l => l.Contains("127.0.0.1:1/cosell-hook", StringComparison.Ordinal));
        Assert.True(line is not null, "no log line names the webhook that failed:\n" + log);
        Assert.StartsWith("Warning", line);
        Assert.Contains(server.Accounts[0].AccountId, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-password", log, StringComparison.Ordinal);
    }

    /// <summary>Replaces every sensitive string by a marker; sets the first plain string member found to <paramref name="plainMarker"/>.</summary>
    private static void Mark(JsonNode node, string shapeId, bool sensitive, List<string> markers, List<string> plain, string plainMarker)
    {
        Shape shape;
        try
        {
            shape = SeedBodies.Graph.Get(shapeId);
        }
        catch (KeyNotFoundException)
        {
            return;
        }
        sensitive |= shape.Sensitive;
        switch (node)
        {
            case JsonObject obj when shape.Kind is ShapeKind.Structure or ShapeKind.Union:
                foreach (var member in shape.Members)
                {
                    if (obj[member.Name] is not { } child)
                    {
                        continue;
                    }
                    if (child is JsonValue && IsString(member.Target))
                    {
                        if (sensitive || member.Sensitive || SeedBodies.Graph.Get(member.Target).Sensitive)
                        {
                            var marker = $"sensitive-marker-{markers.Count}";
                            markers.Add(marker);
                            obj[member.Name] = marker;
                        }
                        else if (!plain.Contains(plainMarker) && member.Name is not ("Catalog" or "ClientToken")
                                 && SeedBodies.Graph.Get(member.Target) is { Kind: ShapeKind.String, Constraints.Pattern: null })
                        {
                            plain.Add(plainMarker);
                            obj[member.Name] = plainMarker;
                        }
                        continue;
                    }
                    Mark(child, member.Target, sensitive || member.Sensitive, markers, plain, plainMarker);
                }
                break;
            case JsonArray array when shape.ListMember is { } element:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue && IsString(element) && (sensitive || SeedBodies.Graph.Get(element).Sensitive))
                    {
                        var marker = $"sensitive-marker-{markers.Count}";
                        markers.Add(marker);
                        array[i] = marker;
                    }
                    else if (array[i] is { } item)
                    {
                        Mark(item, element, sensitive, markers, plain, plainMarker);
                    }
                }
                break;
        }
    }

    private static bool IsString(string shapeId)
    {
        try
        {
            return SeedBodies.Graph.Get(shapeId).Kind is ShapeKind.String or ShapeKind.Enum;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }

    [Fact]
    public void SensitiveRedactor_InvitationBody_RedactsSensitiveKeepsTheRest()
    {
        var body = Bodies.Invitation("eng-abcdefgh123456", "123456789012", message: "please keep this private");

        var logged = SensitiveRedactor.Redact(ShapeGraph.Instance, SeedBodies.InputShape("CreateEngagementInvitation"),
            System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));

        var json = JsonNode.Parse(logged)!;
        Assert.Equal("eng-abcdefgh123456", (string?)json["EngagementIdentifier"]);
        Assert.Equal(SensitiveRedactor.Redacted, (string?)json["Invitation"]!["Message"]);
        Assert.Equal(SensitiveRedactor.Redacted, (string?)json["Invitation"]!["Receiver"]!["Account"]!["AwsAccountId"]);
        var customer = json["Invitation"]!["Payload"]!["OpportunityInvitation"]!["Customer"]!;
        Assert.Equal(SensitiveRedactor.Redacted, (string?)customer["CompanyName"]);
        Assert.Equal("Software and Internet", (string?)customer["Industry"]);
        Assert.DoesNotContain("please keep this private", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@example.com", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("+14155550100", logged, StringComparison.Ordinal);
    }
}
