using System.Text.Json.Nodes;

namespace Cosell.Model.Smithy;

/// <summary>The subset of RFC 6902 the model patches use: add, replace, remove (JSON Pointer paths).</summary>
public static class JsonPatch
{
    public static void Apply(JsonNode document, JsonArray operations)
    {
        foreach (var op in operations)
        {
            var kind = (string)op!["op"]!;
            var path = Split((string)op["path"]!);
            var parent = Navigate(document, path[..^1]);
            var last = path[^1];
            switch (kind)
            {
                case "add":
                case "replace":
                    var value = op["value"]!.DeepClone();
                    if (parent is JsonArray arr)
                    {
                        if (last == "-") { arr.Add(value); }
                        else if (kind == "add") { arr.Insert(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), value); }
                        else { arr[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value; }
                    }
                    else
                    {
                        parent.AsObject()[last] = value;
                    }
                    break;
                case "remove":
                    if (parent is JsonArray ra) { ra.RemoveAt(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)); }
                    else { parent.AsObject().Remove(last); }
                    break;
                default:
                    throw new NotSupportedException($"JSON patch op '{kind}' is not supported");
            }
        }
    }

    private static string[] Split(string pointer) =>
        pointer.Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode Navigate(JsonNode node, string[] path)
    {
        foreach (var p in path)
        {
            node = node is JsonArray a
                ? a[int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)]!
                : node[p] ?? throw new InvalidOperationException($"JSON patch path segment '{p}' not found");
        }
        return node;
    }
}
