using System.Text.RegularExpressions;
using Cosell.MultiInstance.Tests.Infrastructure;
using Xunit;

namespace Cosell.MultiInstance.Tests.Tests;

/// <summary>Instances that start together on an empty database agree on the schema and on the demo accounts.</summary>
public sealed partial class StartupTests
{
    [Fact]
    public async Task TwoInstancesWithoutAnAccountsFile_StartingTogetherOnAnEmptyDatabase_ShareOneSetOfDemoAccounts()
    {
        var (name, connectionString) = await Postgres.CreateDatabaseAsync();
        var processes = new List<CosellProcess>();
        try
        {
            processes.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => CosellProcess.StartAsync("--store", connectionString))));
            var keys = new List<string>();
            foreach (var process in processes)
            {
                keys.Add(await DemoKeysAsync(process));
                using var client = new ApiClient(process.BaseAddress);
                Assert.Equal(System.Net.HttpStatusCode.OK, await client.HealthAsync());
                Assert.Contains("store: postgresql", process.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("Password", process.Output, StringComparison.OrdinalIgnoreCase);
            }
            Assert.Equal(keys[0], keys[1]);
            Assert.Equal(3, await Postgres.CountAsync(connectionString, "SELECT count(*) FROM accounts"));
            Assert.Equal(1, await Postgres.CountAsync(connectionString, "SELECT count(*) FROM schema_migrations WHERE version = 1"));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
            await Postgres.DropDatabaseAsync(name);
        }
    }

    /// <summary>The three demo key lines of the start-up banner (printed right after the listening line).</summary>
    private static async Task<string> DemoKeysAsync(CosellProcess process)
    {
        for (var i = 0; i < 100; i++)
        {
            var keys = KeyLine().Matches(process.Output).Select(m => m.Value).ToList();
            if (keys.Count == 3)
            {
                return string.Join("\n", keys);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("No demo accounts in the banner:\n" + process.Output);
    }

    [GeneratedRegex(@"AWS_ACCESS_KEY_ID=\S+ AWS_SECRET_ACCESS_KEY=\S+")]
    private static partial Regex KeyLine();
}
