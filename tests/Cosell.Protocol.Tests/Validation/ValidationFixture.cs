using System.Text.Json;
using Cosell.Model.Contracts;
using Cosell.Model.Smithy;
using Cosell.Protocol.Validation;
using Xunit;

namespace Cosell.Protocol.Tests.Validation;

/// <summary>One validator for all validation tests (building it compiles every pattern), plus body and model helpers.</summary>
internal static class ValidationFixture
{
    private static readonly Lazy<RequestValidator> Shared = new(() => new RequestValidator(ShapeGraph.Instance));

    public static RequestValidator Validator => Shared.Value;

    public static string InputOf(string operation) => ShapeGraph.Instance.Operations[operation].InputShape;

    /// <summary>Parses <paramref name="json"/> and validates it as <paramref name="operation"/>'s input.</summary>
    public static IReadOnlyList<FieldError> Validate(string operation, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Validator.Validate(InputOf(operation), doc.RootElement);
    }

    public static ApiException SerializationFailure(string operation, string json)
    {
        var ex = Assert.Throws<ApiException>(() => Validate(operation, json));
        Assert.Equal("SerializationException", ex.Type);
        Assert.Equal(400, ex.StatusCode);
        return ex;
    }

    /// <summary>The <c>request.body</c> string of a captured wire fixture.</summary>
    public static string FixtureBody(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "wire", relativePath);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("request").GetProperty("body").GetString()!;
    }

    /// <summary>The vendored Smithy model, found by walking up from the test binaries to the repository root.</summary>
    public static string ModelPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "model", "partnercentral-selling.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException("model/partnercentral-selling.json not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Reads the fixture body, lets <paramref name="edit"/> change it as a mutable tree, and re-serializes it.</summary>
    public static string Edit(string body, Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }
}
