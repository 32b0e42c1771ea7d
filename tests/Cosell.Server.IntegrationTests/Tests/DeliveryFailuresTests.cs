using System.Net;
using System.Net.Sockets;
using System.Text;
using Cosell.Server.Events;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>The warning of a failed webhook delivery names the cause, not only HttpClient's generic outer message.</summary>
public sealed class DeliveryFailuresTests
{
    [Fact]
    public async Task Describe_ReceiverClosesWithoutAnswering_NamesTheInnerCause()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closer = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            // The whole request (head and its "{}" body), then hang up without a word: closing with unread bytes would
            // reset the connection, another failure than the one this test is about.
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (!received.ToString().EndsWith("{}", StringComparison.Ordinal)
                && await client.GetStream().ReadAsync(buffer) is var read and > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        });
        using var http = new HttpClient();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync($"http://127.0.0.1:{port}/hook", new StringContent("{}")));
        await closer;

        var text = DeliveryFailures.Describe(error);
        Assert.Contains(error.Message, text, StringComparison.Ordinal);
        Assert.Contains(error.GetBaseException().Message, text, StringComparison.Ordinal);
        Assert.DoesNotContain(error.GetBaseException().Message, error.Message, StringComparison.Ordinal); // the outer one alone says less
    }
}
