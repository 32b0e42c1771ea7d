using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.SnapshotSteps;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>Snapshots and jobs under races over real HTTP (on PostgreSQL too): no lost revision, no deadlock, no 500.</summary>
public sealed class SnapshotConcurrencyTests(LoggedServer server) : IClassFixture<LoggedServer>
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
    public async Task SandboxApproval_WhileAMemberSnapshotsItsMirror_EveryRequestSucceeds()
    {
        // The approval flips B's and C's mirrored opportunities (B's change runs B's snapshot job, which locks the
        // engagement) and makes AWS a member; C's CreateResourceSnapshot locks C's opportunity, then the engagement. On
        // PostgreSQL the approval once took the engagement before a mirror: a deadlock whenever the two overlapped, some
        // answered 500 once the retries ran out.
        await server.PutRoleAsync(server.B);
        server.Logs.Clear(); // the class's tests run one after another; the lines of the others are theirs
        for (var round = 0; round < 4; round++)
        {
            var (opportunity, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
            var mirrors = new List<string>();
            foreach (var member in new[] { server.B, server.C })
            {
                var invitation = await server.InviteAsync(server.A, engagement, member);
                mirrors.Add((string)(await server.AcceptByTaskAsync(member, invitation))["OpportunityId"]!);
            }
            var approve = server.UpdateOkAsync(server.A, opportunity, b => b["LifeCycle"]!["ReviewStatus"] = "Approved");

            var snapshots = await AllAtOnce(3, _ => server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, mirrors[1]), server.C));
            await approve;

            Assert.All(snapshots, r => Assert.True(r.Status == 200, r.ToString()));
            Assert.Equal("Approved", await server.ReviewStatusAsync(server.B, mirrors[0]));
            Assert.Equal("Approved", await server.ReviewStatusAsync(server.C, mirrors[1]));
        }
        // A deadlock is resolved by running the request again, so the answers alone would not show one.
        Assert.False(server.AnyRequestRunAgain, server.Logs.All);
    }

    [Fact]
    public async Task StartAndDeleteOfOneJob_AtOnce_OneOrderOrTheOther()
    {
        // Start then Delete: the delete finds the job Running (409). Delete then Start: the start finds no job (404).
        // Never both: a start that read the job before the delete committed must not run the deleted job.
        await server.PutRoleAsync(server.A);
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        for (var round = 0; round < 10; round++)
        {
            var job = await server.CreateJobAsync(server.A, engagement, opportunity);

            var responses = await AllAtOnce(2, i => server.CallAsync(i == 0 ? "StartResourceSnapshotJob" : "DeleteResourceSnapshotJob", JobRef(job), server.A));

            var (start, delete) = (responses[0], responses[1]);
            if (start.Status == 200)
            {
                delete.AssertError(409, "ConflictException");
                await server.OkAsync("StopResourceSnapshotJob", JobRef(job), server.A);
                await server.OkAsync("DeleteResourceSnapshotJob", JobRef(job), server.A);
            }
            else
            {
                start.AssertError(404, "ResourceNotFoundException");
                Assert.Equal(200, delete.Status);
            }
            (await server.CallAsync("GetResourceSnapshotJob", JobRef(job), server.A)).AssertError(404, "ResourceNotFoundException");
        }
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
