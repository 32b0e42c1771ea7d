using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    private static ResourceSnapshotJobRecord Job(
        string id, string owner = "A", string engagement = "eng-1", string opportunity = "O1", DateTimeOffset? created = null,
        string status = "Stopped", bool deleted = false, string catalog = Aws, string template = "OpportunitySummaryView") =>
        new()
        {
            Catalog = catalog,
            Id = id,
            OwnerAccountId = owner,
            EngagementId = engagement,
            ResourceType = "Opportunity",
            ResourceId = opportunity,
            TemplateName = template,
            CreatedAt = created ?? T0,
            Status = new ResourceSnapshotJobStatus(status),
            Tags = [new Tag { Key = "team", Value = "Zürich" }],
            Deleted = deleted,
        };

    private static ResourceSnapshotJobQuery Jobs(
        string owner = "A", string? engagement = null, string? status = null, bool ascending = false, SortPosition? after = null, int limit = 100) =>
        new(Aws, owner, engagement, status, ascending, after, limit);

    private Task InsertJobsAsync(params ResourceSnapshotJobRecord[] jobs) => WriteAsync(async s =>
    {
        foreach (var job in jobs)
        {
            await s.InsertSnapshotJobAsync(job, Ct);
        }
    });

    [Fact]
    public async Task SnapshotJob_InsertedThenRead_ByOwnerOnlyWithVersion1()
    {
        var job = Job("job-1") with { StartedAt = T0.AddSeconds(1), LastFailure = "no role", LastSuccessfulExecutionDate = T0.AddSeconds(2), Recovered = true };
        await InsertJobsAsync(job);

        var read = await ReadAsync(s => s.GetSnapshotJobAsync(Aws, "A", "job-1", Ct));

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(job.Key, read.Key);
        Assert.Equal(ResourceSnapshotJobStatus.Stopped, read.Status);
        AssertSameInstant(job.CreatedAt, read.CreatedAt);
        AssertSameInstant(job.StartedAt, read.StartedAt);
        AssertSameInstant(job.LastSuccessfulExecutionDate, read.LastSuccessfulExecutionDate);
        Assert.Equal("no role", read.LastFailure);
        Assert.True(read.Recovered);
        Assert.Equal("Zürich", Assert.Single(read.Tags!).Value);
        Assert.Null(await ReadAsync(s => s.GetSnapshotJobAsync(Aws, "B", "job-1", Ct)));
        Assert.Null(await ReadAsync(s => s.GetSnapshotJobAsync(Sandbox, "A", "job-1", Ct)));
    }

    [Fact]
    public async Task SnapshotJob_Update_VersionCheckedAndBumped()
    {
        await InsertJobsAsync(Job("job-1"));
        var job = (await ReadAsync(s => s.GetSnapshotJobAsync(Aws, "A", "job-1", Ct)))!;

        Assert.True(await WriteAsync(s => s.UpdateSnapshotJobAsync(job with { Status = ResourceSnapshotJobStatus.Running }, 1, Ct)));
        Assert.False(await WriteAsync(s => s.UpdateSnapshotJobAsync(job with { Status = ResourceSnapshotJobStatus.Stopped }, 1, Ct)));

        var read = await ReadAsync(s => s.GetSnapshotJobAsync(Aws, "A", "job-1", Ct));
        Assert.Equal(2, read?.Version);
        Assert.Equal(ResourceSnapshotJobStatus.Running, read?.Status);
    }

    [Fact]
    public async Task SnapshotJob_FindByKey_SkipsDeletedAndOtherOwners()
    {
        await InsertJobsAsync(Job("job-1", deleted: true), Job("job-2", owner: "B"), Job("job-3"));
        var key = Job("x").Key;

        Assert.Equal("job-3", (await ReadAsync(s => s.FindSnapshotJobAsync(key, "A", Ct)))?.Id);
        Assert.Equal("job-2", (await ReadAsync(s => s.FindSnapshotJobAsync(key, "B", Ct)))?.Id);
        Assert.Null(await ReadAsync(s => s.FindSnapshotJobAsync(key with { TemplateName = "AwsOpportunitySummaryFullView" }, "A", Ct)));
        Assert.True((await ReadAsync(s => s.GetSnapshotJobAsync(Aws, "A", "job-1", Ct)))?.Deleted);
    }

    [Fact]
    public async Task SnapshotJob_RunningOnResource_OnlyRunningNotDeletedOfThatResourceAndOwner()
    {
        await InsertJobsAsync(
            Job("job-1", status: "Running"),
            Job("job-2", status: "Running", engagement: "eng-2"),
            Job("job-3"),
            Job("job-4", status: "Running", deleted: true),
            Job("job-5", status: "Running", opportunity: "O2"),
            Job("job-6", status: "Running", owner: "B"));

        var running = await ReadAsync(s => s.ListRunningSnapshotJobsAsync(Aws, "A", "Opportunity", "O1", Ct));

        Assert.Equal(["job-1", "job-2"], running.Select(j => j.Id));
    }

    [Fact]
    public async Task ListSnapshotJobs_OwnersNotDeleted_CreatedDescByDefault_Filters_Pages()
    {
        await InsertJobsAsync(
            Job("job-a", created: At(1)), Job("job-b", created: At(2), status: "Running"), Job("job-c", created: At(3), engagement: "eng-2"),
            Job("job-d", created: At(4), deleted: true), Job("job-e", created: At(5), owner: "B"));

        Assert.Equal(["job-c", "job-b", "job-a"], (await ReadAsync(s => s.ListSnapshotJobsAsync(Jobs(), Ct))).Items.Select(j => j.Id));
        Assert.Equal(["job-a", "job-b", "job-c"], (await ReadAsync(s => s.ListSnapshotJobsAsync(Jobs(ascending: true), Ct))).Items.Select(j => j.Id));
        Assert.Equal(["job-b", "job-a"], (await ReadAsync(s => s.ListSnapshotJobsAsync(Jobs(engagement: "eng-1"), Ct))).Items.Select(j => j.Id));
        Assert.Equal(["job-b"], (await ReadAsync(s => s.ListSnapshotJobsAsync(Jobs(status: "Running"), Ct))).Items.Select(j => j.Id));
        var first = await ReadAsync(s => s.ListSnapshotJobsAsync(Jobs(limit: 2), Ct));
        var second = await ReadAsync(s => s.ListSnapshotJobsAsync(Jobs(after: first.Next, limit: 2), Ct));
        Assert.Equal(["job-c", "job-b"], first.Items.Select(j => j.Id));
        Assert.Equal(["job-a"], second.Items.Select(j => j.Id));
        Assert.Null(second.Next);
    }
}
