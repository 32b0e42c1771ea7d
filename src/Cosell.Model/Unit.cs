namespace Cosell.Model;

/// <summary>Smithy's Unit: the output of operations that answer with an empty body.</summary>
public sealed record Unit
{
    public static Unit Value { get; } = new();
}
