using System.Text.Json.Serialization.Metadata;

namespace Cosell.Model.Operations;

/// <summary>What the pipeline knows about one operation; typed access goes through <see cref="Accept{TResult}"/>.</summary>
public abstract class OperationDescriptor(string name, string inputShape, string? outputShape, string? idempotencyTokenMember, bool readOnly)
{
    public string Name { get; } = name;
    public string InputShape { get; } = inputShape;
    public string? OutputShape { get; } = outputShape;
    public string? IdempotencyTokenMember { get; } = idempotencyTokenMember;
    public bool ReadOnly { get; } = readOnly;

    public abstract TResult Accept<TResult>(IOperationVisitor<TResult> visitor);
}

/// <remarks>
/// The JSON contracts are resolved on first use, not when the operation table is built: resolving all 84 of them (and
/// every shape they reach) costs about 150 ms of CPU, which start-up need not pay for operations no request names.
/// </remarks>
public sealed class OperationDescriptor<TIn, TOut>(
    string name, string inputShape, string? outputShape, string? idempotencyTokenMember, bool readOnly,
    Func<JsonTypeInfo<TIn>> input, Func<JsonTypeInfo<TOut>>? output)
    : OperationDescriptor(name, inputShape, outputShape, idempotencyTokenMember, readOnly)
    where TIn : class
    where TOut : class
{
    private JsonTypeInfo<TIn>? _input;
    private JsonTypeInfo<TOut>? _output;

    public JsonTypeInfo<TIn> Input => _input ??= input();

    /// <summary>Null for operations whose output is Unit (an empty 200).</summary>
    public JsonTypeInfo<TOut>? Output => output is null ? null : _output ??= output();

    public override TResult Accept<TResult>(IOperationVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Recovers the static input and output types of an operation without reflection.</summary>
public interface IOperationVisitor<out TResult>
{
    TResult Visit<TIn, TOut>(OperationDescriptor<TIn, TOut> operation) where TIn : class where TOut : class;
}
