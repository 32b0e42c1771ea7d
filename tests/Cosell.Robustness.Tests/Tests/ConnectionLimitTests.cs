using System.Net.Sockets;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.Hosting;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Connections that are opened and never closed (a test suite making a new SDK client per call keeps each one idle for
/// Kestrel's 130 s) must not use up the process's open files: the runtime aborts the whole server when it cannot open one.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Theory]
    [InlineData(1024)]
    [InlineData(400)] // about 200 descriptors are the runtime's own at start-up
    public async Task Serve_IdleConnectionsPastTheOpenFileLimit_ServerLivesAndServesOnceTheyClose(int openFiles)
    {
        using var dir = new TempDirectory();
        var (account, accountsPath) = Accounts.WriteOne(dir.Path);
        using var server = await ServerProcess.StartAsync(Path.Combine(dir.Path, "data"), accountsPath, openFileLimit: openFiles);
        using var client = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow);
        Assert.Equal(200, (await client.CallAsync("ListEngagements", """{"Catalog":"Sandbox"}""", account)).Status);

        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < openFiles + 200; i++)
            {
                var socket = new TcpClient();
                idle.Add(socket);
                await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
            }
            // A request on each, answered or refused: the server has then taken every connection it will, and kept
            // the rest of its descriptors' worth of them.
            await Task.WhenAll(idle.Select(async socket =>
            {
                try
                {
                    var stream = socket.GetStream();
                    await stream.WriteAsync("GET /_cosell/health HTTP/1.1\r\nHost: cosell\r\n\r\n"u8.ToArray());
                    await stream.ReadAsync(new byte[512]).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
                }
                catch (Exception e) when (e is IOException or SocketException or TimeoutException)
                {
                    // closed unanswered: past the cap
                }
            }));
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }

        var after = await client.CallAsync("ListEngagements", """{"Catalog":"Sandbox"}""", account);
        Assert.False(server.HasExited, server.Output);
        Assert.Equal(200, after.Status);
    }

    [Fact]
    public async Task Serve_ConnectionsRefusedPastTheCap_OneLogLineNotOneEach()
    {
        using var dir = new TempDirectory();
        var (account, accountsPath) = Accounts.WriteOne(dir.Path);
        using var server = await ServerProcess.StartAsync(Path.Combine(dir.Path, "data"), accountsPath, ["--max-connections", "2"]);
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                held.Add(new TcpClient());
                await held[i].ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
                await held[i].GetStream().WriteAsync("GET /_cosell/health HTTP/1.1\r\nHost: cosell\r\n\r\n"u8.ToArray());
                Assert.NotEqual(0, await held[i].GetStream().ReadAsync(new byte[512]));
            }
            for (var i = 0; i < 300; i++)
            {
                using var refused = new TcpClient();
                await refused.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
                try
                {
                    // Closed by the server unanswered: past the cap.
                    Assert.Equal(0, await refused.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
                }
                catch (IOException)
                {
                }
            }
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }

        using var client = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow);
        // The server counts a closed connection out once it has seen the close: until then a new one is still past the cap.
        var status = 0;
        for (var attempt = 0; attempt < 100 && status == 0; attempt++)
        {
            try
            {
                status = (await client.CallAsync("ListEngagements", """{"Catalog":"Sandbox"}""", account)).Status;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Equal(200, status);
        // The console writes on its own thread: wait for the first line, then for the server to go quiet, before counting.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!server.Output.Contains("connection was refused", StringComparison.Ordinal))
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        server.Terminate();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var lines = server.Output.Split('\n');
        Assert.Single(lines, l => l.Contains("connection was refused", StringComparison.Ordinal) && l.Contains("2 connections are open", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("maximum number of concurrent connections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_NativeCryptoLoadedBeforeTheFirstRequest()
    {
        // Loaded on first use, OpenSSL needs descriptors; should none be free then (clients holding them all), its type
        // initializer fails for good and every signed request after it answers 500. So it is loaded at start.
        using var dir = new TempDirectory();
        var (_, accountsPath) = Accounts.WriteOne(dir.Path);
        using var server = await ServerProcess.StartAsync(Path.Combine(dir.Path, "data"), accountsPath);

        var maps = await File.ReadAllTextAsync($"/proc/{server.Id}/maps");

        Assert.Contains("libSystem.Security.Cryptography.Native.OpenSsl.so", maps, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Max open files            1024                 1024                 files     ", 274L)]
    [InlineData("Max open files            1225                 1225                 files     ", 341L)] // no step past 1,024 spare
    [InlineData("Max open files            2224                 2224                 files     ", 1000L)]
    [InlineData("Max open files            524288               524288               files     ", 393066L)]
    [InlineData("Max open files            256                  4096                 files     ", 18L)]
    [InlineData("Max open files            unlimited            unlimited            files     ", null)]
    [InlineData("Max processes             63422                63422                processes ", null)]
    public void DefaultCap_FromTheSoftOpenFileLimit(string line, long? expected) =>
        Assert.Equal(expected, ConnectionLimit.FromLimits("Limit                     Soft Limit           Hard Limit           Units     \n" + line + "\n", open: 200));
}
