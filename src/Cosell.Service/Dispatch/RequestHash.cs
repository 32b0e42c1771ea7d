using System.Security.Cryptography;
using System.Text.Json;
using Cosell.Model.Smithy;

namespace Cosell.Service.Dispatch;

/// <summary>
/// A digest of a request that ignores member order, whitespace, the idempotency token itself and, given the input's
/// shape, members the model does not define (the operation ignores them too), so a retry that an SDK re-serialises
/// differently, or a newer SDK's retry carrying a member this model predates, still counts as the same request.
/// </summary>
public static class RequestHash
{
    public static string Compute(JsonElement body, string? excludeTopLevelMember, ShapeGraph? graph = null, string? inputShape = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, body, excludeTopLevelMember, graph?.Find(inputShape), graph);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <param name="shape">The element's shape; null where it is not known, and then every member counts.</param>
    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, string? exclude, Shape? shape, ShapeGraph? graph)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var props = new List<(JsonProperty Property, Shape? Shape)>();
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Null || p.Name == exclude)
                    {
                        continue;
                    }
                    if (shape?.Kind is ShapeKind.Structure or ShapeKind.Union)
                    {
                        if (shape.FindMember(p.Name) is not { } member)
                        {
                            continue;
                        }
                        props.Add((p, graph?.Find(member.Target)));
                    }
                    else
                    {
                        props.Add((p, shape?.Kind == ShapeKind.Map ? graph?.Find(shape.MapValue) : null));
                    }
                }
                props.Sort((a, b) => string.CompareOrdinal(a.Property.Name, b.Property.Name));
                foreach (var (p, memberShape) in props)
                {
                    writer.WritePropertyName(p.Name);
                    WriteCanonical(writer, p.Value, null, memberShape, graph);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var itemShape = shape?.Kind == ShapeKind.List ? graph?.Find(shape.ListMember) : null;
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item, null, itemShape, graph);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
