using Cosell.Model;
using Cosell.Server.IntegrationTests.Infrastructure;
using Cosell.Service.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>A server started without the GetSellingSystemSettings handler (every operation has one now).</summary>
public sealed class NoSettingsHandlerServer : CosellServer
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.RemoveAll<IOperationHandler<GetSellingSystemSettingsRequest, GetSellingSystemSettingsResponse>>();
}

/// <summary>An operation of the model without a handler answers a protocol-shaped 501 that names it, and health counts it out.</summary>
public sealed class NotImplementedTests(NoSettingsHandlerServer server) : IClassFixture<NoSettingsHandlerServer>
{
    [Fact]
    public async Task GetSellingSystemSettings_NoHandler_501NamingTheOperation()
    {
        var response = await server.CallAsync("GetSellingSystemSettings", """{"Catalog":"Sandbox"}""", server.A);

        Assert.Equal(501, response.Status);
        Assert.False(string.IsNullOrEmpty(response.ErrorType), $"501 without __type: {response.Body}");
        Assert.Equal(ErrorWireForm.Type(response.ErrorType!), response.RawErrorType);
        Assert.Contains("GetSellingSystemSettings", (string?)response.Json!["message"]);
        Assert.Equal((string?)response.Json["message"], (string?)response.Json["Message"]);
    }

    [Fact]
    public async Task Health_HandlerMissing_CountsOneLess()
    {
        using var response = await server.Http.GetAsync("/_cosell/health");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(45, (int?)json["operationsTotal"]);
        Assert.Equal(44, (int?)json["operationsImplemented"]);
    }
}
