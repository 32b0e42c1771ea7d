using System.Net;
using Cosell.MultiInstance.Tests.Infrastructure;
using Xunit;

namespace Cosell.MultiInstance.Tests.Tests;

/// <summary>The health check asks the store: an instance whose PostgreSQL cannot be reached says so (its own database).</summary>
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
}
