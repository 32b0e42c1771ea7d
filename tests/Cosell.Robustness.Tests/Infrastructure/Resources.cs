using System.Text.Json.Nodes;
using Cosell.Model.Smithy;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// Real resources of one account in one catalog, by kind (<c>engagement</c>, <c>invitation</c>, <c>opportunity</c>,
/// <c>task</c>, ...), and the seed-body substitutions that aim an operation at them. Engagements and invitations are made
/// with the captured SDK bodies; every other implemented <c>Create*</c>/<c>Start*</c> operation is tried with a model-built
/// body, and whatever ids its answer carries are kept, so resources of operations added later are covered too.
/// </summary>
public sealed class Resources
{
    private const string CatalogMember = "Catalog";

    private readonly Dictionary<string, List<string>> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _arns = new(StringComparer.Ordinal);

    public Resources(TestAccount owner, TestAccount peer, string catalog)
    {
        Owner = owner;
        Peer = peer;
        Catalog = catalog;
    }

    public TestAccount Owner { get; }
    public TestAccount Peer { get; }
    public string Catalog { get; }

    public IReadOnlyDictionary<string, List<string>> Ids => _ids;
    public IReadOnlyDictionary<string, List<string>> Arns => _arns;

    /// <summary>Every id and ARN kept, with its kind.</summary>
    public IEnumerable<(string Kind, string Value, bool IsArn)> All =>
        _ids.SelectMany(kv => kv.Value.Select(v => (kv.Key, v, false)))
            .Concat(_arns.SelectMany(kv => kv.Value.Select(v => (kv.Key, v, true))));

    public string? First(string kind) => _ids.TryGetValue(kind, out var list) && list.Count > 0 ? list[0] : null;

    public void Add(string kind, string value, bool isArn)
    {
        var map = isArn ? _arns : _ids;
        if (!map.TryGetValue(kind, out var list))
        {
            map[kind] = list = [];
        }
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    /// <summary>Shape name → value, for every string shape whose kind has a resource here (plus the peer as receiver).</summary>
    public Dictionary<string, string> Substitutions()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["AwsAccount"] = Peer.AccountId, ["CatalogIdentifier"] = Catalog };
        foreach (var shape in ModelWalk.StringShapes())
        {
            if (KindOf(shape) is { } kind && First(kind) is { } id)
            {
                map[shape] = id;
            }
        }
        return map;
    }

    /// <summary>
    /// The resource kind an identifier shape names (by the model's naming: <c>EngagementArnOrIdentifier</c> → engagement),
    /// or null for shapes that do not identify a resource of their own.
    /// </summary>
    public static string? KindOf(string shape)
    {
        if (shape.StartsWith("EngagementInvitation", StringComparison.Ordinal))
        {
            return Identifies(shape) ? "invitation" : null;
        }
        if (shape.StartsWith("EngagementContext", StringComparison.Ordinal) || shape.StartsWith("Context", StringComparison.Ordinal))
        {
            return null; // a context number is only meaningful inside its engagement
        }
        if (shape.StartsWith("Engagement", StringComparison.Ordinal))
        {
            return Identifies(shape) ? "engagement" : null;
        }
        if (shape.StartsWith("Opportunity", StringComparison.Ordinal) || shape is "ResourceIdentifier" or "FilterIdentifier")
        {
            return Identifies(shape) ? "opportunity" : null;
        }
        if (shape.StartsWith("Task", StringComparison.Ordinal))
        {
            return Identifies(shape) ? "task" : null;
        }
        if (shape.StartsWith("ResourceSnapshotJob", StringComparison.Ordinal) && !shape.Contains("Role", StringComparison.Ordinal))
        {
            return Identifies(shape) ? "snapshot-job" : null;
        }
        if (shape.StartsWith("Solution", StringComparison.Ordinal))
        {
            return Identifies(shape) ? "solution" : null;
        }
        return null;
    }

    private static bool Identifies(string shape) =>
        shape.EndsWith("Identifier", StringComparison.Ordinal) || shape.EndsWith("Identifiers", StringComparison.Ordinal)
        || shape.EndsWith("ArnOrIdentifier", StringComparison.Ordinal) || shape.EndsWith("Arn", StringComparison.Ordinal);

    /// <summary>Keeps every id/ARN an answer carries (members whose shape names a resource kind).</summary>
    public void Harvest(string operation, JsonNode? output)
    {
        if (output is not JsonObject obj || !SeedBodies.Graph.TryGetOperation(operation, out var op) || op.OutputShape is null)
        {
            return;
        }
        foreach (var member in SeedBodies.Graph.Get(op.OutputShape).Members)
        {
            if (obj[member.Name] is JsonValue value && value.TryGetValue<string>(out var text)
                && KindOf(SeedBodies.Short(member.Target)) is { } kind)
            {
                Add(kind, text, text.StartsWith("arn:", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>
    /// Makes, as <paramref name="owner"/> in <paramref name="catalog"/>: an engagement with both context types, a pending
    /// invitation to <paramref name="peer"/>, and one resource of every other implemented Create*/Start* operation that
    /// accepts a model-built body.
    /// </summary>
    public static async Task<Resources> CreateAsync(ApiClient client, IEnumerable<string> implemented, TestAccount owner,
        TestAccount peer, string catalog = "Sandbox", string? title = null)
    {
        var resources = new Resources(owner, peer, catalog);
        var engagement = await Bodies.OkAsync(client, "CreateEngagement", Bodies.Engagement(catalog, title), owner);
        resources.Harvest("CreateEngagement", engagement);
        var engagementId = (string)engagement["Id"]!;
        var invitation = await Bodies.OkAsync(client, "CreateEngagementInvitation",
            Bodies.Invitation(engagementId, peer.AccountId, catalog), owner);
        resources.Harvest("CreateEngagementInvitation", invitation);

        foreach (var operation in implemented.Where(o => o.StartsWith("Create", StringComparison.Ordinal) || o.StartsWith("Start", StringComparison.Ordinal)))
        {
            if (operation is "CreateEngagement" or "CreateEngagementInvitation")
            {
                continue;
            }
            var seeds = new SeedBodies(resources.Substitutions());
            foreach (var body in seeds.Captured(operation).Append(seeds.Full(operation)).Append(seeds.Minimal(operation)))
            {
                body[CatalogMember] = catalog;
                var response = await client.CallAsync(operation, body, owner);
                if (response.Status == 200)
                {
                    resources.Harvest(operation, response.Json);
                    break;
                }
            }
        }
        return resources;
    }
}

/// <summary>Walks the model for the string shapes reachable from operation inputs.</summary>
public static class ModelWalk
{
    private static readonly Lazy<IReadOnlyList<string>> Strings = new(() =>
    {
        var graph = SeedBodies.Graph;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var strings = new SortedSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(graph.Operations.Values.Select(o => o.InputShape));
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id))
            {
                continue;
            }
            Shape shape;
            try
            {
                shape = graph.Get(id);
            }
            catch (KeyNotFoundException)
            {
                continue;
            }
            if (shape.Kind == ShapeKind.String)
            {
                strings.Add(SeedBodies.Short(id));
            }
            foreach (var m in shape.Members)
            {
                stack.Push(m.Target);
            }
            if (shape.ListMember is { } element)
            {
                stack.Push(element);
            }
            if (shape.MapValue is { } value)
            {
                stack.Push(value);
            }
        }
        return strings.ToList();
    });

    public static IReadOnlyList<string> StringShapes() => Strings.Value;
}
