using System.Net;
using System.Net.Sockets;
using Cosell.Server.Events;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>The warning of a failed webhook delivery names the cause, not only HttpClient's generic outer message.</summary>
public sealed class DeliveryFailuresTests
{
    [Fact]
    public async Task Describe_ReceiverClosesWithoutAnswering_NamesTheEndedResponse()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closer = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var buffer = new byte[4096];
            _ = await client.GetStream().ReadAsync(buffer); // the request's head, then hang up without a word
        });
        using var http = new HttpClient();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync($"http://127.0.0.1:{port}/hook", new StringContent("{}")));
        await closer;

        var text = DeliveryFailures.Describe(error);
        Assert.Contains(error.Message, text, StringComparison.Ordinal);
        Assert.Contains("prematurely", text, StringComparison.Ordinal);
    }
}
