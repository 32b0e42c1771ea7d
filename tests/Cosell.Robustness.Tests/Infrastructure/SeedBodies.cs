using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cosell.Model.Smithy;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// Valid request bodies for any operation, built from the model (required members only, or every member) with
/// System.Text.Json: each string gets the first of a list of plausible values that fits its length and pattern, each enum
/// its first value, each union its first member. <see cref="Substitutions"/> puts real resources in: a target shape name
/// (e.g. <c>EngagementIdentifier</c>) → the value every member of that shape gets.
/// </summary>
public sealed class SeedBodies(IReadOnlyDictionary<string, string>? substitutions = null)
{
    private const string Namespace = ShapeGraph.Namespace + "#";

    /// <summary>Plausible values, in order of preference; the first that fits a string shape's constraints is used.</summary>
    private static readonly string[] Candidates =
    [
        "Sandbox", "eng-abcdefgh123456", "engi-abcdefgh12345", "job-abcdefgh12345", "task-abcdefgh12345", "task-abcdefgh123456", "O1234567890",
        "S-1234567890", "1", "2027-06-30", "+14155550100", "jane.doe@example.com",
        "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef", "https://acme.example.com",
        "123456789012", "123456789", "100", "USD", "US", "Acme", "Acme Corp",
        "arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/opportunity/O1234567890",
        "arn:aws:iam::123456789012:role/PartnerCentralRole", "Template123",
        "Legacy data warehouse cannot keep up with reporting demand",
    ];

    private static readonly Dictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Substitutions { get; } = substitutions ?? new Dictionary<string, string>();

    public static ShapeGraph Graph => ShapeGraph.Instance;

    public static string InputShape(string operation) =>
        Graph.TryGetOperation(operation, out var op) ? op.InputShape : throw new ArgumentException($"no operation {operation}");

    /// <summary>Only the required members (recursively), each with a fitting value.</summary>
    public JsonObject Minimal(string operation) => (JsonObject)Value(InputShape(operation), Constraints.None, "", full: false, 0)!;

    /// <summary>Every member the input shape defines except NextToken (one member per union).</summary>
    public JsonObject Full(string operation) => (JsonObject)Value(InputShape(operation), Constraints.None, "", full: true, 0)!;

