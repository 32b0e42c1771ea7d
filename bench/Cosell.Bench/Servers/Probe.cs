using System.Diagnostics;
using System.Net.Sockets;
using Cosell.Bench.Fixtures;
using Cosell.Bench.Http;

namespace Cosell.Bench.Servers;

/// <summary>Waits for a server's first successful signed request (a ListEngagementInvitations, 200).</summary>
internal static class Probe
{
    /// <summary>Returns the milliseconds from the process start to the first 200 answer.</summary>
    public static async Task<double> FirstSuccessAsync(ServerProcess server, BenchAccount account, TimeSpan timeout, CancellationToken ct)
    {
        var signer = new SignedRequestWriter($"127.0.0.1:{server.Port}");
        var body = new byte[256];
        var request = new byte[4096];
        var n = WireTemplates.WriteListInvitations(body, asSender: false);
        using var connection = new RawHttpConnection(server.Endpoint);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The server exited during start-up; see {server.LogPath}.");
            }
            try
            {
                var length = signer.Write(request, signer.Target("ListEngagementInvitations"), account, body.AsSpan(0, n));
                var status = await connection.SendAsync(request.AsMemory(0, length), ct).ConfigureAwait(false);
                if (status == 200)
                {
                    return Stopwatch.GetElapsedTime(server.StartedAt).TotalMilliseconds;
                }
                last = $"HTTP {status}: {System.Text.Encoding.UTF8.GetString(connection.Body.Span)}";
                await Task.Delay(5, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                last = e.Message;
                Thread.Sleep(1); // connection refused: not listening yet
            }
        }
        throw new TimeoutException($"No successful signed request within {timeout.TotalSeconds} s ({last}); see {server.LogPath}.");
    }
}
