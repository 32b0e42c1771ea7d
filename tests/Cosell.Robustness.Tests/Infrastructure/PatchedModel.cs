using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Cosell.Model.Smithy;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// The output-shape checker shared with the integration suite (ModelShapes) reads model/partnercentral-selling.json beside
/// the test assembly. Here that file is the model with model/patches applied in file-name order, as the server loads it,
/// so answers are checked against the same law the server follows (patches add what the vendored model lacks).
/// </summary>
internal static class PatchedModel
{
#pragma warning disable CA2255 // a test assembly: the file must exist before any test reads it
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Write()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "model");
        var raw = Path.Combine(folder, "raw", "partnercentral-selling.json");
        if (!File.Exists(raw))
        {
            return;
        }
        var model = JsonNode.Parse(File.ReadAllText(raw))!;
        var patches = Path.Combine(folder, "patches");
        if (Directory.Exists(patches))
        {
            foreach (var patch in Directory.GetFiles(patches, "*.json").Order(StringComparer.Ordinal))
            {
                JsonPatch.Apply(model, JsonNode.Parse(File.ReadAllText(patch))!.AsArray());
            }
        }
        File.WriteAllText(Path.Combine(folder, "partnercentral-selling.json"), model.ToJsonString());
    }
}