    /// <summary>A captured SDK request (tests/fixtures/wire/boto3) with <see cref="Substitutions"/> applied; null when none exists.</summary>
    public IEnumerable<JsonObject> Captured(string operation)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "wire", "boto3");
        if (!Directory.Exists(folder))
        {
            yield break;
        }
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var capture = JsonNode.Parse(File.ReadAllText(file))!;
            if ((string?)capture["operation"] != operation || (string?)capture["request"]?["body"] is not { } wire
                || JsonNode.Parse(wire) is not JsonObject body)
            {
                continue;
            }
            Substitute(body, InputShape(operation));
            if (Graph.TryGetOperation(operation, out var op) && op.IdempotencyTokenMember is { } token && body[token] is null)
            {
                body[token] = Guid.NewGuid().ToString(); // the SDK fills an omitted token in
            }
            yield return body;
        }
    }

    /// <summary>Replaces, in place, every string whose shape has a substitution, walking <paramref name="node"/> along its shape.</summary>
    public void Substitute(JsonNode node, string shapeId)
    {
        var shape = Find(shapeId);
        if (shape is null)
        {
            return;
        }
        switch (node)
        {
            case JsonObject obj when shape.Kind is ShapeKind.Structure or ShapeKind.Union:
                foreach (var member in shape.Members)
                {
                    if (obj[member.Name] is not { } child)
                    {
                        continue;
                    }
                    if (child is JsonValue && Substitutions.TryGetValue(Short(member.Target), out var value))
                    {
                        obj[member.Name] = value;
                    }
                    else if (member.IdempotencyToken)
                    {
                        obj[member.Name] = Guid.NewGuid().ToString();
                    }
                    else
                    {
                        Substitute(child, member.Target);
                    }
                }
                break;
            case JsonArray array when shape.Kind is ShapeKind.List && shape.ListMember is { } element:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue && Substitutions.TryGetValue(Short(element), out var value))
                    {
                        array[i] = value;
                    }
                    else if (array[i] is { } item)
                    {
                        Substitute(item, element);
                    }
                }
                break;
        }
    }

    private JsonNode? Value(string shapeId, Constraints memberConstraints, string memberName, bool full, int depth)
    {
        if (depth > 40)
        {
            throw new InvalidOperationException($"{shapeId} nests too deep for a seed body");
        }
        var shape = Find(shapeId);
        if (shape is null)
        {
            return shapeId.EndsWith("Boolean", StringComparison.Ordinal) ? JsonValue.Create(true) : JsonValue.Create(1);
        }
        var c = memberConstraints.Over(shape.Constraints);
        if (Substitutions.TryGetValue(shape.Name, out var substitute) && shape.Kind == ShapeKind.String)
        {
            return substitute;
        }
        switch (shape.Kind)
        {
            case ShapeKind.Structure:
                var obj = new JsonObject();
                foreach (var m in shape.Members)
                {
                    if (m.IdempotencyToken)
                    {
                        obj[m.Name] = Guid.NewGuid().ToString();
                    }
                    else if (m.Required || (full && m.Name != "NextToken"))
                    {
                        obj[m.Name] = Value(m.Target, m.Constraints, m.Name, full, depth + 1);
                    }
                }
                return obj;
            case ShapeKind.Union:
                var first = shape.Members[0];
                return new JsonObject { [first.Name] = Value(first.Target, first.Constraints, first.Name, full, depth + 1) };
            case ShapeKind.List:
                var count = (int)Math.Max(1, c.MinLength ?? 0);
                var list = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    list.Add(Value(shape.ListMember!, shape.ListMemberConstraints ?? Constraints.None, memberName, full, depth + 1));
                }
                return list;
            case ShapeKind.Map:
                return new JsonObject { ["key1"] = Value(shape.MapValue!, Constraints.None, memberName, full, depth + 1) };
            case ShapeKind.Enum:
                return shape.EnumValues[0];
            case ShapeKind.Integer:
                var number = Math.Max(c.MinRange ?? 1, 1);
                if (c.MaxRange is { } max && number > max)
                {
                    number = max;
                }
                return JsonValue.Create(number);
            case ShapeKind.Timestamp:
                return "2027-01-15T10:00:00Z";
            case ShapeKind.String:
                return StringFor(c, memberName);
            default:
                return JsonValue.Create(true);
        }
    }

    private static string StringFor(Constraints c, string memberName)
    {
        if (memberName == "Catalog")
        {
            return "Sandbox";
        }
        foreach (var candidate in Candidates)
        {
            if (Fits(candidate, c))
            {
                return candidate;
            }
        }
        var length = (int)Math.Max(1, c.MinLength ?? 1);
        return new string('a', length);
    }

    private static bool Fits(string value, Constraints c)
    {
        var length = value.EnumerateRunes().Count();
        if (length < (c.MinLength ?? 0) || length > (c.MaxLength ?? long.MaxValue))
        {
            return false;
        }
        return c.Pattern is not { } pattern || Compile(pattern)?.IsMatch(value) == true;
    }

    private static Regex? Compile(string pattern)
    {
        lock (Patterns)
        {
            if (!Patterns.TryGetValue(pattern, out var regex))
            {
                try
                {
                    regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException)
                {
                    regex = null;
                }
                Patterns[pattern] = regex;
            }
            return regex;
        }
    }

    private static Shape? Find(string shapeId)
    {
        try
        {
            return Graph.Get(shapeId);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary><c>com.amazonaws.partnercentralselling#EngagementIdentifier</c> → <c>EngagementIdentifier</c>.</summary>
    public static string Short(string shapeId) =>
        shapeId.StartsWith(Namespace, StringComparison.Ordinal) ? shapeId[Namespace.Length..] : shapeId;

    /// <summary>The JSON text of a node, for messages.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
