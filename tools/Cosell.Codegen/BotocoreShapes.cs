using System.Text.Json.Nodes;

namespace Cosell.Codegen;

/// <summary>
/// Turns the Smithy shapes an operation reaches into botocore shapes, named by their Smithy names. A member that
/// narrows its target with its own pattern, length or range gets a shape of its own, named container + member +
/// botocore type ("ContactFirstNameString"), because botocore keeps constraints on shapes only; the target's other
/// traits come first, then the member's. Documentation is never copied: the AWS text stays out of this repository.
/// </summary>
internal sealed class BotocoreShapes(JsonObject smithy)
{
    private const string Prelude = "smithy.api#";

    // Member traits that change what a value may be; any of them on a member means a shape of the member's own.
    private static readonly HashSet<string> MemberConstraints = ["smithy.api#pattern", "smithy.api#length", "smithy.api#range"];

    private static readonly Dictionary<string, string> SimpleTypes = new(StringComparer.Ordinal)
    {
        ["string"] = "string", ["enum"] = "string", ["integer"] = "integer", ["intEnum"] = "integer", ["long"] = "long",
        ["short"] = "short", ["byte"] = "byte", ["boolean"] = "boolean", ["float"] = "float", ["double"] = "double",
        ["bigInteger"] = "long", ["bigDecimal"] = "double", ["timestamp"] = "timestamp", ["blob"] = "blob",
    };

    private readonly SortedDictionary<string, JsonObject> _shapes = new(StringComparer.Ordinal);

    /// <summary>Every shape reached so far, in name order (botocore's files list them that way).</summary>
    public JsonObject ToJson()
    {
        var result = new JsonObject();
        foreach (var (name, shape) in _shapes)
        {
            result[name] = shape;
        }
        return result;
    }

    /// <summary>The botocore name of <paramref name="id"/>, converting it (and all it reaches) on first use.</summary>
    public string Reference(string id) => Reference(id, ShortName(id), []);

    public static string ShortName(string id) => id[(id.IndexOf('#', StringComparison.Ordinal) + 1)..];

    private string Reference(string id, string name, IReadOnlyList<KeyValuePair<string, JsonNode?>> memberTraits)
    {
        if (_shapes.ContainsKey(name))
        {
            return name;
        }
        var (type, node) = Resolve(id);
        var traits = new List<KeyValuePair<string, JsonNode?>>();
        var overridden = memberTraits.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        if (node?["traits"] is JsonObject own)
        {
            traits.AddRange(own.Where(t => !overridden.Contains(t.Key)));
        }
        traits.AddRange(memberTraits);

        var shape = new JsonObject();
        _shapes[name] = shape; // before the members: recursive shapes refer back to it
        if (type == "document")
        {
            shape["type"] = "structure";
            shape["members"] = new JsonObject();
            shape["document"] = true;
            return name;
        }
        shape["type"] = type switch
        {
            "structure" or "union" => "structure",
            "list" or "set" => "list",
            "map" => "map",
            _ => SimpleTypes.TryGetValue(type, out var simple) ? simple : throw new NotSupportedException($"{id}: Smithy type {type}"),
        };
        switch (type)
        {
            case "enum": // botocore lists string values only; an intEnum stays a plain integer
                shape["enum"] = new JsonArray(node!["members"]!.AsObject()
                    .Select(m => (JsonNode?)(m.Value!["traits"]?["smithy.api#enumValue"]?.DeepClone() ?? JsonValue.Create(m.Key)))
                    .ToArray());
                break;
            case "list":
            case "set":
                shape["member"] = MemberRef(name, "member", node!["member"]!.AsObject());
                break;
            case "map":
                shape["key"] = MemberRef(name, "key", node!["key"]!.AsObject());
                shape["value"] = MemberRef(name, "value", node!["value"]!.AsObject());
                break;
            case "structure":
            case "union":
                Structure(name, node!, shape, type == "union");
                break;
        }
        foreach (var (trait, value) in traits)
        {
            ShapeTrait(shape, trait, value);
        }
        if (node?["traits"]?["smithy.api#error"] is { } error)
        {
            ErrorTraits(shape, (string)error! == "server", node["traits"]?["smithy.api#httpError"]);
        }
        return name;
    }

