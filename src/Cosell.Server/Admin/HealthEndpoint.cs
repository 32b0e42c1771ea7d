using System.Reflection;
using System.Text.Json.Serialization;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cosell.Server.Admin;

public sealed record HealthReport(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("operationsImplemented")] int OperationsImplemented,
    [property: JsonPropertyName("operationsTotal")] int OperationsTotal);

public static class HealthEndpoint
{
    public static void Map(WebApplication app) =>
        app.MapGet("/_cosell/health", (IStore store, IOperationDispatcher dispatcher) =>
        {
            var version = typeof(HealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            var implemented = OperationTable.All.Values.Count(dispatcher.IsImplemented);
            return Results.Json(new HealthReport(version.Split('+')[0], store.Kind, implemented, OperationTable.All.Count),
                ServerJsonContext.Default.HealthReport);
        });
}
