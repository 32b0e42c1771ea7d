using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cosell.Model.Smithy;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §5: an account probes every implemented operation with the ids and ARNs of resources other accounts own or
/// share (and an owner probes with its own ids in the other catalog). Every answer is ResourceNotFound/AccessDenied (a
/// ValidationException only where the value cannot be that member's at all, e.g. an ARN of the other catalog), a read
/// that answers 200 shows nothing of theirs, a write never succeeds, and no message names their accounts or companies.
/// </summary>
public sealed class IsolationTests(ITestOutputHelper output)
{
    private static readonly string[] Catalogs = ["Sandbox", "AWS"];

    private sealed record Victim(string Kind, string Value, bool IsArn, string Catalog);

    [Fact]
    public async Task EveryOperation_OutsiderProbesOthersIdsAndArns_NotFoundOrDeniedNothingRevealed()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 5 });
        var (owner, member, rejecter, outsider, outsiderPeer) =
            (server.Accounts[0], server.Accounts[1], server.Accounts[2], server.Accounts[3], server.Accounts[4]);
        var implemented = server.Implemented;
        var names = implemented.Select(o => o.Name).ToList();

        // The victims' world, in both catalogs: owned, shared (accepted), pending and rejected invitations.
        var victims = new List<Victim>();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var ownerValues = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var ownerResources = new Dictionary<string, Resources>(StringComparer.Ordinal);
        foreach (var catalog in Catalogs)
        {
            var title = titles[catalog] = $"Secret plan {catalog} {Guid.NewGuid().ToString("N")[..8]}";
            var owned = await Resources.CreateAsync(server.Client, names, owner, member, catalog, title);
            await Bodies.OkAsync(server.Client, "AcceptEngagementInvitation", Bodies.Identify(owned.First("invitation")!, catalog), member);
            var second = await Bodies.OkAsync(server.Client, "CreateEngagement", Bodies.Engagement(catalog, title), owner);
            owned.Harvest("CreateEngagement", second);
            var rejected = await Bodies.OkAsync(server.Client, "CreateEngagementInvitation", Bodies.Invitation((string)second["Id"]!, rejecter.AccountId, catalog), owner);
            owned.Harvest("CreateEngagementInvitation", rejected);
            var reject = Bodies.Identify((string)rejected["Id"]!, catalog);
            reject["RejectionReason"] = "Customer has insufficient AWS knowledge";
            await Bodies.OkAsync(server.Client, "RejectEngagementInvitation", reject, rejecter);
            var pending = await Bodies.OkAsync(server.Client, "CreateEngagementInvitation", Bodies.Invitation((string)second["Id"]!, member.AccountId, catalog), owner);
            owned.Harvest("CreateEngagementInvitation", pending);
            var theirs = await Resources.CreateAsync(server.Client, names, member, rejecter, catalog, title);
            victims.AddRange(owned.All.Concat(theirs.All).Select(v => new Victim(v.Kind, v.Value, v.IsArn, catalog)));
            ownerValues[catalog] = owned.All.Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
            ownerResources[catalog] = owned;
        }
        var victimAccounts = new[] { owner, member, rejecter };

        var probes = 0;
        var skipped = 0;
        var leaks = new List<string>();
        var reachedAccessCheck = new HashSet<string>(StringComparer.Ordinal);
        foreach (var catalog in Catalogs)
        {
            // The prober's own resources fill every member that is not being probed: the outsider tries every foreign
            // value; the owner tries its own values of the other catalog.
            var own = await Resources.CreateAsync(server.Client, names, outsider, outsiderPeer, catalog);
            var outsiderValues = own.All.Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var (prober, mine, probed) in new[]
                     {
                         (outsider, own, victims),
                         (owner, ownerResources[catalog], victims.Where(v => v.Catalog != catalog).ToList()),
                     })
            {
                var seeds = new SeedBodies(mine.Substitutions());
                var proberValues = prober == outsider ? outsiderValues : ownerValues[catalog];
                foreach (var operation in implemented)
                {
                    var (template, baseline) = await TemplateAsync(server.Client, seeds, operation.Name, catalog, prober);
                    foreach (var (path, kind, pattern) in IdentifierPaths(template, SeedBodies.InputShape(operation.Name)))
                    {
                        foreach (var victim in probed)
                        {
                            // Account-scoped ids (opportunities) repeat across accounts: the prober's own is no probe.
                            if (proberValues.Contains(victim.Value))
                            {
                                skipped++;
                                continue;
                            }
                            var body = template.DeepClone().AsObject();
                            Set(body, path, victim.Value);
                            FreshToken(body, operation.Name);
                            var response = await server.Client.CallAsync(operation.Name, body, prober);
                            probes++;
                            var fits = victim.Kind == kind && (!victim.IsArn || (victim.Catalog == catalog && kind != "task"))
                                && (pattern is null || pattern.IsMatch(victim.Value));
                            var secrets = victimAccounts.Where(a => a != prober).SelectMany(a => new[] { a.AccountId, a.CompanyName })
                                .Concat(titles.Where(t => prober != owner || t.Key != catalog).Select(t => t.Value)).ToList();
                            var verdict = Judge(operation.ReadOnly, fits, victim.Catalog == catalog, response, baseline, secrets,
                                victims.Where(v => v.Value != victim.Value && !proberValues.Contains(v.Value)).Select(v => v.Value));
                            if (verdict is not null)
                            {
                                leaks.Add($"{operation.Name} {catalog} {string.Join('.', path)}={victim.Value} ({victim.Kind}, {victim.Catalog}) as {(prober == owner ? "owner" : "outsider")}: {verdict}: {response}");
                            }
                            if (response.Status is 403 or 404 && fits)
                            {
                                reachedAccessCheck.Add($"{operation.Name} {string.Join('.', path)}");
                            }
                        }
                    }
                }
            }
        }

        Figures.Report(output, $"Isolation: {probes} probes over {implemented.Count} implemented operations with {victims.Count} foreign ids/ARNs ({skipped} skipped as the prober's own id) -> {leaks.Count} leaks");
        output.WriteLine("members that reached an access check: " + string.Join(", ", reachedAccessCheck.Order()));
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks.Take(25)));
        Assert.True(probes > 100, "hardly anything was probed");
        Assert.Contains("GetEngagement Identifier", reachedAccessCheck);
        Assert.Contains("GetEngagementInvitation Identifier", reachedAccessCheck);
    }

    private static void FreshToken(JsonObject body, string operation)
    {
        if (SeedBodies.Graph.TryGetOperation(operation, out var op) && op.IdempotencyTokenMember is { } token)
        {
            body[token] = Guid.NewGuid().ToString();
        }
    }

    /// <summary>
    /// The outsider's own request the probes start from: the first seed (captured, full, minimal) the server does not
    /// refuse as invalid, and what it answers unprobed (a probe may get that same refusal: it owes nothing to the probe).
    /// </summary>
    private static async Task<(JsonObject Template, string? Baseline)> TemplateAsync(ApiClient client, SeedBodies seeds, string operation,
        string catalog, TestAccount outsider)
    {
        (JsonObject, string?)? first = null;
        foreach (var candidate in seeds.Captured(operation).Append(seeds.Full(operation)).Append(seeds.Minimal(operation)))
        {
            candidate["Catalog"] = catalog;
            FreshToken(candidate, operation);
            var response = await client.CallAsync(operation, candidate, outsider);
            var baseline = response.Status >= 400 ? $"{response.Status} {response.ErrorType} {(string?)response.Json?["message"]}" : null;
            first ??= (candidate, baseline);
            if (response.ErrorType != "ValidationException")
            {
                return (candidate, baseline);
            }
        }
        return first!.Value;
    }

    /// <summary>Null when the answer reveals nothing and has an allowed form; otherwise why not.</summary>
    private static string? Judge(bool readOnly, bool fits, bool sameCatalog, ApiResponse response, string? baseline, List<string> secrets,
        IEnumerable<string> otherVictimValues)
    {
        var text = response.Body;
        if (secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal)) is { } secret)
        {
            return $"the answer contains '{secret}'";
        }
        if (baseline is not null && $"{response.Status} {response.ErrorType} {(string?)response.Json?["message"]}" == baseline)
        {
            return ProtocolErrors.Problem(response); // the template's own refusal, reached before the probed member mattered
        }
        switch (response.Status)
        {
            case 200 when !readOnly && response.Json is JsonObject task && (task["ReasonCode"] is not null || (string?)task["TaskStatus"] == "FAILED"):
                return null; // an asynchronous task of the prober's own that records its failure (what the real API does)
            case 200 when !readOnly:
                return "a write on another account's resource succeeded";
            case 200:
                return otherVictimValues.FirstOrDefault(v => text.Contains(v, StringComparison.Ordinal)) is { } shown
                    ? $"the answer shows '{shown}'" : null;
            case 404 when response.ErrorType == "ResourceNotFoundException":
                return ProtocolErrors.Problem(response);
            case 403 when response.ErrorType == "AccessDeniedException":
                return sameCatalog ? ProtocolErrors.Problem(response) : "AccessDenied reveals that an id of the other catalog exists";
            case 400 when response.ErrorType == "ValidationException" && !fits:
                return ProtocolErrors.Problem(response);
            default:
                return "not an allowed answer";
        }
    }

    /// <summary>Every string (or list element) of the body whose shape identifies a resource, with its kind and pattern.</summary>
    private static List<(object[] Path, string Kind, Regex? Pattern)> IdentifierPaths(JsonNode body, string shapeId)
    {
        var found = new List<(object[], string, Regex?)>();
        void Walk(JsonNode node, string id, List<object> path)
        {
            Shape shape;
            try
            {
                shape = SeedBodies.Graph.Get(id);
            }
            catch (KeyNotFoundException)
            {
                return;
            }
            switch (node)
            {
                case JsonObject obj when shape.Kind is ShapeKind.Structure or ShapeKind.Union:
                    foreach (var m in shape.Members)
                    {
                        if (obj[m.Name] is { } child)
                        {
                            Walk(child, m.Target, [.. path, m.Name]);
                        }
                    }
                    break;
                case JsonArray array when shape.ListMember is { } element && array.Count > 0:
                    Walk(array[0]!, element, [.. path, 0]);
                    break;
                case JsonValue when Resources.KindOf(SeedBodies.Short(id)) is { } kind:
                    found.Add(([.. path], kind, shape.Constraints.Pattern is { } p ? new Regex(p, RegexOptions.None, TimeSpan.FromSeconds(1)) : null));
                    break;
            }
        }
        Walk(body, shapeId, []);
        return found;
    }

    private static void Set(JsonObject body, object[] path, string value)
    {
        JsonNode node = body;
        for (var i = 0; i < path.Length - 1; i++)
        {
            node = path[i] is int index ? node[index]! : node[(string)path[i]]!;
        }
        if (path[^1] is int last)
        {
            node[last] = value;
        }
        else
        {
            node[(string)path[^1]] = value;
        }
    }

    [Fact]
    public void IdentifierKinds_ModelShapes_EveryIdentifierShapeOfImplementedResourcesClassified()
    {
        // Guards the probe generator: the shapes that name engagements and invitations must be recognised.
        foreach (var shape in new[] { "EngagementIdentifier", "EngagementArnOrIdentifier", "EngagementInvitationArnOrIdentifier" })
        {
            Assert.Contains(shape, ModelWalk.StringShapes());
            Assert.NotNull(Resources.KindOf(shape));
        }
        Assert.Equal("engagement", Resources.KindOf("EngagementIdentifier"));
        Assert.Equal("invitation", Resources.KindOf("EngagementInvitationArnOrIdentifier"));
        Assert.Null(Resources.KindOf("EngagementContextIdentifier"));
        Assert.Matches(new Regex("^eng-"), new SeedBodies().Minimal("GetEngagement")["Identifier"]!.GetValue<string>());
    }
}
