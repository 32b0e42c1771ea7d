using System.Text.Json.Nodes;
using Cosell.Model.Smithy;

namespace Cosell.Codegen;

internal static class ModelLoader
{
    /// <summary>
    /// The vendored model with model/patches/*.json applied in name order, exactly as the server loads it; without
    /// them (<paramref name="withPatches"/> false) only for the botocore golden test, whose reference predates them.
    /// </summary>
    public static JsonObject Load(string modelDir, bool withPatches = true)
    {
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(modelDir, "partnercentral-selling.json")))!;
        var patchDir = Path.Combine(modelDir, "patches");
        if (withPatches && Directory.Exists(patchDir))
        {
            foreach (var patch in Directory.GetFiles(patchDir, "*.json").Order(StringComparer.Ordinal))
            {
                JsonPatch.Apply(model, JsonNode.Parse(File.ReadAllText(patch))!.AsArray());
            }
        }
        return model["shapes"]!.AsObject();
    }
}
