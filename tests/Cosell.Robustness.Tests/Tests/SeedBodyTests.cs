using System.Text.Json;
using Cosell.Model.Smithy;
using Cosell.Protocol.Validation;
using Cosell.Robustness.Tests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>The fuzz and isolation suites start from model-built bodies; they are only worth mutating if they are valid.</summary>
public sealed class SeedBodyTests
{
    private static readonly RequestValidator Validator = new(ShapeGraph.Instance);

    public static TheoryData<string> Operations => new(InProcessServer.AllOperations.Select(o => o.Name));

    [Theory]
    [MemberData(nameof(Operations))]
    public void SeedBodies_MinimalAndFull_PassRequestValidation(string operation)
    {
        var seeds = new SeedBodies();
        foreach (var (kind, body) in new[] { ("minimal", seeds.Minimal(operation)), ("full", seeds.Full(operation)) }
                     .Concat(seeds.Captured(operation).Select(b => ("captured", b))))
        {
            using var document = JsonDocument.Parse(body.ToJsonString());
            var errors = Validator.Validate(SeedBodies.InputShape(operation), document.RootElement);
            Assert.True(errors.Count == 0,
                $"{kind} seed of {operation} is invalid: {string.Join("; ", errors.Select(e => e.Message))}\n{body.ToJsonString()}");
        }
    }
}
