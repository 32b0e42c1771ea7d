namespace Cosell.Model.Smithy;

/// <summary>The Smithy shape kinds this service's model uses.</summary>
public enum ShapeKind { String, Enum, Integer, Timestamp, Structure, Union, List, Map, Unit, Operation, Other }

/// <summary>Constraint traits that apply to a shape or a member (member traits override the target's).</summary>
public sealed record Constraints(
    long? MinLength, long? MaxLength,
    long? MinRange, long? MaxRange,
    string? Pattern)
{
    public static readonly Constraints None = new(null, null, null, null, null);

    /// <summary>Member constraints refine the target shape's: each trait the member sets replaces the target's.</summary>
    public Constraints Over(Constraints target) => new(
        MinLength ?? target.MinLength, MaxLength ?? target.MaxLength,
        MinRange ?? target.MinRange, MaxRange ?? target.MaxRange,
        Pattern ?? target.Pattern);
}

public sealed record Member(
    string Name,
    string Target,
    bool Required,
    bool IdempotencyToken,
    bool Sensitive,
    string? DefaultValue,
    Constraints Constraints);

public sealed record Shape(
    string Id,
    ShapeKind Kind,
    IReadOnlyList<Member> Members,
    IReadOnlyList<string> EnumValues,
    Constraints Constraints,
    bool Sensitive,
    string? ListMember,
    Constraints? ListMemberConstraints,
    string? MapValue)
{
    public string Name => Id[(Id.IndexOf('#') + 1)..];

    public Member? FindMember(string name)
    {
        foreach (var m in Members)
        {
            if (m.Name == name)
            {
                return m;
            }
        }
        return null;
    }
}

public sealed record OperationShape(
    string Name,
    string InputShape,
    string? OutputShape,
    IReadOnlyList<string> Errors,
    string? IdempotencyTokenMember,
    bool ReadOnly,
    int HttpCode = 200);
