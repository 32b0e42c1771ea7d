using System.Security.Cryptography;
using System.Text.Json;

namespace Cosell.Service.Dispatch;

/// <summary>
/// A digest of a request that ignores member order, whitespace and the idempotency token itself, so a retry that an SDK
/// re-serialises differently still counts as the same request.
/// </summary>
public static class RequestHash
{
    public static string Compute(JsonElement body, string? excludeTopLevelMember)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, body, excludeTopLevelMember);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, string? exclude)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var props = new List<JsonProperty>();
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Null && p.Name != exclude)
                    {
                        props.Add(p);
                    }
                }
                props.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var p in props)
                {
                    writer.WritePropertyName(p.Name);
                    WriteCanonical(writer, p.Value, null);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item, null);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
