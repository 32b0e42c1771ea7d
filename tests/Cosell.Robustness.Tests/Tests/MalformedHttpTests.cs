using System.Text;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// HTTP that is broken before any request exists (request line, header syntax, conflicting framing headers) is refused by
/// Kestrel itself, before Cosell's pipeline runs: a bare 4xx without a JSON body, and the connection closed. Known limit:
/// such answers cannot carry the awsJson1_0 error form. What must hold: never a 5xx, and the server serves on.
/// </summary>
public sealed class MalformedHttpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MalformedHttp_RefusedBeforeThePipeline_4xxOrClosedNever5xxServerServesOn()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1 });
        var host = server.BaseAddress.Authority;
        var body = """{"Catalog":"Sandbox"}""";
        var cases = new Dictionary<string, string>
        {
            ["not HTTP"] = "GARBAGE\r\n\r\n",
            ["unknown HTTP version"] = $"POST / HTTP/9.9\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n",
            ["spaces in the request line"] = $"POST  /  HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n",
            ["two Host headers"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nHost: other.example.com\r\nContent-Length: 0\r\n\r\n",
            ["no Host header"] = "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            ["header without a colon"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nX-Amz-Target AWSPartnerCentralSelling.ListEngagements\r\nContent-Length: 0\r\n\r\n",
            ["NUL in a header value"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nX-Amz-Target: AWS\0Partner\r\nContent-Length: 0\r\n\r\n",
            ["negative Content-Length"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: -1\r\n\r\n",
            ["two Content-Lengths"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 2\r\nContent-Length: 21\r\n\r\n{body}",
            ["Content-Length with chunked"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 21\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            ["unknown transfer coding"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: gzip\r\n\r\n{body}",
            ["headers over 32 KB"] = $"POST / HTTP/1.1\r\nHost: {host}\r\nX-Big: {new string('b', 40_000)}\r\nContent-Length: 0\r\n\r\n",
            ["request line over 8 KB"] = $"POST /{new string('a', 10_000)} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n",
        };

        var answers = new List<string>();
        foreach (var (name, raw) in cases)
        {
            var response = await RawHttp.ExchangeAsync(server.BaseAddress, Encoding.Latin1.GetBytes(raw));
            answers.Add($"{name}: {(response is null ? "closed" : response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            if (response is not null)
            {
                // 505 HTTP Version Not Supported is HTTP's own answer to HTTP/9.9: the client's fault despite its number.
                Assert.True(response.Status is >= 400 and < 500 || (response.Status == 505 && name == "unknown HTTP version"),
                    $"{name}: HTTP {response.Status} {response.Body}");
            }
        }
        output.WriteLine(string.Join("\n", answers));

        Assert.Equal(200, (await server.Client.CallAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" }, server.Accounts[0])).Status);
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client that gives up before its answer (a request timeout, an abort, a dropped connection) got none, and its
    /// request's line must not say it was answered: it read "answered 200" when a client closed mid-body. A reset (an
    /// SDK destroying its socket) was logged as an unhandled error with its stack trace, or answered 400 to nobody.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyCutOffByTheClient_LoggedAsNotAnswered_NoErrorLogged(bool reset)
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1 });
        var host = server.BaseAddress.Authority;
        const int Requests = 10;
        for (var i = 0; i < Requests; i++)
        {
            using var socket = new System.Net.Sockets.TcpClient();
            await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST / HTTP/1.1\r\nHost: {host}\r\nX-Amz-Target: AWSPartnerCentralSelling.ListEngagements\r\n" +
                "Content-Type: application/x-amz-json-1.0\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDCUTOFF/20261128/us-east-1/partnercentral-selling/aws4_request\r\n" +
                "Expect: 100-continue\r\nContent-Length: 1000\r\n\r\n"));
            // Kestrel sends 100 Continue when the server first reads the body: from then on the read is under way.
            var interim = new byte[64];
            var got = 0;
            while (!Encoding.ASCII.GetString(interim, 0, got).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(interim.AsMemory(got));
                Assert.NotEqual(0, n);
                got += n;
            }
            Assert.StartsWith("HTTP/1.1 100", Encoding.ASCII.GetString(interim, 0, got), StringComparison.Ordinal);
            await stream.WriteAsync("{\"Catalog\":"u8.ToArray());
            await stream.FlushAsync();
            if (reset)
            {
                socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            }
        }

        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (server.Logs.Lines.Count(l => l.Contains("AKIDCUTOFF", StringComparison.Ordinal)) < Requests)
            {
                await Task.Delay(20, limit.Token);
            }
        }
        var lines = server.Logs.Lines.Where(l => l.Contains("AKIDCUTOFF", StringComparison.Ordinal)).ToList();
        Assert.All(lines, line => Assert.Contains("not answered", line, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }
}
