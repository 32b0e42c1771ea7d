using System.Text.Json.Nodes;
using Cosell.Model.Smithy;

namespace Cosell.Codegen;

internal static class ModelLoader
{
    /// <summary>The vendored model with model/patches/*.json applied in name order, exactly as the server loads it.</summary>
    public static JsonObject Load(string modelDir)
    {
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(modelDir, "partnercentral-selling.json")))!;
        var patchDir = Path.Combine(modelDir, "patches");
        if (Directory.Exists(patchDir))
        {
            foreach (var patch in Directory.GetFiles(patchDir, "*.json").Order(StringComparer.Ordinal))
            {
                JsonPatch.Apply(model, JsonNode.Parse(File.ReadAllText(patch))!.AsArray());
            }
        }
        return model["shapes"]!.AsObject();
    }
}
