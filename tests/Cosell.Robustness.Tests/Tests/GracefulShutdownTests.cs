using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>Issue 6 §2: SIGTERM lets the requests already in flight finish with 200, then the process exits 0.</summary>
[Collection(HeavyCollection.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int InFlight = 6;

    [Fact]
    public async Task Serve_SigtermWithRequestsInFlight_DrainsThemWith200AndExitsZero()
    {
        using var dir = new TempDirectory();
        var (account, accountsPath) = Accounts.WriteOne(dir.Path);
        var data = Path.Combine(dir.Path, "data");
        // Trace: one line per request and its body, sensitive members redacted (checked below on the process's own output).
        using var server = await ServerProcess.StartAsync(data, accountsPath, ["--log-level", "Trace"]);
        using var signer = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow);

        // Each request is sent up to its body with "Expect: 100-continue"; the server's 100 Continue shows the pipeline has
        // it and is reading the body, which is sent only after SIGTERM.
        var requests = new List<(TcpClient Tcp, NetworkStream Stream, byte[] Body)>();
        for (var i = 0; i < InFlight; i++)
        {
            var body = Encoding.UTF8.GetBytes(Bodies.Engagement(title: $"drain {i}").ToJsonString());
            var head = RawHttp.Head(signer, "CreateEngagement", body, account, expectContinue: true);
            var tcp = new TcpClient();
            await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(head);
            await stream.FlushAsync();
            await RawHttp.ExpectContinueAsync(stream).WaitAsync(TimeSpan.FromSeconds(30));
            requests.Add((tcp, stream, body));
        }

        server.Terminate();
        await WaitForAsync(() => server.Output.Contains("Application is shutting down", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        // Past System.CommandLine's default 2-second termination grace, so a drain cut short by it shows here.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var statuses = new List<string>();
        var ids = new List<string>();
        foreach (var (tcp, stream, rest) in requests)
        {
            await stream.WriteAsync(rest);
            await stream.FlushAsync();
            var response = await RawHttp.ReadResponseAsync(stream);
            statuses.Add(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (response.Status == 200)
            {
                ids.Add((string)JsonNode.Parse(response.Body)!["Id"]!);
            }
            tcp.Dispose();
        }
        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Figures.Report(output, $"SIGTERM with {InFlight} requests in flight -> answers {string.Join(",", statuses)}; exit code {exit}");
        Assert.All(statuses, s => Assert.Equal("200", s));
        Assert.Equal(0, exit);
        var log = server.Output;
        Assert.Contains("CreateEngagement by " + account.AccountId, log, StringComparison.Ordinal);
        Assert.Contains(Cosell.Protocol.Pipeline.SensitiveRedactor.Redacted, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Legacy on-premises data warehouse", log, StringComparison.Ordinal); // a @sensitive business problem
        Assert.DoesNotContain(account.SecretAccessKey, log, StringComparison.Ordinal);

        // The drained writes were committed.
        using var again = await ServerProcess.StartAsync(data, accountsPath);
        using var client = new ApiClient(again.BaseAddress, () => DateTimeOffset.UtcNow);
        foreach (var id in ids)
        {
            await Bodies.OkAsync(client, "GetEngagement", Bodies.Identify(id), account);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
