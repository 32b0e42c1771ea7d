using System.Net;
using System.Text.Json.Nodes;
using Cosell.MultiInstance.Tests.Infrastructure;
using Xunit;

namespace Cosell.MultiInstance.Tests.Tests;

/// <summary>
/// An instance whose PostgreSQL cannot be reached (its own database) says so: the health check answers 503, requests a
/// retryable 500, and the log one line each; it serves again once the database is back.
/// </summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task Health_PostgresUnreachable_503ThenBackTo200()
    {
        var (name, connectionString) = await Postgres.CreateDatabaseAsync();
        var process = await CosellProcess.StartAsync("--store", connectionString);
        try
        {
            using var client = new ApiClient(process.BaseAddress);
            var before = await client.HealthAsync();

            await Postgres.SetReachableAsync(name, reachable: false);
            var during = await client.HealthAsync();
            await Postgres.SetReachableAsync(name, reachable: true);
            // Connections the outage broke may still sit in the pool, each failing once when handed out: the health
            // check comes back once they are gone (a bound, not a measurement).
            var after = await client.HealthAsync();
            for (var i = 0; i < 150 && after != HttpStatusCode.OK; i++)
            {
                await Task.Delay(200);
                after = await client.HealthAsync();
            }

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (before, during, after));
        }
        finally
        {
            await Postgres.SetReachableAsync(name, reachable: true);
            await process.DisposeAsync();
            await Postgres.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Request_PostgresUnreachable_RetryableErrorAndOneLogLine_ThenServedAgain()
    {
        var (name, connectionString) = await Postgres.CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("cosell-outage-").FullName;
        var caller = new Account("800000000099", "Outage Partner", "AKIAOUTAGETESTKEYZZZ", "outageTestSecretKey/0123456789+abcdefghi");
        var accounts = Path.Combine(directory, "accounts.json");
        await AccountsFile.WriteAsync(accounts, [caller]);
        var process = await CosellProcess.StartAsync("--store", connectionString, "--accounts", accounts);
        try
        {
            using var client = new ApiClient(process.BaseAddress);
            var list = new JsonObject { ["Catalog"] = "Sandbox" };
            Assert.Equal(200, (await client.CallAsync("ListEngagements", list, caller)).Status);

            await Postgres.SetReachableAsync(name, reachable: false);
            var during = await client.CallAsync("ListEngagements", list, caller);
            await Postgres.SetReachableAsync(name, reachable: true);
            var after = await client.CallAsync("ListEngagements", list, caller);
            for (var i = 0; i < 150 && after.Status != 200; i++)
            {
                await Task.Delay(200);
                after = await client.CallAsync("ListEngagements", list, caller);
            }

            Assert.Equal((500, "InternalServerException"), (during.Status, during.ErrorType));
            Assert.Equal(200, after.Status);
            var output = process.Output;
            Assert.Contains("ListEngagements failed: the postgresql store is unavailable (", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at Npgsql", output, StringComparison.Ordinal); // no stack trace
        }
        finally
        {
            await Postgres.SetReachableAsync(name, reachable: true);
            await process.DisposeAsync();
            await Postgres.DropDatabaseAsync(name);
            Directory.Delete(directory, recursive: true);
        }
    }
}
