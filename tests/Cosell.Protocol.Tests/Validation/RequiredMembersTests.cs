using System.Text.Json;
using Xunit;

namespace Cosell.Protocol.Tests.Validation;

/// <summary>
/// <c>{}</c> against every operation: the errors must be exactly the required top-level members. The expectation is read
/// from the raw model file with System.Text.Json, independently of ShapeGraph.
/// </summary>
public sealed class RequiredMembersTests
{
    private const string OperationPrefix = "com.amazonaws.partnercentralselling#";

    public static TheoryData<string, string[]> Operations()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ValidationFixture.ModelPath));
        var shapes = doc.RootElement.GetProperty("shapes");
        var data = new TheoryData<string, string[]>();
        foreach (var shape in shapes.EnumerateObject())
        {
            if (shape.Value.GetProperty("type").GetString() != "operation")
            {
                continue;
            }
            var input = shapes.GetProperty(shape.Value.GetProperty("input").GetProperty("target").GetString()!);
            var required = new List<string>();
            if (input.TryGetProperty("members", out var members))
            {
                foreach (var member in members.EnumerateObject())
                {
                    if (member.Value.TryGetProperty("traits", out var traits) && traits.TryGetProperty("smithy.api#required", out _))
                    {
                        required.Add(char.ToLowerInvariant(member.Name[0]) + member.Name[1..]);
                    }
                }
            }
            data.Add(shape.Name[OperationPrefix.Length..], [.. required]);
        }
        return data;
    }

    [Fact]
    public void Operations_RawModel_HasFortyTwo()
    {
        Assert.Equal(42, Operations().Count);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void AnyOperation_EmptyObject_RequiredFieldMissingForEachRequiredTopLevelMember(string operation, string[] required)
    {
        var errors = ValidationFixture.Validate(operation, "{}");

        Assert.Equal(required, errors.Select(e => e.FieldName));
        Assert.All(errors, e =>
        {
            Assert.Equal("REQUIRED_FIELD_MISSING", e.Code);
            Assert.Equal($"Value null at '{e.FieldName}' failed to satisfy constraint: Member must not be null", e.Message);
        });
    }
}
