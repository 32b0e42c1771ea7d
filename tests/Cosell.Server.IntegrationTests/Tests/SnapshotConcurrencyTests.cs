using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.SnapshotSteps;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>Snapshots and jobs under races over real HTTP (on PostgreSQL too): no lost revision, no deadlock, no 500.</summary>
public sealed class SnapshotConcurrencyTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static Task<ApiResponse[]> AllAtOnce(int count, Func<int, Task<ApiResponse>> call) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => call(i))));

    [Fact]
    public async Task CreateResourceSnapshot_EightAtOnce_RevisionsOneToEight()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        var responses = await AllAtOnce(8, _ => server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity), server.A));

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        Assert.Equal(Enumerable.Range(1, 8), responses.Select(r => (int)r.Json!["Revision"]!).Order());
    }

    [Fact]
    public async Task CreateResourceSnapshotJob_FourAtOnce_OneJobRestConflict()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        var responses = await AllAtOnce(4, _ => server.CallAsync("CreateResourceSnapshotJob", Job(engagement, opportunity), server.A));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r => r.AssertError(409, "ConflictException"));
    }

    [Fact]
    public async Task RunningJob_UpdatesStartsAndStopsTogether_NoServerError()
    {
        await server.PutRoleAsync(server.C);
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.C, server.D);
        var job = await server.CreateJobAsync(server.C, engagement, opportunity);
        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), server.C);

        var responses = await AllAtOnce(12, i => (i % 3) switch
        {
            0 => server.UpdateAsync(server.C, opportunity, b => b["LifeCycle"]!["NextSteps"] = $"Step {i}"),
            1 => server.CallAsync("StopResourceSnapshotJob", JobRef(job), server.C),
            _ => server.CallAsync("StartResourceSnapshotJob", JobRef(job), server.C),
        });

        // An update may lose the race for LastModifiedDate (409, the documented optimistic lock); nothing else fails.
        Assert.All(responses, r => Assert.True(r.Status == 200 || r.ErrorType == "ConflictException", r.ToString()));
        Assert.All(responses.Where((_, i) => i % 3 != 0), r => Assert.Equal(200, r.Status));
        var revisions = (await server.SnapshotSummariesAsync(server.D, engagement)).Select(s => (int)s["Revision"]!).ToList();
        Assert.Equal(Enumerable.Range(1, revisions.Count), revisions);
    }
}
