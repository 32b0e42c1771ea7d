using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// Checks a success body against the operation's output shape in the Smithy model (model/partnercentral-selling.json with
/// model/patches/*.json applied in name order, read here with System.Text.Json, not through the server's generated code): JSON types, required members present,
/// no members the shape does not define (SDKs would silently drop them), enum values known, unions with exactly one
/// member, timestamps as RFC 3339 strings with a zone.
/// </summary>
public static partial class ModelShapes
{
    public const string Namespace = "com.amazonaws.partnercentralselling#";

    private static readonly Lazy<JsonObject> Shapes = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "model", "partnercentral-selling.json");
        var model = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var patches = Path.Combine(AppContext.BaseDirectory, "model", "patches");
        foreach (var patch in Directory.Exists(patches) ? Directory.GetFiles(patches, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
        {
            Cosell.Model.Smithy.JsonPatch.Apply(model, JsonNode.Parse(File.ReadAllText(patch))!.AsArray());
        }
        return model["shapes"]!.AsObject();
    });

    /// <summary>The operations the model defines.</summary>
    public static IEnumerable<string> Operations =>
        Shapes.Value.Where(kv => (string?)kv.Value!["type"] == "operation").Select(kv => kv.Key[Namespace.Length..]);

    /// <summary>The output shape id of an operation, or null when its output is <c>smithy.api#Unit</c>.</summary>
    public static string? OutputShape(string operation)
    {
        var op = Shapes.Value[Namespace + operation] ?? throw new ArgumentException($"The model has no operation {operation}.");
        var target = (string?)op["output"]?["target"];
        return target is null or "smithy.api#Unit" ? null : target;
    }

    /// <summary>Every violation of the operation's output shape in <paramref name="body"/> (empty = conforms).</summary>
    public static IReadOnlyList<string> Violations(string operation, string body)
    {
        var errors = new List<string>();
        var output = OutputShape(operation);
        if (output is null)
        {
            if (body.Length != 0 && body.Trim() != "{}")
            {
                errors.Add($"{operation} has no output, but the body is '{body}'");
            }
            return errors;
        }
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            errors.Add($"body is not JSON: {e.Message}");
            return errors;
        }
        Walk(output, json, "$", errors);
        return errors;
    }

    private static void Walk(string shapeId, JsonNode? value, string path, List<string> errors)
    {
        if (value is null)
        {
            errors.Add($"{path}: explicit null");
            return;
        }
        var (type, shape) = Resolve(shapeId);
        switch (type)
        {
            case "structure":
                if (value is not JsonObject obj)
                {
                    errors.Add($"{path}: expected an object for {shapeId}");
                    return;
                }
                var members = shape!["members"]?.AsObject() ?? new JsonObject();
                foreach (var (name, member) in members)
                {
                    var required = member!["traits"]?["smithy.api#required"] is not null;
                    if (obj[name] is { } child)
                    {
                        Walk((string)member["target"]!, child, $"{path}.{name}", errors);
                    }
                    else if (required)
                    {
                        errors.Add($"{path}.{name}: required member missing (or null)");
                    }
                }
                foreach (var (name, _) in obj)
                {
                    if (!members.ContainsKey(name))
                    {
                        errors.Add($"{path}.{name}: not a member of {shapeId}");
                    }
                }
                break;
            case "union":
                if (value is not JsonObject union)
                {
                    errors.Add($"{path}: expected an object (union) for {shapeId}");
                    return;
                }
                var options = shape!["members"]!.AsObject();
                var set = union.Where(kv => kv.Value is not null).ToList();
                if (set.Count != 1)
                {
                    errors.Add($"{path}: union {shapeId} must have exactly one member set, has {set.Count}");
                }
                foreach (var (name, child) in set)
                {
                    if (options[name] is { } option)
                    {
                        Walk((string)option["target"]!, child, $"{path}.{name}", errors);
                    }
                    else
                    {
                        errors.Add($"{path}.{name}: not a member of union {shapeId}");
                    }
                }
                break;
            case "list":
            case "set":
                if (value is not JsonArray array)
                {
                    errors.Add($"{path}: expected an array for {shapeId}");
                    return;
                }
                var element = (string)shape!["member"]!["target"]!;
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(element, array[i], $"{path}[{i}]", errors);
                }
                break;
            case "map":
                if (value is not JsonObject map)
                {
                    errors.Add($"{path}: expected an object (map) for {shapeId}");
                    return;
                }
                foreach (var (key, child) in map)
                {
                    Walk((string)shape!["value"]!["target"]!, child, $"{path}[{key}]", errors);
                }
                break;
            case "enum":
                var allowed = shape!["members"]!.AsObject()
                    .Select(kv => (string?)kv.Value!["traits"]?["smithy.api#enumValue"] ?? kv.Key).ToHashSet(StringComparer.Ordinal);
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected an enum string of {shapeId}");
                }
                else if (!allowed.Contains(value.GetValue<string>()))
                {
                    errors.Add($"{path}: '{value.GetValue<string>()}' is not a value of enum {shapeId}");
                }
                break;
            case "string":
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string for {shapeId}");
                }
                break;
            case "timestamp":
                if (value.GetValueKind() != JsonValueKind.String || !IsRfc3339(value.GetValue<string>()))
                {
                    errors.Add($"{path}: expected an RFC 3339 date-time string with a zone, got {value.ToJsonString()}");
                }
                break;
            case "integer":
            case "long":
            case "short":
            case "byte":
            case "intEnum":
                if (value.GetValueKind() != JsonValueKind.Number || !long.TryParse(value.ToJsonString(), CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{path}: expected an integer for {shapeId}, got {value.ToJsonString()}");
                }
                break;
            case "float":
            case "double":
            case "bigDecimal":
                if (value.GetValueKind() != JsonValueKind.Number)
                {
                    errors.Add($"{path}: expected a number for {shapeId}");
                }
                break;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected a boolean for {shapeId}");
                }
                break;
            default:
                break; // document, blob: anything goes here
        }
    }

    private static (string Type, JsonObject? Shape) Resolve(string shapeId)
    {
        if (shapeId.StartsWith("smithy.api#", StringComparison.Ordinal))
        {
            var prelude = shapeId["smithy.api#".Length..];
            return (prelude switch
            {
                "String" => "string",
                "Integer" or "PrimitiveInteger" => "integer",
                "Long" or "PrimitiveLong" => "long",
                "Boolean" or "PrimitiveBoolean" => "boolean",
                "Timestamp" => "timestamp",
                "Float" or "Double" or "PrimitiveFloat" or "PrimitiveDouble" or "BigDecimal" => "double",
                "Document" => "document",
                _ => "document",
            }, null);
        }
        var shape = Shapes.Value[shapeId]?.AsObject() ?? throw new InvalidOperationException($"The model has no shape {shapeId}.");
        return ((string)shape["type"]!, shape);
    }

    /// <summary>RFC 3339 date-time: <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)</c>.</summary>
    public static bool IsRfc3339(string text) =>
        Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex Rfc3339();
}
