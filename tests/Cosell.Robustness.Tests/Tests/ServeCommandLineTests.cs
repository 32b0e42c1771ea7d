using System.Diagnostics;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// <c>cosell serve</c> given bad flags or a bad accounts file: a one-line message and exit code 1, never an unhandled
/// exception with a stack trace, and no server started.
/// </summary>
public sealed class ServeCommandLineTests
{
    // One character past the model's 120 for a member's CompanyName.
    private const string Name121 = "A partner whose name runs past the limit that the model sets for a member company name, one hundred and twenty characters";

    [Theory]
    [InlineData("--client-token-hours", "abc", "--client-token-hours must be more than 0 and at most 8784")]
    [InlineData("--client-token-hours", "1,5", "--client-token-hours must be more than 0 and at most 8784")]
    [InlineData("--client-token-hours", "0", "--client-token-hours must be more than 0 and at most 8784")]
    [InlineData("--event-retention-days", "0", "--event-retention-days must be a number of days from 0.0417 (an hour) to 3660")]
    [InlineData("--event-retention-days", "a week", "--event-retention-days must be a number of days from 0.0417 (an hour) to 3660")]
    [InlineData("--max-connections", "0", "--max-connections must be a whole number of at least 1")]
    [InlineData("--max-connections", "many", "--max-connections must be a whole number of at least 1")]
    [InlineData("--urls", "foo", "--urls takes addresses such as http://127.0.0.1:4577; 'foo' is not one.")]
    [InlineData("--urls", "", "--urls needs at least one address")]
    [InlineData("--urls", "http://127.0.0.1:99999", "'http://127.0.0.1:99999' is not one.")]
    [InlineData("--urls", "https://127.0.0.1:0", "--urls takes http addresses only")]
    [InlineData("--urls", "http://127.0.0.1:0/prefix", "--urls takes addresses without a path")]
    [InlineData("--log-level", "42", "--log-level must be one of Trace, Debug, Information, Warning, Error, Critical, None.")]
    [InlineData("--log-level", "Verbose", "Verbose")]
    [InlineData("--urls", "http://localhost:0", "--urls takes port 0 only with an IP address")]
    [InlineData("--accounts", "", "--accounts must name a file.")]
    [InlineData("--store", " ", "--store must be a PostgreSQL connection string; leave the flag out for SQLite.")]
    public async Task Serve_FlagOutOfItsRange_UsageErrorExit1(string flag, string value, string expected)
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunServeAsync("--data", data.Path, flag, value);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A"},{"accountId":"111111111111","companyName":"B"}]}""",
        "account 111111111111 is listed twice")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","connections":["abc"]}]}""",
        "connection 'abc' is not a 12-digit account id")]
    [InlineData("""{"accounts":[{"accountId":"12345","companyName":"A"}]}""", "accountId '12345' must be 12 digits")]
    [InlineData("""{"accounts":[""", "is not valid")]
    [InlineData("""{"accounts":[null]}""", "an entry of \"accounts\" is null")]
    [InlineData("""{"accounts":[{"accountId":null,"companyName":"A"}]}""", "is not valid")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","connections":[null]}]}""", "connection 'null' is not a 12-digit account id")]
    [InlineData(null, "cannot be read")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","accessKeys":[null]}]}""", "account 111111111111: an entry of \"accessKeys\" is null")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","users":[null]}]}""", "account 111111111111: an entry of \"users\" is null")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","solutions":[null]}]}""", "account 111111111111: an entry of \"solutions\" is null")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","webhooks":[null]}]}""", "account 111111111111: an entry of \"webhooks\" is null")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":""}]}""", "account 111111111111: companyName must have 1 to 120 characters")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"   "}]}""", "account 111111111111: companyName must have 1 to 120 characters")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":""" + "\"" + Name121 + "\"}]}", "account 111111111111: companyName must have 1 to 120 characters")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","accessKeys":[{"accessKeyId":"AKIDA","secretAccessKey":""}]}]}""",
        "account 111111111111: an access key has an empty accessKeyId or secretAccessKey")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","connection":["222222222222"]}]}""", "member 'connection' is not one Cosell knows")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","connections":["999999999999"]}]}""",
        "account 111111111111: connection '999999999999' names no account of this file")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","accessKeys":[{"accessKeyId":"AK ID/1","secretAccessKey":"s"}]}]}""",
        "account 111111111111: access key 'AK ID/1' cannot be signed with")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","webhooks":[{"url":"http://127.0.0.1:9/x","detailTypes":["Engagment Created"]}]}]}""",
        "detailType 'Engagment Created' is not one Cosell sends")]
    [InlineData("""{"accounts":[{"accountId":"111111111111"}]}""", "required member 'companyName' is missing")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A"}],"accounts":[{"accountId":"222222222222","companyName":"B"}]}""",
        "member 'accounts' is given twice (at $.accounts, line 1)")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","accountId":"333333333333","companyName":"A"}]}""",
        "member 'accountId' is given twice (at $.accounts[0].accountId, line 1)")]
    [InlineData("""{"accounts":[{"accountId":111,"companyName":"A"}]}""", "the value has the wrong type (at $.accounts[0].accountId, line 1)")]
    [InlineData("{\"accounts\":[\n {\"accountId\":\"111111111111\",\n  \"companyName\":\"A\",\n },\n]}", "trailing comma at the end, which JSON does not allow (at $.accounts[0], line 4)")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","solutions":[{"id":"S-0000001","name":"X","createdDate":"01.05.2024"}]}]}""",
        "solution S-0000001 has createdDate '01.05.2024', not an RFC 3339 date-time")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","solutions":[{"id":"S-0000001","name":"X","createdDate":"2024-05-01T09:30:00"}]}]}""",
        "solution S-0000001 has createdDate '2024-05-01T09:30:00', not an RFC 3339 date-time")]
    public async Task Serve_AccountsFileItCannotUse_OneLineMessageExit1(string? content, string expected)
    {
        using var data = new TempDirectory();
        var accounts = Path.Combine(data.Path, "accounts.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(accounts, content);
        }

        var (exitCode, output) = await RunServeAsync("--data", Path.Combine(data.Path, "data"), "--accounts", accounts);

        AssertRefusedInOneLine(exitCode, output, "cosell serve: ");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AccountsPathIsAFolder_OneLineSayingSoExit1()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunServeAsync("--data", Path.Combine(data.Path, "data"), "--accounts", data.Path);

        AssertRefusedInOneLine(exitCode, output, "cosell serve: ");
        Assert.Contains("cannot be read: it is a folder, not a file", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("localhost", "::1")] // Kestrel binds both loopbacks for a name; a Node dev server may hold only ::1
    [InlineData("*", "127.0.0.1")]
    public async Task Serve_PortAlreadyInUse_OneLineNamingTheAddressExit1(string host, string taken)
    {
        using var data = new TempDirectory();
        using var holder = Hold(System.Net.IPAddress.Parse(taken));
        var url = $"http://{host}:{((System.Net.IPEndPoint)holder.LocalEndpoint).Port}";

        var (exitCode, output) = await RunServeAsync("--data", data.Path, "--urls", url);

        AssertRefusedInOneLine(exitCode, output, $"cosell serve: cannot listen on {url}: ");
        Assert.Contains("already in use", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Demo accounts", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "cosell.db")) || File.Exists(Path.Combine(data.Path, "cosell.db")),
            "a server that cannot listen must not open the store");
        Assert.DoesNotContain("BackgroundService", output, StringComparison.Ordinal);
    }

    /// <summary>A listener on a free port of <paramref name="address"/>; on 127.0.0.1 where the system has no IPv6 loopback.</summary>
    private static System.Net.Sockets.TcpListener Hold(System.Net.IPAddress address)
    {
        var holder = new System.Net.Sockets.TcpListener(address, 0);
        try
        {
            holder.Start();
        }
        catch (System.Net.Sockets.SocketException) when (address.Equals(System.Net.IPAddress.IPv6Loopback))
        {
            holder.Dispose();
            holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            holder.Start();
        }
        return holder;
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    public async Task Serve_UrlsClashingWithEachOther_OneLineNamingBothExit1(string second)
    {
        using var data = new TempDirectory();
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var first = $"http://127.0.0.1:{port}";

        var (exitCode, output) = await RunServeAsync("--data", data.Path, "--urls", $"{first};http://{second}:{port}");

        AssertRefusedInOneLine(exitCode, output, $"cosell serve: cannot listen on http://{second}:{port}: its port is taken by {first}");
        Assert.DoesNotContain("Demo accounts", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DataFolderIsAFile_OneLineExit1()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var (exitCode, output) = await RunServeAsync("--data", file);

        AssertRefusedInOneLine(exitCode, output, $"cosell serve: The data folder '{file}' cannot be used: ");
    }

    [Fact]
    public async Task Serve_DataFolderFromANewerBuild_OneLineExit1()
    {
        using var data = new TempDirectory();
        await (await Cosell.Storage.Sqlite.SqliteStore.OpenAsync(data.Path, CancellationToken.None)).DisposeAsync();
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data.Path, "cosell.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)";
            await insert.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await RunServeAsync("--data", data.Path);

        AssertRefusedInOneLine(exitCode, output, $"cosell serve: The data folder '{data.Path}' cannot be used: ");
        Assert.Contains("schema version 9999, newer than this build knows", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DataFolderOfARunningServer_OneLineNamingTheLockExit1_AndTheFirstServesOn()
    {
        using var data = new TempDirectory();
        var accounts = Path.Combine(data.Path, "accounts.json");
        Infrastructure.Accounts.WriteFile(accounts, Infrastructure.Accounts.Create(1));
        var folder = Path.Combine(data.Path, "data");
        using var first = await ServerProcess.StartAsync(folder, accounts);

        var (exitCode, output) = await RunServeAsync("--data", folder, "--accounts", accounts, "--urls", "http://127.0.0.1:0");

        AssertRefusedInOneLine(exitCode, output, $"cosell serve: The data folder '{folder}' cannot be used: another process");
        Assert.Contains(Path.Combine(folder, "cosell.lock"), output, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo accounts", output, StringComparison.Ordinal);
        Assert.False(first.HasExited, "the refused second server must leave the first one running");
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// A connection string Npgsql cannot read fails at once; a server nobody listens on (port 1 of loopback: every attempt
    /// refused at once) is retried for the store's 30 s, and the server says it waits. Neither shows the password.
    /// </summary>
    [Theory]
    [InlineData("Host=127.0.0.1;Password=hunter2;Colour=blue", false)]
    [InlineData("Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Timeout=2", true)]
    public async Task Serve_StoreItCannotOpen_OneLineWithoutThePasswordExit1(string store, bool retried)
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunServeAsync("--data", data.Path, "--store", store);

        AssertRefusedInOneLine(exitCode, output, "cosell serve: The PostgreSQL store cannot be opened: ");
        Assert.Equal(retried, output.Contains("cosell serve: waiting for the PostgreSQL store", StringComparison.Ordinal));
        if (retried)
        {
            // Where, and why: the server and the socket's own reason.
            Assert.Contains("127.0.0.1:1", output, StringComparison.Ordinal);
            Assert.Contains("(Connection refused)", output, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ClockControlWithAPostgreSqlStore_OneLineExit1BeforeConnecting()
    {
        // Refused before the store is opened: nobody listens on port 1, which would otherwise be retried for 30 s.
        using var data = new TempDirectory();

        var (exitCode, output) = await RunServeAsync("--data", data.Path, "--store", "Host=127.0.0.1;Port=1", "--clock-control");

        AssertRefusedInOneLine(exitCode, output, "cosell serve: --clock-control works with the SQLite store only: ");
        Assert.DoesNotContain("waiting for the PostgreSQL store", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ClockControl_TheBannerSaysHowToMoveTheClock()
    {
        var output = await OutputOfAStartAndStopAsync(null, "--clock-control");

        Assert.Matches(@"Clock control is on: curl -X POST http://127\.0\.0\.1:\d+/_cosell/clock -d '\{""advance"":""P16D""\}'", output);
    }

    [Fact]
    public async Task Serve_AccountWithoutAccessKeys_ListedInTheBannerAsSuch()
    {
        var output = await OutputOfAStartAndStopAsync("""{"accounts":[{"accountId":"111111111111","companyName":"Keyless Partner"}]}""");

        Assert.Matches(@"111111111111 +Keyless Partner +\(no access keys\)", output);
        Assert.Contains("no account has an access key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AccountsFileOfHundreds_TheBannerShowsTwentyAndCountsTheRest()
    {
        var accounts = Enumerable.Range(0, 300).Select(i => new JsonObject
        {
            ["accountId"] = $"4000000{i:D5}", ["companyName"] = $"Partner {i}",
            ["accessKeys"] = new JsonArray(new JsonObject
            {
                ["accessKeyId"] = $"AKIAMANY{(char)('A' + i / 26 / 26 % 26)}{(char)('A' + i / 26 % 26)}{(char)('A' + i % 26)}ACCOUNTSX",
                ["secretAccessKey"] = new string('s', 40),
            }),
        }).ToArray<JsonNode?>();

        var output = await OutputOfAStartAndStopAsync(new JsonObject { ["accounts"] = new JsonArray(accounts) }.ToJsonString());

        Assert.Equal(20, System.Text.RegularExpressions.Regex.Count(output, "AWS_ACCESS_KEY_ID="));
        Assert.Contains("… and 280 more lines like these (300 accounts in all).", output, StringComparison.Ordinal);
        Assert.Contains("Region us-east-1;", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_LogLevelError_NoInformationLinesButTheBanner()
    {
        var output = await OutputOfAStartAndStopAsync(null, "--log-level", "Error");

        Assert.Contains("Cosell is listening on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("no account has an access key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AppsettingsInTheWorkingDirectory_Ignored()
    {
        // The server runs in the data folder's parent (ServerProcess), where a .NET project would keep appsettings.json:
        // read, its endpoint (an address no machine has) would stop the start, its log level would print Trace lines.
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(data.Path, "appsettings.json"),
            """{"Kestrel":{"Endpoints":{"Other":{"Url":"http://192.0.2.1:1"}}},"Logging":{"LogLevel":{"Default":"Trace"}}}""");
        var (health, output) = await HealthCheckOfAStartAndStopAsync(data);

        Assert.Equal(System.Net.HttpStatusCode.OK, health);
        Assert.DoesNotContain("trce:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AspNetContentRootAndEnvironmentVariables_Ignored()
    {
        // Read by the host builder before Cosell drops ASP.NET's environment variables: a content root that does not exist
        // ended the start with a stack trace; Development would answer an escaped exception with an HTML page.
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_CONTENTROOT"] = Path.Combine(data.Path, "no-such-folder"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
        };

        var (health, output) = await HealthCheckOfAStartAndStopAsync(data, environment);

        Assert.Equal(System.Net.HttpStatusCode.OK, health);
        Assert.Contains("Hosting environment: Production", output, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-folder", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A server started in <paramref name="data"/>'s folder (one account) with <paramref name="environment"/>: its health
    /// check's status, and what it printed before it stopped on SIGTERM.
    /// </summary>
    private static async Task<(System.Net.HttpStatusCode Health, string Output)> HealthCheckOfAStartAndStopAsync(
        TempDirectory data, IReadOnlyDictionary<string, string>? environment = null)
    {
        var accounts = Path.Combine(data.Path, "accounts.json");
        Infrastructure.Accounts.WriteFile(accounts, Infrastructure.Accounts.Create(1));
        using var server = await ServerProcess.StartAsync(Path.Combine(data.Path, "data"), accounts, environment: environment);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var health = await http.GetAsync("_cosell/health");
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (health.StatusCode, server.Output);
    }

    /// <summary>
    /// What a server started with <paramref name="flags"/> printed before it stopped on SIGTERM: its accounts file holds
    /// <paramref name="accountsJson"/>, or one account with keys when null.
    /// </summary>
    private static async Task<string> OutputOfAStartAndStopAsync(string? accountsJson, params string[] flags)
    {
        using var data = new TempDirectory();
        var accounts = Path.Combine(data.Path, "accounts.json");
        if (accountsJson is null)
        {
            Infrastructure.Accounts.WriteFile(accounts, Infrastructure.Accounts.Create(1));
        }
        else
        {
            await File.WriteAllTextAsync(accounts, accountsJson);
        }
        using var server = await ServerProcess.StartAsync(Path.Combine(data.Path, "data"), accounts, flags);
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return server.Output;
    }

    /// <summary>Exit code 1 and the expected line, and no stack trace anywhere in the output.</summary>
    private static void AssertRefusedInOneLine(int exitCode, string output, string expected)
    {
        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunServeAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerProcess.ServerDll);
        info.ArgumentList.Add("serve");
        if (!arguments.Contains("--urls"))
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add("http://127.0.0.1:0");
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("COSELL_STORE"); // the store is what the arguments say, whatever the machine sets
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("cosell serve did not exit: it started instead of refusing its arguments.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
