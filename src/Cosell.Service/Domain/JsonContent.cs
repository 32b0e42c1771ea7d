using System.Text.Json.Nodes;

namespace Cosell.Service.Domain;

/// <summary>
/// Comparing documents by what they say rather than how they are written: an empty list or object, a null and an
/// absent member all say nothing. Clients echo what they read in either form, and a newer build writes some empty lists
/// an older one left out, so neither may count as a change.
/// </summary>
public static class JsonContent
{
    public static bool Empty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.All(p => Empty(p.Value)),
        _ => false,
    };

    public static bool Same(JsonNode? a, JsonNode? b)
    {
        a = Empty(a) ? null : a;
        b = Empty(b) ? null : b;
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (a is JsonObject left && b is JsonObject right)
        {
            return left.All(p => Same(p.Value, right[p.Key])) && right.All(p => left.ContainsKey(p.Key) || Empty(p.Value));
        }
        if (a is JsonArray leftList && b is JsonArray rightList)
        {
            return leftList.Count == rightList.Count && leftList.Zip(rightList).All(pair => Same(pair.First, pair.Second));
        }
        return JsonNode.DeepEquals(a, b);
    }
}
