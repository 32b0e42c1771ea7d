using Cosell.Model.Smithy;

namespace Cosell.Service.Domain;

/// <summary>
/// A model shape's pattern, for rules that must judge a value outside request validation exactly as it would: code
/// points, ECMAScript's <c>$</c>, no catastrophic backtracking, a timeout counting as no match (<see cref="SmithyPattern"/>).
/// </summary>
public static class ModelPatterns
{
    public static SmithyPattern Of(string shape) =>
        SmithyPattern.Compile(ShapeGraph.Instance.Get(ShapeGraph.Namespace + "#" + shape).Constraints.Pattern!);
}
