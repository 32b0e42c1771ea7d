extern alias codegen;

using System.Text.Json.Nodes;
using Cosell.Protocol.Tests.Validation;
using Xunit;
using BotocoreGenerator = codegen::Cosell.Codegen.BotocoreGenerator;
using ModelLoader = codegen::Cosell.Codegen.ModelLoader;

namespace Cosell.Protocol.Tests.Codegen;

/// <summary>
/// The botocore model in clients/botocore-data is generated (tools/Cosell.Codegen). The reference in
/// tests/fixtures/botocore is the model shipped before that, made outside this repository from the unpatched Smithy
/// model, with its AWS documentation strings taken out (see the README there): the generator must reproduce it byte
/// for byte from the same unpatched model, so the conventions old botocore was proven to accept stay the same.
/// </summary>
public sealed class BotocoreGeneratorTests
{
    private static readonly string[] FileNames = ["paginators-1.json", "service-2.json"];

    private static string ModelDirectory => Path.GetDirectoryName(ValidationFixture.ModelPath)!;

    private static string RepoRoot => Path.GetDirectoryName(ModelDirectory)!;

    private static readonly Lazy<SortedDictionary<string, string>> Patched =
        new(() => new BotocoreGenerator(ModelLoader.Load(ModelDirectory)).Generate());

    private static JsonObject PatchedServiceModel => JsonNode.Parse(Patched.Value["service-2.json"])!.AsObject();

    [Fact]
    public void Generate_UnpatchedModel_ReproducesTheFirstShippedFilesByteForByte()
    {
        var files = new BotocoreGenerator(ModelLoader.Load(ModelDirectory, withPatches: false)).Generate();

        Assert.Equal(FileNames, files.Keys);
        foreach (var name in FileNames)
        {
            var reference = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "botocore", "partnercentral-selling", "2022-07-26", name));
            Assert.Equal(reference, files[name]);
        }
    }

    [Fact]
    public void Generate_PatchedModel_IsWhatClientsBotocoreDataHolds()
    {
        foreach (var name in FileNames)
        {
            var shipped = File.ReadAllText(Path.Combine(RepoRoot, BotocoreGenerator.OutputDirectory, name));
            Assert.True(shipped == Patched.Value[name], $"{BotocoreGenerator.OutputDirectory}/{name} is stale; run: dotnet run --project tools/Cosell.Codegen");
        }
    }

    [Fact]
    public void Generate_PatchedModel_HasThePatchedOperationsAndMembers()
    {
        var model = PatchedServiceModel;
        var operations = model["operations"]!.AsObject();
        var shapes = model["shapes"]!.AsObject();

        Assert.Equal(45, operations.Count);
        foreach (var op in new[] { "StartProspectingFromEngagementTask", "GetProspectingFromEngagementTask", "ListProspectingFromEngagementTasks" })
        {
            Assert.Equal(op + "Request", (string)operations[op]!["input"]!["shape"]!);
        }
        Assert.Equal("ExpectedContractDuration", (string)shapes["Project"]!["members"]!["ExpectedContractDuration"]!["shape"]!);
        Assert.Equal(["Term", "Value"], shapes["ExpectedContractDuration"]!["required"]!.AsArray().Select(n => (string)n!));
        Assert.Contains("ProspectingResult", shapes["EngagementContextType"]!["enum"]!.AsArray().Select(n => (string)n!));
        Assert.NotNull(shapes["LeadContext"]!["members"]!["Insights"]);
        Assert.NotNull(shapes["GetEngagementInvitationResponse"]!["members"]!["EnrichmentContext"]);

        var paginators = JsonNode.Parse(Patched.Value["paginators-1.json"])!["pagination"]!.AsObject();
        Assert.Equal("TaskSummaries", (string)paginators["ListProspectingFromEngagementTasks"]!["result_key"]!);
    }

    [Fact]
    public void Generate_PatchedModel_CarriesNoDocumentation()
    {
        // The patches carry documentation traits; AWS's text (and ours) stays out of the botocore model.
        Assert.DoesNotContain("\"documentation\"", Patched.Value["service-2.json"], StringComparison.Ordinal);
    }
}
