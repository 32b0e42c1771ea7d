using Cosell.Robustness.Tests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Instances sharing a store may run with different <c>--client-token-hours</c> (one odd instance, a rolling change of
/// the flag): a ClientToken must replay for as long as the instance that answered it first promised, wherever the retry
/// lands. Each judged every record by its own lifetime, so a retry reaching a shorter-lived instance created again.
/// Two servers one after the other on one data folder stand in for the two instances.
/// </summary>
public sealed class ClientTokenLifetimeAcrossInstancesTests
{
    [Fact]
    public async Task TokenAnsweredUnder24Hours_RetriedOnAOneHourInstanceTwoHoursLater_Replayed()
    {
        using var dir = new TempDirectory();
        var (account, accountsPath) = Accounts.WriteOne(dir.Path);
        var data = Path.Combine(dir.Path, "data");
        var body = Bodies.Engagement(token: Guid.NewGuid().ToString());

        string? first;
        using (var longLived = await ServerProcess.StartAsync(data, accountsPath))
        {
            using var client = new ApiClient(longLived.BaseAddress, () => DateTimeOffset.UtcNow);
            var created = await client.CallAsync("CreateEngagement", body, account);
            Assert.Equal(200, created.Status);
            first = (string?)created.Json!["Id"];
            longLived.Terminate();
            Assert.Equal(0, await longLived.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        using var shortLived = await ServerProcess.StartAsync(data, accountsPath, ["--client-token-hours", "1", "--clock-control"]);
        using (var http = new HttpClient { BaseAddress = shortLived.BaseAddress })
        {
            using var moved = await http.PostAsync("/_cosell/clock", new StringContent("""{"advance":"PT2H"}"""));
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        }
        using var retryClient = new ApiClient(shortLived.BaseAddress, () => DateTimeOffset.UtcNow);
        var retried = await retryClient.CallAsync("CreateEngagement", body, account);
        var listed = await retryClient.CallAsync("ListEngagements", """{"Catalog":"Sandbox"}""", account);

        Assert.Equal(200, retried.Status);
        Assert.Equal(first, (string?)retried.Json!["Id"]);
        Assert.Single(listed.Json!["EngagementSummaryList"]!.AsArray());
    }
}
