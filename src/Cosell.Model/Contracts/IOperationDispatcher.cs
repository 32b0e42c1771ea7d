using System.Text.Json;
using Cosell.Model.Operations;

namespace Cosell.Model.Contracts;

/// <summary>The service side of the pipeline: runs a validated request of an authenticated caller.</summary>
public interface IOperationDispatcher
{
    bool IsImplemented(OperationDescriptor operation);

    /// <summary>The response body, or null for an operation whose output is empty.</summary>
    Task<byte[]?> DispatchAsync(OperationDescriptor operation, Caller caller, JsonElement body, CancellationToken ct);
}
