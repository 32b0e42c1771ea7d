using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §6: request size and connection limits. A body over the cap gets a 413 in the protocol's error form whether its
/// length was declared or it came chunked; connections over <c>--max-connections</c> are closed at once without an answer
/// (every SDK retries a refused connection), with a warning in the log, and the server goes on serving the others.
/// </summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task OversizedBody_DeclaredLength_413RequestEntityTooLargeInProtocolForm()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1 });
        var body = Encoding.UTF8.GetBytes(Bodies.Engagement(title: new string('x', 5 * 1024 * 1024)).ToJsonString());

        var response = await server.Client.SendAsync("CreateEngagement", body, server.Accounts[0], null);

        var error = ProtocolErrors.Assert(response, 413, "RequestEntityTooLargeException");
        Assert.Contains("4194304", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(200, (await server.Client.CallAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" }, server.Accounts[0])).Status);
    }

    [Fact]
    public async Task OversizedBody_TenMegabytes_413AndTheServerStillAnswers()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1 });
        var body = new byte[10 * 1024 * 1024];
        body.AsSpan().Fill((byte)' ');
        body[0] = (byte)'{';
        body[^1] = (byte)'}';

        var response = await server.Client.SendAsync("ListEngagements", body, server.Accounts[0], null);

        ProtocolErrors.Assert(response, 413, "RequestEntityTooLargeException");
        Assert.Equal(200, (await server.Client.CallAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" }, server.Accounts[0])).Status);
    }

    [Fact]
    public async Task OversizedBody_ChunkedWithoutLength_413InProtocolForm()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1, MaxBodyBytes = 4096 });
        var body = Encoding.UTF8.GetBytes(Bodies.Engagement(title: new string('y', 10_000)).ToJsonString());
        var head = RawHttp.Head(server.Client, "CreateEngagement", body, server.Accounts[0], chunked: true);
        var chunks = new List<byte>();
        for (var i = 0; i < body.Length; i += 1000)
        {
            var n = Math.Min(1000, body.Length - i);
            chunks.AddRange(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            chunks.AddRange(body.AsSpan(i, n));
            chunks.AddRange("\r\n"u8);
        }
        chunks.AddRange("0\r\n\r\n"u8);

        var response = await RawHttp.ExchangeAsync(server.BaseAddress, [.. head, .. chunks]);

        Assert.NotNull(response);
        ProtocolErrors.Assert(response.ToApiResponse(), 413, "RequestEntityTooLargeException");
    }

    [Fact]
    public async Task MaxConnections_OneOverTheLimit_ClosedUnansweredOthersServedWarningLogged()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1, MaxConnections = 2 });
        var account = server.Accounts[0];
        var list = Encoding.UTF8.GetBytes("""{"Catalog":"Sandbox"}""");

        // Two keep-alive connections, each served once and kept open.
        var open = new List<TcpClient>();
        for (var i = 0; i < 2; i++)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
            await tcp.GetStream().WriteAsync((byte[])[.. RawHttp.Head(server.Client, "ListEngagements", list, account), .. list]);
            Assert.Equal(200, (await RawHttp.ReadResponseAsync(tcp.GetStream())).Status);
            open.Add(tcp);
        }

        // A third is accepted by the kernel, then closed by Kestrel before any request is read: no answer at all.
        var refused = await RawHttp.ExchangeAsync(server.BaseAddress, [.. RawHttp.Head(server.Client, "ListEngagements", list, account), .. list]);
        Assert.Null(refused);
        // Cosell's own line (RefusedConnectionsLog) for the first refusal, not Kestrel's one per refused connection.
        Assert.Contains(server.Logs.Lines, l => l.Contains("A connection was refused: 2 connections are open", StringComparison.Ordinal));

        // The open connections are still served; once one closes, a new connection is served again.
        await open[0].GetStream().WriteAsync((byte[])[.. RawHttp.Head(server.Client, "ListEngagements", list, account), .. list]);
        Assert.Equal(200, (await RawHttp.ReadResponseAsync(open[0].GetStream())).Status);
        open[1].Dispose();
        RawHttp.Response? again = null;
        for (var attempt = 0; attempt < 200 && again is null; attempt++)
        {
            again = await RawHttp.ExchangeAsync(server.BaseAddress, [.. RawHttp.Head(server.Client, "ListEngagements", list, account), .. list]);
            if (again is null)
            {
                await Task.Delay(25); // Kestrel releases the closed connection's slot asynchronously
            }
        }
        Assert.NotNull(again);
        Assert.Equal(200, again.Status);
        open[0].Dispose();
    }
}
