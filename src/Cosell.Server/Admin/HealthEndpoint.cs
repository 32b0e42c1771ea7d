using System.Reflection;
using System.Text.Json.Serialization;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Admin;

public sealed record HealthReport(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("storeAvailable")] bool StoreAvailable,
    [property: JsonPropertyName("operationsImplemented")] int OperationsImplemented,
    [property: JsonPropertyName("operationsTotal")] int OperationsTotal);

/// <summary>
/// <c>GET /_cosell/health</c>: what this server is, and whether its store answers now (503 when it does not, so a load
/// balancer or a container's health check takes an instance whose PostgreSQL is unreachable out of rotation). HEAD
/// answers the same status without the body, for the health checkers that send HEAD.
/// </summary>
public static class HealthEndpoint
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    public static void Map(WebApplication app)
    {
        // The reason last logged: a health checker polling every second logs one line when the store fails (or fails
        // otherwise) and one when it is back, not one a poll.
        string? logged = null;
        app.MapMethods("/_cosell/health", [HttpMethods.Get, HttpMethods.Head], async (IStore store, IOperationDispatcher dispatcher, ILoggerFactory logs, CancellationToken ct) =>
        {
            var version = typeof(HealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            var implemented = OperationTable.All.Values.Count(dispatcher.IsImplemented);
            var available = true;
            try
            {
                // A database that hangs rather than refuses (a stopped host) held the answer 15-35 s, past a load
                // balancer's own timeout (cancelling Npgsql's command waits for a cancel request to that host): the
                // answer does not wait for the ping past a few seconds, which then ends on its own.
                try
                {
                    await store.PingAsync(ct).WaitAsync(PingTimeout, ct);
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"no answer within {PingTimeout.TotalSeconds:0} s");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (Interlocked.Exchange(ref logged, e.Message) != e.Message)
                {
                    logs.CreateLogger(typeof(HealthEndpoint)).LogWarning("Health check: the {Store} store is unavailable: {Reason}", store.Kind, e.Message);
                }
                available = false;
            }
            if (available && Interlocked.Exchange(ref logged, null) is not null)
            {
                logs.CreateLogger(typeof(HealthEndpoint)).LogWarning("Health check: the {Store} store is available again", store.Kind);
            }
            return Results.Json(new HealthReport(version.Split('+')[0], store.Kind, available, implemented, OperationTable.All.Count),
                ServerJsonContext.Default.HealthReport, statusCode: available ? 200 : 503);
        });
    }
}
