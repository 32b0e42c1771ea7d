using System.Text.Json;
using Cosell.Model.Contracts;
using Cosell.Model.Json;
using Cosell.Model.Operations;
using Cosell.Model.Smithy;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cosell.Service.Dispatch;

/// <summary>
/// Binds the validated body to the operation's input record, runs its handler inside one store session and writes the
/// output. For operations with an idempotency token the token check, the handler's writes and the token record share
/// one transaction, so a retry either sees the whole first attempt or none of it.
/// </summary>
public sealed class OperationDispatcher(
    IServiceProvider services, IStore store, TimeProvider clock, IIdGenerator ids, IAccountDirectory accounts,
    IdempotencyOptions idempotency, ILogger<OperationDispatcher> logger)
    : IOperationDispatcher
{
    public const string TokenConflictMessage = "Conflicting client token submitted for a new request body.";

    /// <summary>How often a request runs when the store keeps rolling it back for a concurrent one (<see cref="IStore.IsTransientConflict"/>).</summary>
    public const int MaxAttempts = 3;

    public bool IsImplemented(OperationDescriptor operation) => operation.Accept(new HandlerProbe(services));

    public Task<byte[]?> DispatchAsync(OperationDescriptor operation, Caller caller, JsonElement body, CancellationToken ct) =>
        operation.Accept(new Invocation(this, caller, body, ct));

    private async Task<byte[]?> RunAsync<TIn, TOut>(
        OperationDescriptor<TIn, TOut> op, Caller caller, JsonElement body, CancellationToken ct)
        where TIn : class where TOut : class
    {
        var handler = services.GetService<IOperationHandler<TIn, TOut>>()
            ?? throw ApiException.NotImplemented(op.Name);

        // The hash is pure work: done before the store session, since a write session holds the store's only writer.
        string? token = null, hash = null, catalog = null;
        if (op.IdempotencyTokenMember is { } tokenMember && body.TryGetProperty(tokenMember, out var tokenElement)
            && tokenElement.ValueKind == JsonValueKind.String)
        {
            token = tokenElement.GetString()!;
            if (idempotency.StrictTokens && IdempotencyOptions.StrictTokenOperations.Contains(op.Name) && !IdempotencyOptions.IsStrictToken(token))
            {
                throw ApiException.RequestInvalid("clientToken", FieldError.PatternConstraint(IdempotencyOptions.StrictTokenPattern), "INVALID_STRING_FORMAT");
            }
            catalog = body.GetProperty("Catalog").GetString()!;
            hash = RequestHash.Compute(body, tokenMember, ShapeGraph.Instance, op.InputShape);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(op, handler, caller, body, token, hash, catalog, ct);
            }
            catch (Exception e) when (attempt < MaxAttempts && store.IsTransientConflict(e))
            {
                // The store rolled the whole attempt back (its session was one transaction), so nothing of it remains:
                // the request runs again from the start, as the client's own retry would. The last attempt's failure
                // goes on to the pipeline, which answers it as any unexpected error (500). Logged: each one costs the
                // store's deadlock timeout, and a steady stream of them points at two paths locking in opposite orders.
                logger.LogWarning("{Operation} was rolled back by the store for a concurrent request ({Reason}); it runs again (attempt {Next} of {Max})",
                    op.Name, e.GetBaseException().Message, attempt + 1, MaxAttempts);
            }
            catch (Exception e) when (store.Unavailable(e) is { } reason)
            {
                // One line per request while the database is down, not a stack trace each: the SDKs retry a 500.
                logger.LogError("{Operation} failed: the {Store} store is unavailable ({Reason})", op.Name, store.Kind, reason);
                throw ApiException.Unexpected();
            }
        }
    }

    private async Task<byte[]?> RunOnceAsync<TIn, TOut>(
        OperationDescriptor<TIn, TOut> op, IOperationHandler<TIn, TOut> handler, Caller caller, JsonElement body,
        string? token, string? hash, string? catalog, CancellationToken ct)
        where TIn : class where TOut : class
    {
        // Bound for each attempt: a handler may change the input it is given.
        var input = body.Deserialize(op.Input) ?? throw ApiException.Serialization("The request body must be a JSON object.");
        var lapsed = false;

        await using var session = await store.BeginAsync(write: !op.ReadOnly, ct);
        var now = clock.GetUtcNow();

        if (token is not null)
        {
            var prior = await session.GetIdempotencyAsync(caller.AccountId, catalog!, op.Name, token, ct);
            // A record past the token's lifetime no longer counts: the request runs as new (spec 04 §1) and replaces it.
            if (prior is not null && now < prior.ReplaysUntil)
            {
                return prior.RequestHash == hash ? prior.Response : throw ApiException.Conflict(TokenConflictMessage);
            }
            lapsed = prior is not null;
        }

        var context = new OperationContext
        {
            Caller = caller, Operation = op.Name, Body = body, Store = session, Now = now, Ids = ids, Accounts = accounts,
        };
        var output = await handler.HandleAsync(input, context, ct);
        var bytes = op.Output is null ? null : WireJson.SerializeToUtf8Bytes(output, op.Output);

        if (context.Events.Count > 0)
        {
            await session.AppendEventsAsync(context.Events, ct);
        }
        if (token is not null)
        {
            var record = new IdempotencyRecord(caller.AccountId, catalog!, op.Name, token, hash!, bytes ?? [], now, idempotency.ReplaysUntil(now));
            await (lapsed ? session.ReplaceIdempotencyAsync(record, ct) : session.SaveIdempotencyAsync(record, ct));
        }
        if (!op.ReadOnly)
        {
            await session.CommitAsync(ct);
        }
        return bytes is { Length: 0 } ? null : bytes;
    }

    private sealed class Invocation(OperationDispatcher owner, Caller caller, JsonElement body, CancellationToken ct)
        : IOperationVisitor<Task<byte[]?>>
    {
        public Task<byte[]?> Visit<TIn, TOut>(OperationDescriptor<TIn, TOut> operation) where TIn : class where TOut : class =>
            owner.RunAsync(operation, caller, body, ct);
    }

    private sealed class HandlerProbe(IServiceProvider services) : IOperationVisitor<bool>
    {
        public bool Visit<TIn, TOut>(OperationDescriptor<TIn, TOut> operation) where TIn : class where TOut : class =>
            services.GetService<IOperationHandler<TIn, TOut>>() is not null;
    }
}
