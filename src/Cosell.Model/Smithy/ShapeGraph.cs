using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cosell.Model.Smithy;

/// <summary>
/// The model's shapes, loaded once from the embedded <c>partnercentral-selling.json</c> with the RFC 6902 patches
/// of <c>model/patches/</c> applied in file-name order.
/// </summary>
public sealed class ShapeGraph
{
    public const string Namespace = "com.amazonaws.partnercentralselling";
    public const string ServiceTargetPrefix = "AWSPartnerCentralSelling";

    private static readonly Lazy<ShapeGraph> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, Shape> _shapes;
    private readonly Dictionary<string, OperationShape> _operations;

    private ShapeGraph(Dictionary<string, Shape> shapes, Dictionary<string, OperationShape> operations)
    {
        _shapes = shapes;
        _operations = operations;
    }

    public static ShapeGraph Instance => Embedded.Value;

    public IReadOnlyDictionary<string, OperationShape> Operations => _operations;

    public Shape this[string id] => Get(id);

    public Shape Get(string id) => Find(id) ?? throw new KeyNotFoundException($"Unknown shape {id}");

    /// <summary>The shape, or null for an id neither the model nor Smithy's prelude defines.</summary>
    public Shape? Find(string? id) =>
        id is null ? null : _shapes.TryGetValue(id, out var s) ? s : PreludeShapes.GetValueOrDefault(id);

    public bool TryGetOperation(string name, out OperationShape op) => _operations.TryGetValue(name, out op!);

    public static ShapeGraph Load(JsonNode model)
    {
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        var ops = new Dictionary<string, OperationShape>(StringComparer.Ordinal);
        var root = model["shapes"]!.AsObject();
        foreach (var (id, node) in root)
        {
            var type = (string)node!["type"]!;
            var traits = node["traits"] as JsonObject;
            if (type == "operation")
            {
                var input = (string)node["input"]!["target"]!;
                var output = node["output"]?["target"]?.GetValue<string>();
                var errors = (node["errors"] as JsonArray ?? []).Select(e => (string)e!["target"]!).ToList();
                string? token = null;
                if (root[input]?["members"] is JsonObject inputMembers)
                {
                    foreach (var (mName, m) in inputMembers)
                    {
                        if (m?["traits"]?["smithy.api#idempotencyToken"] is not null)
                        {
                            token = mName;
                        }
                    }
                }
                var name = id[(id.IndexOf('#') + 1)..];
                ops[name] = new OperationShape(name, input, output == "smithy.api#Unit" ? null : output, errors, token,
                    traits?["smithy.api#readonly"] is not null, (int?)traits?["smithy.api#http"]?["code"] ?? 200);
                continue;
            }
            shapes[id] = ParseShape(id, type, node.AsObject(), traits);
        }
        return new ShapeGraph(shapes, ops);
    }

    private static Shape ParseShape(string id, string type, JsonObject node, JsonObject? traits)
    {
        var kind = type switch
        {
            "string" => ShapeKind.String,
            "enum" => ShapeKind.Enum,
            "integer" => ShapeKind.Integer,
            "timestamp" => ShapeKind.Timestamp,
            "structure" => ShapeKind.Structure,
            "union" => ShapeKind.Union,
            "list" => ShapeKind.List,
            "map" => ShapeKind.Map,
            _ => ShapeKind.Other,
        };
        var members = new List<Member>();
        var enumValues = new List<string>();
        if (node["members"] is JsonObject ms)
        {
            foreach (var (mName, m) in ms)
            {
                var mt = m!["traits"] as JsonObject;
                if (kind == ShapeKind.Enum)
                {
                    enumValues.Add(mt?["smithy.api#enumValue"]?.GetValue<string>() ?? mName);
                    continue;
                }
                members.Add(new Member(
                    mName,
                    (string)m["target"]!,
                    mt?["smithy.api#required"] is not null,
                    mt?["smithy.api#idempotencyToken"] is not null,
                    mt?["smithy.api#sensitive"] is not null,
                    mt?["smithy.api#default"] is JsonValue dv ? dv.ToString() : null,
                    ParseConstraints(mt)));
            }
        }
        string? listMember = null;
        Constraints? listMemberConstraints = null;
        if (node["member"] is JsonObject lm)
        {
            listMember = (string)lm["target"]!;
            listMemberConstraints = ParseConstraints(lm["traits"] as JsonObject);
        }
        var mapValue = node["value"]?["target"]?.GetValue<string>();
        return new Shape(id, kind, members, enumValues, ParseConstraints(traits),
            traits?["smithy.api#sensitive"] is not null, listMember, listMemberConstraints, mapValue);
    }

    private static Constraints ParseConstraints(JsonObject? traits)
    {
        if (traits is null)
        {
            return Constraints.None;
        }
        var length = traits["smithy.api#length"];
        var range = traits["smithy.api#range"];
        return new Constraints(
            length?["min"]?.GetValue<long>(), length?["max"]?.GetValue<long>(),
            range?["min"]?.GetValue<long>(), range?["max"]?.GetValue<long>(),
            traits["smithy.api#pattern"]?.GetValue<string>());
    }

    private static readonly Dictionary<string, Shape> PreludeShapes = new[]
    {
        new Shape("smithy.api#String", ShapeKind.String, [], [], Constraints.None, false, null, null, null),
        new Shape("smithy.api#Integer", ShapeKind.Integer, [], [], Constraints.None, false, null, null, null),
        new Shape("smithy.api#Unit", ShapeKind.Unit, [], [], Constraints.None, false, null, null, null),
    }.ToDictionary(shape => shape.Id, StringComparer.Ordinal);

    private static ShapeGraph LoadEmbedded()
    {
        var asm = typeof(ShapeGraph).Assembly;
        var model = ReadResource(asm, "partnercentral-selling.json");
        var patches = asm.GetManifestResourceNames()
            .Where(n => n.StartsWith("patches/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var patch in patches)
        {
            JsonPatch.Apply(model, ReadResource(asm, patch).AsArray());
        }
        return Load(model);
    }

    private static JsonNode ReadResource(Assembly asm, string name)
    {
        using var stream = asm.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing");
        return JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!;
    }
}