    private (string Type, JsonObject? Node) Resolve(string id)
    {
        if (smithy[id] is JsonObject node)
        {
            return ((string)node["type"]!, node);
        }
        if (!id.StartsWith(Prelude, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{id} is not in the model");
        }
        // smithy.api#String, #Integer, ...: the type is the name, lower-cased at its first letter.
        var local = ShortName(id);
        return (char.ToLowerInvariant(local[0]) + local[1..], null);
    }

    private void Structure(string name, JsonObject node, JsonObject shape, bool union)
    {
        var members = node["members"]?.AsObject() ?? [];
        var required = members.Where(m => m.Value!["traits"]?["smithy.api#required"] is not null)
                              .Select(m => (JsonNode?)JsonValue.Create(m.Key)).ToArray();
        if (!union && required.Length > 0)
        {
            shape["required"] = new JsonArray(required);
        }
        var converted = new JsonObject();
        shape["members"] = converted; // placed before the members are converted so the key order is fixed
        foreach (var (memberName, member) in members)
        {
            var reference = MemberRef(name, memberName, member!.AsObject());
            if (member["traits"]?["smithy.api#idempotencyToken"] is not null)
            {
                reference["idempotencyToken"] = true;
            }
            converted[memberName] = reference;
        }
        if (union)
        {
            shape["union"] = true;
        }
    }

    private JsonObject MemberRef(string container, string memberName, JsonObject member)
    {
        var target = (string)member["target"]!;
        var constraints = (member["traits"] as JsonObject)?.Where(t => MemberConstraints.Contains(t.Key))
                              .Select(t => KeyValuePair.Create(t.Key, t.Value?.DeepClone())).ToList() ?? [];
        string name;
        if (constraints.Count == 0)
        {
            name = Reference(target);
        }
        else
        {
            var botocoreType = BotocoreType(target);
            name = container + Capitalize(memberName) + Capitalize(botocoreType);
            if (smithy.Any(kv => ShortName(kv.Key) == name))
            {
                throw new InvalidOperationException($"{container}.{memberName}: the member's own shape {name} would clash with a model shape");
            }
            name = Reference(target, name, constraints);
        }
        return new JsonObject { ["shape"] = name };
    }

    private string BotocoreType(string id)
    {
        var (type, _) = Resolve(id);
        return type switch
        {
            "structure" or "union" or "document" => "structure",
            "set" => "list",
            "list" or "map" => type,
            _ => SimpleTypes[type],
        };
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    // The traits botocore expresses on a shape, in the order the Smithy shape lists them.
    private static void ShapeTrait(JsonObject shape, string trait, JsonNode? value)
    {
        switch (trait)
        {
            case "smithy.api#pattern":
                shape["pattern"] = value!.DeepClone();
                break;
            case "smithy.api#length":
            case "smithy.api#range":
                foreach (var bound in new[] { "min", "max" })
                {
                    if (value![bound] is { } limit)
                    {
                        shape[bound] = limit.DeepClone();
                    }
                }
                break;
            case "smithy.api#sensitive":
                shape["sensitive"] = true;
                break;
            case "smithy.api#timestampFormat":
                shape["timestampFormat"] = (string)value! switch
                {
                    "date-time" => "iso8601",
                    "epoch-seconds" => "unixTimestamp",
                    "http-date" => "rfc822",
                    var other => throw new NotSupportedException($"timestamp format {other}"),
                };
                break;
        }
    }

    private static void ErrorTraits(JsonObject shape, bool server, JsonNode? httpStatus)
    {
        shape["exception"] = true;
        if (server)
        {
            shape["fault"] = true;
        }
        shape["error"] = new JsonObject
        {
            ["senderFault"] = !server,
            // Smithy's defaults when an error names no status.
            ["httpStatusCode"] = httpStatus?.DeepClone() ?? (server ? 500 : 400),
        };
    }
}
