namespace Cosell.Service.Dispatch;

/// <summary>The business logic of one operation: typed input in, typed output out; no HTTP, JSON or SQL.</summary>
public interface IOperationHandler<in TIn, TOut>
{
    Task<TOut> HandleAsync(TIn input, OperationContext ctx, CancellationToken ct);
}
